package io.cfdeploy.present;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfdeploy.message.ByteSizes;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code manifest_diff}'s answer (CAPI's SpaceDiffManifest): JSON-patch-like entries {@code op}, {@code path},
 * {@code was}, {@code value} for each key of the submitted manifest whose value differs from the app's current
 * manifest ({@link AppManifestPresenter}). Application-level scale and health keys are compared with the web
 * process; processes are matched by type; sizes are compared by value ({@code 1G} = {@code 1024M}). Keys the current
 * manifest never shows ({@code path}, {@code default-route}…) are not reported.
 */
public final class ManifestDiffPresenter {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> PROCESS_KEYS = Set.of("instances", "memory", "disk_quota",
            "log_rate_limit_per_second", "command", "health_check_type", "health_check_http_endpoint", "timeout",
            "health_check_invocation_timeout", "health_check_interval", "readiness_health_check_type",
            "readiness_health_check_http_endpoint", "readiness_health_check_invocation_timeout",
            "readiness_health_check_interval");
    private static final Set<String> APP_KEYS = Set.of("buildpacks", "stack", "env", "routes", "metadata", "docker");
    private static final Set<String> SIZES = Set.of("memory", "disk_quota", "log_rate_limit_per_second");

    private ManifestDiffPresenter() {
    }

    /**
     * @param applications the submitted manifest's applications
     * @param current      per application, its app's current manifest, or null for an app that does not exist yet
     */
    public static ObjectNode present(JsonNode applications, List<ObjectNode> current) {
        ObjectNode body = NODES.objectNode();
        ArrayNode diff = body.putArray("diff");
        for (int index = 0; index < applications.size(); index++) {
            JsonNode submitted = applications.get(index);
            ObjectNode now = current.get(index) == null ? NODES.objectNode() : normalized(current.get(index));
            ObjectNode web = processOf(now, "web");
            String base = "/applications/" + index;
            for (Iterator<Map.Entry<String, JsonNode>> fields = submitted.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                String key = field.getKey().replace('-', '_');
                String path = base + "/" + field.getKey();
                if (PROCESS_KEYS.contains(key)) {
                    compare(diff, path, key, web == null ? null : web.get(key), field.getValue());
                } else if (APP_KEYS.contains(key)) {
                    compare(diff, path, key, now.get(key), field.getValue());
                } else if (key.equals("processes") && field.getValue().isArray()) {
                    processes(diff, path, now, field.getValue());
                }
            }
        }
        return body;
    }

    private static void processes(ArrayNode diff, String base, ObjectNode now, JsonNode submitted) {
        for (int index = 0; index < submitted.size(); index++) {
            JsonNode process = submitted.get(index);
            JsonNode type = process.get("type");
            ObjectNode existing = type == null ? null : processOf(now, type.asText());
            if (existing == null) {
                add(diff, base + "/" + index, process);
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> fields = process.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                String key = field.getKey().replace('-', '_');
                if (PROCESS_KEYS.contains(key)) {
                    compare(diff, base + "/" + index + "/" + field.getKey(), key, existing.get(key),
                            field.getValue());
                }
            }
        }
    }

    private static void compare(ArrayNode diff, String path, String key, JsonNode was, JsonNode value) {
        if (was == null || was.isNull()) {
            if (value != null && !value.isNull()) {
                add(diff, path, value);
            }
            return;
        }
        if (!same(key, was, value)) {
            diff.addObject().put("op", "replace").put("path", path).<ObjectNode>set("was", was).set("value", value);
        }
    }

    private static void add(ArrayNode diff, String path, JsonNode value) {
        diff.addObject().put("op", "add").put("path", path).set("value", value);
    }

    private static boolean same(String key, JsonNode was, JsonNode value) {
        if (was.equals(value)) {
            return true;
        }
        if (was.isValueNode() && value.isValueNode()) {
            if (SIZES.contains(key)) {
                ByteSizes.Size before = ByteSizes.parse(was.asText());
                ByteSizes.Size after = ByteSizes.parse(value.asText());
                if (before.error() == null && after.error() == null) {
                    return before.bytes().compareTo(after.bytes()) == 0;
                }
            }
            return was.asText().equals(value.asText());
        }
        return false;
    }

    private static ObjectNode processOf(ObjectNode app, String type) {
        JsonNode processes = app.get("processes");
        if (processes == null) {
            return null;
        }
        for (JsonNode process : processes) {
            if (type.equals(process.path("type").asText())) {
                return (ObjectNode) process;
            }
        }
        return null;
    }

    /** The current manifest with its process keys underscored, as submitted keys are compared. */
    private static ObjectNode normalized(ObjectNode app) {
        ObjectNode copy = app.deepCopy();
        JsonNode processes = copy.get("processes");
        if (processes != null) {
            ArrayNode list = NODES.arrayNode();
            for (JsonNode process : processes) {
                ObjectNode underscored = NODES.objectNode();
                process.fields().forEachRemaining(field -> underscored.set(field.getKey().replace('-', '_'),
                        field.getValue()));
                list.add(underscored);
            }
            copy.set("processes", list);
        }
        return copy;
    }
}

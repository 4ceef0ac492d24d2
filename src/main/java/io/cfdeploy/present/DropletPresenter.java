package io.cfdeploy.present;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfdeploy.model.DropletEntity;
import java.util.Map;

/**
 * The droplet resource in CAPI's key order (DropletPresenter). {@code execution_metadata} and {@code
 * process_types} are secrets: lists always hide them, single reads hide them from callers who may not read
 * secrets.
 */
public final class DropletPresenter {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    static final String HIDDEN = "[PRIVATE DATA HIDDEN]";
    static final String HIDDEN_IN_LISTS = "[PRIVATE DATA HIDDEN IN LISTS]";

    /** How much of the droplet's secrets to show. */
    public enum Secrets {
        SHOWN, HIDDEN, HIDDEN_IN_LISTS
    }

    private DropletPresenter() {
    }

    public static ObjectNode present(DropletEntity droplet, Urls urls, Secrets secrets) {
        ObjectNode json = Json.resource(droplet.guid, droplet.createdAt, droplet.updatedAt);
        json.put("state", droplet.state);
        json.put("error", droplet.error);
        ObjectNode lifecycle = json.putObject("lifecycle");
        lifecycle.put("type", droplet.lifecycleType);
        lifecycle.putObject("data");
        json.set("checksum", checksum(droplet));
        boolean buildpack = "buildpack".equals(droplet.lifecycleType);
        if (buildpack) {
            ArrayNode buildpacks = json.putArray("buildpacks");
            for (Map<String, Object> entry : droplet.buildpacks) {
                buildpacks.add(MAPPER.<ObjectNode>valueToTree(entry));
            }
        } else {
            json.putNull("buildpacks");
        }
        json.put("stack", droplet.stack);
        json.put("image", droplet.image);
        switch (secrets) {
            case SHOWN -> {
                json.put("execution_metadata", droplet.executionMetadata);
                ObjectNode types = json.putObject("process_types");
                droplet.processTypes.forEach(types::put);
            }
            case HIDDEN -> {
                json.put("execution_metadata", HIDDEN);
                json.putObject("process_types").put("redacted_message", HIDDEN);
            }
            case HIDDEN_IN_LISTS -> {
                json.put("execution_metadata", HIDDEN_IN_LISTS);
                json.putObject("process_types").put("redacted_message", HIDDEN_IN_LISTS);
            }
            default -> throw new IllegalStateException(secrets.toString());
        }
        json.putObject("relationships").set("app", Json.toOne(droplet.app.guid));
        json.set("metadata", Json.metadata(droplet.labels, droplet.annotations));
        String self = urls.of("/v3/droplets/" + droplet.guid);
        ObjectNode links = json.putObject("links");
        links.set("self", Json.link(self));
        if (droplet.packageGuid != null) {
            links.set("package", Json.link(urls.of("/v3/packages/" + droplet.packageGuid)));
        }
        links.set("app", Json.link(urls.of("/v3/apps/" + droplet.app.guid)));
        links.set("assign_current_droplet", Json.link(urls.of("/v3/apps/" + droplet.app.guid
                + "/relationships/current_droplet")).put("method", "PATCH"));
        if (DropletEntity.AWAITING_UPLOAD.equals(droplet.state)) {
            links.set("upload", Json.postLink(self + "/upload"));
        }
        if (droplet.isStaged() && buildpack) {
            links.set("download", Json.link(self + "/download"));
        }
        return json;
    }

    /** sha256 when known, else the sha1 droplet hash, else null. */
    private static ObjectNode checksum(DropletEntity droplet) {
        if (droplet.checksumValue != null) {
            return Json.object().put("type", droplet.checksumType).put("value", droplet.checksumValue);
        }
        if (droplet.sha1 != null) {
            return Json.object().put("type", "sha1").put("value", droplet.sha1);
        }
        return null;
    }
}

package io.cfdeploy.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The {@code lifecycle} of an app create or update body (CAPI's LifecycleValidator with
 * BuildpackLifecycleDataMessage / EmptyLifecycleDataMessage). The {@code cnb} lifecycle is not offered.
 *
 * @param type       {@code buildpack}, {@code docker}, or null when the body names no type
 * @param buildpacks the requested buildpacks (buildpack data only), or null when not given
 * @param stack      the requested stack (buildpack data only), or null when not given
 */
public record LifecycleMessage(String type, List<String> buildpacks, String stack) {
    public static final String BUILDPACK = "buildpack";
    public static final String DOCKER = "docker";
    private static final List<String> TYPES = List.of(BUILDPACK, DOCKER);
    private static final Set<String> BUILDPACK_KEYS = Set.of("buildpacks", "stack");

    /**
     * Validates {@code body.lifecycle} when the key is present; returns null when it is absent.
     * Messages in CAPI's order: the lifecycle validator's ("Lifecycle type is not included in the list: …",
     * "Lifecycle &lt;data message&gt;"), then "Lifecycle type must be a string", then "Lifecycle data must be an
     * object".
     */
    public static LifecycleMessage parse(ObjectNode body, ValidationErrors errors) {
        if (!body.has("lifecycle")) {
            return null;
        }
        JsonNode lifecycle = body.get("lifecycle");
        JsonNode typeNode = lifecycle.isObject() ? lifecycle.get("type") : null;
        JsonNode data = lifecycle.isObject() ? lifecycle.get("data") : null;
        boolean typeGiven = typeNode != null && !typeNode.isNull();
        String type = typeGiven && typeNode.isTextual() && TYPES.contains(typeNode.textValue())
                ? typeNode.textValue() : null;

        List<String> buildpacks = null;
        String stack = null;
        if (typeGiven && type == null) {
            errors.add("Lifecycle type is not included in the list: " + String.join(", ", TYPES));
        }
        String dataType = type != null ? type : typeGiven ? null : BUILDPACK;
        if (dataType != null && data != null && data.isObject()) {
            ObjectNode fields = (ObjectNode) data;
            if (DOCKER.equals(dataType)) {
                List<String> unknown = BodyMessage.unknownKeys(fields, Set.of());
                if (!unknown.isEmpty()) {
                    errors.add("Lifecycle Unknown field(s): '" + String.join("', '", unknown) + "'");
                }
            } else {
                List<String> unknown = BodyMessage.unknownKeys(fields, BUILDPACK_KEYS);
                if (!unknown.isEmpty()) {
                    errors.add("Lifecycle Unknown field(s): '" + String.join("', '", unknown) + "'");
                }
                stack = stack(fields.get("stack"), errors);
                buildpacks = buildpacks(fields.get("buildpacks"), errors);
            }
        }
        if (typeGiven && !typeNode.isTextual()) {
            errors.add("Lifecycle type must be a string");
        }
        if (data == null || !data.isObject()) {
            errors.add("Lifecycle data must be an object");
        }
        return new LifecycleMessage(typeGiven ? type : null, buildpacks, stack);
    }

    private static String stack(JsonNode node, ValidationErrors errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            errors.add("Lifecycle Stack must be a string");
            return null;
        }
        String stack = node.textValue();
        if (stack.isEmpty() || stack.length() > 4096) {
            errors.add("Lifecycle Stack must be between 1 and 4096 characters");
            return null;
        }
        return stack;
    }

    private static List<String> buildpacks(JsonNode node, ValidationErrors errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            errors.add("Lifecycle Buildpacks must be an array");
            return null;
        }
        List<String> names = new ArrayList<>();
        for (JsonNode entry : node) {
            if (!entry.isTextual()) {
                errors.add("Lifecycle Buildpacks can only contain strings");
                return null;
            }
            names.add(entry.textValue());
        }
        if (names.stream().anyMatch(name -> name.isEmpty() || name.length() > 4096)) {
            errors.add("Lifecycle Buildpacks entries must be between 1 and 4096 characters");
            return null;
        }
        return List.copyOf(names);
    }
}

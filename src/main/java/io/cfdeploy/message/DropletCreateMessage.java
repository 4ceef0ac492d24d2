package io.cfdeploy.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Body of POST /v3/droplets (CAPI's DropletCreateMessage, a plain message: no {@code metadata}): the app
 * relationship and optional {@code process_types} (default {@code {"web": ""}}).
 *
 * @param processTypes the process types as sent, or null when absent
 */
public record DropletCreateMessage(String appGuid, Map<String, String> processTypes) {
    private static final Set<String> KEYS = Set.of("relationships", "process_types");
    private static final Set<String> RELATIONSHIPS = Set.of("app");

    public static DropletCreateMessage parse(JsonNode raw) {
        ObjectNode body = BodyMessage.object(raw);
        ValidationErrors errors = new ValidationErrors();
        BodyMessage.rejectUnknownFields(body, KEYS, errors);
        ObjectNode relationships = BodyMessage.relationships(body, RELATIONSHIPS, errors);
        String appGuid = relationships == null ? null : BodyMessage.toOneGuid(relationships, "app", errors);
        Map<String, String> processTypes = processTypes(body.get("process_types"), errors);
        errors.throwIfAnyUnprocessable();
        return new DropletCreateMessage(appGuid, processTypes);
    }

    private static Map<String, String> processTypes(JsonNode node, ValidationErrors errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            errors.add("Process types must be an object");
            return null;
        }
        Map<String, String> types = new LinkedHashMap<>();
        boolean emptyKey = false;
        boolean nonString = false;
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            emptyKey |= field.getKey().isEmpty();
            nonString |= !field.getValue().isTextual();
            types.put(field.getKey(), field.getValue().isTextual() ? field.getValue().textValue() : null);
        }
        if (emptyKey) {
            errors.add("Process types key must not be empty");
        }
        if (nonString) {
            errors.add("Process types value must be a string");
        }
        return types;
    }
}

package io.cfdeploy.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * Body of POST and PATCH /v3/apps (CAPI's AppCreateMessage / AppUpdateMessage). The message checks shapes and
 * types; the rules CAPI enforces in its model (name present and printable, unique per space, environment variable
 * names) are checked by the action after the space and permission checks, in CAPI's order.
 *
 * @param name                 the name as sent, or null when absent
 * @param spaceGuid            the space (create only)
 * @param lifecycle            the lifecycle as sent, or null when absent
 * @param environmentVariables the {@code environment_variables} object as sent (create only), or null
 * @param request              the body as sent, for the audit event
 */
public record AppMessage(String name, String spaceGuid, LifecycleMessage lifecycle, ObjectNode environmentVariables,
        MetadataMessage metadata, ObjectNode request) {
    private static final Set<String> CREATE_KEYS = Set.of("name", "environment_variables", "relationships",
            "lifecycle", "metadata");
    private static final Set<String> UPDATE_KEYS = Set.of("name", "lifecycle", "metadata");
    private static final Set<String> RELATIONSHIPS = Set.of("space");

    public static AppMessage create(JsonNode raw) {
        ObjectNode body = BodyMessage.object(raw);
        ValidationErrors errors = new ValidationErrors();
        MetadataMessage metadata = MetadataMessage.parse(body.get("metadata"), errors);
        BodyMessage.rejectUnknownFields(body, CREATE_KEYS, errors);
        ObjectNode relationships = BodyMessage.relationships(body, RELATIONSHIPS, errors);
        String spaceGuid = relationships == null ? null : BodyMessage.toOneGuid(relationships, "space", errors);
        LifecycleMessage lifecycle = LifecycleMessage.parse(body, errors);
        String name = name(body, true, errors);
        JsonNode variables = body.get("environment_variables");
        if (variables != null && !variables.isNull() && !variables.isObject()) {
            errors.add("Environment variables must be an object");
        }
        errors.throwIfAnyUnprocessable();
        return new AppMessage(name, spaceGuid, lifecycle,
                variables != null && variables.isObject() ? (ObjectNode) variables : null, metadata, body);
    }

    public static AppMessage update(JsonNode raw) {
        ObjectNode body = BodyMessage.object(raw);
        ValidationErrors errors = new ValidationErrors();
        MetadataMessage metadata = MetadataMessage.parse(body.get("metadata"), errors);
        BodyMessage.rejectUnknownFields(body, UPDATE_KEYS, errors);
        LifecycleMessage lifecycle = LifecycleMessage.parse(body, errors);
        String name = name(body, false, errors);
        errors.throwIfAnyUnprocessable();
        return new AppMessage(name, null, lifecycle, null, metadata, body);
    }

    /** {@code name: string: true} (create: null is not a string either); longer than the column → 422 too. */
    private static String name(ObjectNode body, boolean create, ValidationErrors errors) {
        JsonNode value = body.get("name");
        if (value == null || value.isNull()) {
            if (create) {
                errors.add("Name must be a string");
            }
            return null;
        }
        if (!value.isTextual()) {
            errors.add("Name must be a string");
            return null;
        }
        if (value.textValue().length() > 255) {
            errors.add("Name is too long (maximum is 255 characters)");
        }
        return value.textValue();
    }

    /**
     * The model's name rules (Sequel's texts): stripped, present, printable. Returns the stripped name, adding
     * "name is not present" / "name is invalid".
     */
    public static String modelName(String name, ValidationErrors errors) {
        String stripped = name == null ? "" : name.strip();
        if (stripped.isEmpty()) {
            errors.add("name is not present");
        }
        if (stripped.isEmpty() || Names.hasEscapedCharacters(stripped)) {
            errors.add("name is invalid");
        }
        return stripped;
    }
}

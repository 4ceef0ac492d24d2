package io.cfdeploy.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * Body of POST /v3/users (CAPI's UserCreateMessage): a UAA user guid, or a username with a non-uaa origin.
 * Exactly one of {@code guid} and ({@code username}, {@code origin}) is set.
 */
public record UserCreateMessage(String guid, String username, String origin, MetadataMessage metadata,
        ObjectNode request) {
    private static final Set<String> KEYS = Set.of("guid", "origin", "username", "metadata");

    public boolean byGuid() {
        return guid != null;
    }

    public static UserCreateMessage parse(JsonNode raw) {
        ObjectNode body = BodyMessage.object(raw);
        ValidationErrors errors = new ValidationErrors();
        MetadataMessage metadata = MetadataMessage.parse(body.get("metadata"), errors);
        BodyMessage.rejectUnknownFields(body, KEYS, errors);
        JsonNode rawGuid = body.get("guid");
        if (rawGuid != null && !rawGuid.isNull()) {
            if (!rawGuid.isTextual()) {
                errors.add("Guid must be a string");
            }
            if (!rawGuid.isTextual() || rawGuid.textValue().isEmpty() || rawGuid.textValue().length() > 200) {
                errors.add("Guid must be between 1 and 200 characters");
            }
        }
        for (String key : new String[] {"origin", "username"}) {
            JsonNode value = body.get(key);
            if (value != null && !value.isNull() && !value.isTextual()) {
                errors.add(BodyMessage.humanize(key) + " must be a string");
            }
        }
        JsonNode guid = given(body, "guid");
        JsonNode origin = given(body, "origin");
        JsonNode username = given(body, "username");
        if (guid != null) {
            if (username != null) {
                errors.add("Username cannot be provided with 'guid'");
            }
            if (origin != null) {
                errors.add("Origin cannot be provided with 'guid'");
            }
        } else if (username != null || origin != null) {
            if (username == null) {
                errors.add("Origin 'username' is missing");
            }
            if (origin == null) {
                errors.add("Username 'origin' is missing");
            }
            if (origin != null && origin.isTextual() && "uaa".equals(origin.textValue())) {
                errors.add("Origin cannot be 'uaa' when creating a user by username");
            }
        } else {
            errors.add("Guid either 'guid' or 'username' and 'origin' must be provided");
        }
        errors.throwIfAnyUnprocessable();
        return new UserCreateMessage(guid == null ? null : guid.textValue(),
                username == null ? null : username.textValue(), origin == null ? null : origin.textValue(), metadata,
                body);
    }

    /** A key counts as given as Ruby counts it: present, not null and not {@code false}. */
    private static JsonNode given(ObjectNode body, String key) {
        JsonNode value = body.get(key);
        if (value == null || value.isNull() || (value.isBoolean() && !value.booleanValue())) {
            return null;
        }
        return value;
    }
}

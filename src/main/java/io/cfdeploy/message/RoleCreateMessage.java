package io.cfdeploy.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Body of POST /v3/roles (CAPI's RoleCreateMessage): a role type, the user (by guid, or by username and optional
 * origin) and exactly one of organization or space, matching the type.
 *
 * @param userGuid   the user's guid, or null when identified by username
 * @param username   the user name, or null when identified by guid
 * @param userOrigin the origin given with the user name, or null
 * @param request    the body as sent, for the audit event
 */
public record RoleCreateMessage(String type, String userGuid, String username, String userOrigin,
        String organizationGuid, String spaceGuid, ObjectNode request) {
    private static final Set<String> KEYS = Set.of("type", "relationships");
    private static final Set<String> RELATIONSHIPS = Set.of("space", "user", "organization");
    /** CAPI's RoleTypes, in its order. */
    public static final List<String> ORGANIZATION_ROLES = List.of("organization_auditor", "organization_manager",
            "organization_billing_manager", "organization_user");
    public static final List<String> SPACE_ROLES = List.of("space_auditor", "space_manager", "space_developer",
            "space_supporter");
    private static final List<String> ALL_ROLES = concat(ORGANIZATION_ROLES, SPACE_ROLES);
    private static final String ALLOWED_TYPES = ALL_ROLES.stream().map(name -> "\"" + name + "\"")
            .collect(Collectors.joining(", ", "[", "]"));

    public boolean forSpace() {
        return spaceGuid != null;
    }

    public static RoleCreateMessage parse(JsonNode raw) {
        ObjectNode body = BodyMessage.object(raw);
        ValidationErrors errors = new ValidationErrors();
        BodyMessage.rejectUnknownFields(body, KEYS, errors);
        JsonNode typeNode = body.get("type");
        String typeText = typeNode == null || typeNode.isNull() ? ""
                : typeNode.isTextual() ? typeNode.textValue() : typeNode.toString();
        String type = typeNode != null && typeNode.isTextual() && ALL_ROLES.contains(typeText) ? typeText : null;

        Relationships relationships = new Relationships(typeText, type);
        ObjectNode node = BodyMessage.relationships(body, RELATIONSHIPS, errors);
        if (node != null) {
            relationships.validate(node, !BodyMessage.unknownKeys(node, RELATIONSHIPS).isEmpty(), errors);
        }
        if (type == null) {
            errors.add("Type must be one of the allowed types " + ALLOWED_TYPES);
        }
        errors.throwIfAnyUnprocessable();
        return new RoleCreateMessage(type, relationships.userGuid, relationships.username, relationships.userOrigin,
                relationships.organizationGuid, relationships.spaceGuid, body);
    }

    /** CAPI's nested RoleCreateMessage::Relationships; every message is prefixed "Relationships ". */
    private static final class Relationships {
        private final String typeText;
        private final String type;
        private String userGuid;
        private String username;
        private String userOrigin;
        private String organizationGuid;
        private String spaceGuid;

        Relationships(String typeText, String type) {
            this.typeText = typeText;
            this.type = type;
        }

        void validate(ObjectNode relationships, boolean unknownKeys, ValidationErrors errors) {
            boolean userErrors = false;
            boolean targetErrors = unknownKeys; // NoAdditionalKeysValidator reports on :base

            JsonNode user = relationships.get("user");
            if (blank(user)) {
                errors.add("Relationships User can't be blank");
                userErrors = true;
            }
            JsonNode userData = data(user);
            boolean hasGuid = userData != null && userData.isObject() && userData.has("guid");
            boolean hasUsername = userData != null && userData.isObject() && userData.has("username");
            boolean hasOrigin = userData != null && userData.isObject() && userData.has("origin");
            if (hasGuid && hasUsername) {
                errors.add("Relationships Username cannot be specified when identifying user by guid");
                userErrors = true;
            }
            if (hasGuid && hasOrigin) {
                errors.add("Relationships User origin cannot be specified when identifying user by guid");
                userErrors = true;
            }
            if (!hasUsername && hasOrigin) {
                errors.add("Relationships User origin cannot be specified without specifying the username");
                userErrors = true;
            }
            if (!hasUsername && !hasGuid) {
                errors.add("Relationships User must have a username or guid specified");
                userErrors = true;
            }

            JsonNode spaceData = data(relationships.get("space"));
            JsonNode organizationData = data(relationships.get("organization"));
            if (spaceData == null && organizationData == null) {
                errors.add("Relationships must specify either a space or an organization.");
                targetErrors = true;
            }
            if (spaceData != null && type != null && ORGANIZATION_ROLES.contains(type)) {
                errors.add("Relationships Space cannot be provided with the organization role type: '" + typeText
                        + "'.");
                targetErrors = true;
            }
            if (organizationData != null && type != null && SPACE_ROLES.contains(type)) {
                errors.add("Relationships Organization cannot be provided with the space role type: '" + typeText
                        + "'.");
                targetErrors = true;
            }
            if (spaceData != null && organizationData != null) {
                errors.add("Relationships cannot specify both an organization and a space.");
                targetErrors = true;
            }
            if (!targetErrors && absent(relationships.get("organization"))) {
                spaceGuid = BodyMessage.toOneGuid(relationships, "space", errors);
            }
            if (!targetErrors && absent(relationships.get("space"))) {
                organizationGuid = BodyMessage.toOneGuid(relationships, "organization", errors);
            }

            if (!userErrors && hasGuid) {
                userGuid = BodyMessage.toOneGuid(relationships, "user", errors);
            }
            if (!userErrors && hasUsername) {
                JsonNode value = userData.get("username");
                if (value.isTextual()) {
                    username = value.textValue();
                } else {
                    errors.add("Relationships Username must be a string");
                }
            }
            if (!userErrors && hasOrigin) {
                JsonNode value = userData.get("origin");
                if (value.isTextual()) {
                    userOrigin = value.textValue();
                } else if (!value.isNull()) {
                    errors.add("Relationships User origin must be a string");
                }
            }
        }

        /** {@code relationship.data} when the relationship is an object, else null (HashUtils.dig). */
        private static JsonNode data(JsonNode relationship) {
            if (relationship == null || !relationship.isObject()) {
                return null;
            }
            JsonNode data = relationship.get("data");
            return data == null || data.isNull() ? null : data;
        }

        private static boolean absent(JsonNode value) {
            return value == null || value.isNull();
        }

        /** Rails' blank?: null, false, an empty or whitespace string, an empty object or array. */
        private static boolean blank(JsonNode value) {
            if (value == null || value.isNull() || (value.isBoolean() && !value.booleanValue())) {
                return true;
            }
            if (value.isTextual()) {
                return value.textValue().isBlank();
            }
            return (value.isObject() || value.isArray()) && value.isEmpty();
        }
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return List.copyOf(all);
    }
}

package io.cfdeploy.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/** Body of POST and PATCH /v3/organizations (CAPI's OrganizationCreateMessage / OrganizationUpdateMessage). */
public record OrganizationMessage(String name, Boolean suspended, MetadataMessage metadata, ObjectNode request) {
    private static final Set<String> KEYS = Set.of("name", "suspended", "metadata");

    public static OrganizationMessage create(JsonNode body) {
        return parse(body, true);
    }

    public static OrganizationMessage update(JsonNode body) {
        return parse(body, false);
    }

    private static OrganizationMessage parse(JsonNode raw, boolean create) {
        ObjectNode body = BodyMessage.object(raw);
        ValidationErrors errors = new ValidationErrors();
        MetadataMessage metadata = MetadataMessage.parse(body.get("metadata"), errors);
        BodyMessage.rejectUnknownFields(body, KEYS, errors);
        String name = BodyMessage.name(body, "name", false, errors);
        if (name != null && Names.hasEscapedCharacters(name)) {
            errors.add("Name must not contain escaped characters");
        }
        Boolean suspended = BodyMessage.bool(body, "suspended", errors);
        if (create) {
            // OrganizationCreateMessage adds presence after the update message's rules
            BodyMessage.requirePresent(body, "name", errors);
        }
        errors.throwIfAnyUnprocessable();
        return new OrganizationMessage(name, suspended, metadata, body);
    }
}

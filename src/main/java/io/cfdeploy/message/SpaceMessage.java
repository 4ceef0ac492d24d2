package io.cfdeploy.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * Body of POST and PATCH /v3/spaces (CAPI's SpaceCreateMessage / SpaceUpdateMessage).
 *
 * @param organizationGuid the parent organization (create only; null on update)
 * @param suspended        update only: suspend or resume the space (admins only); null when not sent
 * @param request          the body as sent, for the audit event
 */
public record SpaceMessage(String name, String organizationGuid, Boolean suspended, MetadataMessage metadata,
        ObjectNode request) {
    private static final Set<String> CREATE_KEYS = Set.of("name", "relationships", "metadata");
    private static final Set<String> UPDATE_KEYS = Set.of("name", "suspended", "metadata");
    private static final Set<String> RELATIONSHIPS = Set.of("organization");

    public static SpaceMessage create(JsonNode raw) {
        ObjectNode body = BodyMessage.object(raw);
        ValidationErrors errors = new ValidationErrors();
        MetadataMessage metadata = MetadataMessage.parse(body.get("metadata"), errors);
        BodyMessage.rejectUnknownFields(body, CREATE_KEYS, errors);
        ObjectNode relationships = BodyMessage.relationships(body, RELATIONSHIPS, errors);
        String organizationGuid = relationships == null ? null
                : BodyMessage.toOneGuid(relationships, "organization", errors);
        String name = name(body, true, errors);
        errors.throwIfAnyUnprocessable();
        return new SpaceMessage(name, organizationGuid, null, metadata, body);
    }

    public static SpaceMessage update(JsonNode raw) {
        ObjectNode body = BodyMessage.object(raw);
        ValidationErrors errors = new ValidationErrors();
        MetadataMessage metadata = MetadataMessage.parse(body.get("metadata"), errors);
        BodyMessage.rejectUnknownFields(body, UPDATE_KEYS, errors);
        String name = name(body, false, errors);
        Boolean suspended = BodyMessage.bool(body, "suspended", errors);
        errors.throwIfAnyUnprocessable();
        return new SpaceMessage(name, null, suspended, metadata, body);
    }

    private static String name(ObjectNode body, boolean required, ValidationErrors errors) {
        String name = BodyMessage.name(body, "name", required, errors);
        if (name != null && Names.hasEscapedCharacters(name)) {
            errors.add("Name must not contain escaped characters");
        }
        return name;
    }
}

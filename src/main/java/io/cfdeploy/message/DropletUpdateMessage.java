package io.cfdeploy.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * Body of PATCH /v3/droplets/:guid: {@code metadata} only. (CAPI's {@code image} key, for build systems that report
 * a docker image, is not offered.)
 */
public record DropletUpdateMessage(MetadataMessage metadata) {
    private static final Set<String> KEYS = Set.of("metadata");

    public static DropletUpdateMessage parse(JsonNode raw) {
        ObjectNode body = BodyMessage.object(raw);
        ValidationErrors errors = new ValidationErrors();
        MetadataMessage metadata = MetadataMessage.parse(body.get("metadata"), errors);
        BodyMessage.rejectUnknownFields(body, KEYS, errors);
        errors.throwIfAnyUnprocessable();
        return new DropletUpdateMessage(metadata);
    }
}

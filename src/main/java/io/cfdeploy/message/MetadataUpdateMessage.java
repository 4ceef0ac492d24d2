package io.cfdeploy.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * A PATCH body that may carry only {@code metadata} (droplets, revisions, and deployments later). CAPI's droplet
 * {@code image} key, for build systems that report a docker image, is not offered.
 */
public record MetadataUpdateMessage(MetadataMessage metadata) {
    private static final Set<String> KEYS = Set.of("metadata");

    public static MetadataUpdateMessage parse(JsonNode raw) {
        ObjectNode body = BodyMessage.object(raw);
        ValidationErrors errors = new ValidationErrors();
        MetadataMessage metadata = MetadataMessage.parse(body.get("metadata"), errors);
        BodyMessage.rejectUnknownFields(body, KEYS, errors);
        errors.throwIfAnyUnprocessable();
        return new MetadataUpdateMessage(metadata);
    }
}

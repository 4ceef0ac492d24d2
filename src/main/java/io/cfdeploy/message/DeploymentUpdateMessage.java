package io.cfdeploy.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/** Body of {@code PATCH /v3/deployments/:guid} (CAPI's DeploymentUpdateMessage): only {@code metadata}. */
public record DeploymentUpdateMessage(MetadataMessage metadata) {
    private static final Set<String> KEYS = Set.of("metadata");

    public static DeploymentUpdateMessage parse(JsonNode raw) {
        ObjectNode body = BodyMessage.object(raw);
        ValidationErrors errors = new ValidationErrors();
        MetadataMessage metadata = MetadataMessage.parse(body.get("metadata"), errors);
        BodyMessage.rejectUnknownFields(body, KEYS, errors);
        errors.throwIfAnyUnprocessable();
        return new DeploymentUpdateMessage(metadata);
    }
}

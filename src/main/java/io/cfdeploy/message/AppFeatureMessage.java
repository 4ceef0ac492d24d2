package io.cfdeploy.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/** Body of PATCH /v3/apps/:guid/features/:name (CAPI's AppFeatureUpdateMessage): {@code enabled}, a boolean. */
public record AppFeatureMessage(boolean enabled, ObjectNode request) {
    private static final Set<String> KEYS = Set.of("enabled");

    public static AppFeatureMessage parse(JsonNode raw) {
        ObjectNode body = BodyMessage.object(raw);
        ValidationErrors errors = new ValidationErrors();
        BodyMessage.rejectUnknownFields(body, KEYS, errors);
        JsonNode enabled = body.get("enabled");
        if (enabled == null || !enabled.isBoolean()) {
            errors.add("Enabled must be a boolean");
        }
        errors.throwIfAnyUnprocessable();
        return new AppFeatureMessage(enabled.booleanValue(), body);
    }
}

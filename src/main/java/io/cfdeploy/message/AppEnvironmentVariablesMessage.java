package io.cfdeploy.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;

/**
 * Body of PATCH /v3/apps/:guid/environment_variables (CAPI's UpdateEnvironmentVariablesMessage): {@code var}, an
 * object whose values are strings (set) or null (delete).
 *
 * @param variables the requested changes in the order sent; a null value deletes
 */
public record AppEnvironmentVariablesMessage(Map<String, String> variables) {
    private static final Set<String> KEYS = Set.of("var");

    public static AppEnvironmentVariablesMessage parse(JsonNode raw) {
        ObjectNode body = BodyMessage.object(raw);
        ValidationErrors errors = new ValidationErrors();
        BodyMessage.rejectUnknownFields(body, KEYS, errors);
        JsonNode variables = body.get("var");
        Map<String, String> result = Map.of();
        if (variables == null || !variables.isObject()) {
            errors.add("Var must be an object");
        } else {
            result = EnvironmentVariableRules.check(variables, "Var", errors);
        }
        errors.throwIfAnyUnprocessable();
        return new AppEnvironmentVariablesMessage(result);
    }
}

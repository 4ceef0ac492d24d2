package io.cfdeploy.message;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * CAPI's rules for environment variable names and values ({@code EnvironmentVariablesStringValuesValidator}):
 * per key, the first rule that fails is reported; a key that passes must have a string (or null) value.
 */
public final class EnvironmentVariableRules {
    private EnvironmentVariableRules() {
    }

    /**
     * Checks every entry of {@code variables}, adding "&lt;label&gt; cannot start with VCAP_" and friends, and the
     * unprefixed "Non-string value in environment variable for key 'K', value 'V'".
     *
     * @param label the attribute as CAPI names it in the message ("Var" for the PATCH body,
     *              "environment_variables" for the app model)
     * @return the variables as sent (null values kept: on PATCH they delete)
     */
    public static Map<String, String> check(JsonNode variables, String label, ValidationErrors errors) {
        Map<String, String> result = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = variables.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            String keyError = keyError(key);
            if (keyError != null) {
                errors.add(label + " " + keyError);
            } else if (value != null && !value.isNull() && !value.isTextual()) {
                errors.add("Non-string value in environment variable for key '" + key + "', value '" + value + "'");
            } else {
                result.put(key, value == null || value.isNull() ? null : value.textValue());
            }
        }
        return result;
    }

    /** The message for a key CAPI refuses, or null when the key is fine. */
    static String keyError(String key) {
        String upper = key.toUpperCase(Locale.ROOT);
        if (key.isEmpty()) {
            return "key must be a minimum length of 1";
        }
        if (upper.startsWith("VCAP_")) {
            return "cannot start with VCAP_";
        }
        if (upper.startsWith("VMC")) {
            return "cannot start with VMC_";
        }
        if (upper.equals("PORT")) {
            return "cannot set PORT";
        }
        return null;
    }
}

package io.cfdeploy.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfdeploy.error.CfError;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** Shared checks for JSON request bodies, with CAPI's texts ({@code base_message.rb}, {@code validators.rb}). */
public final class BodyMessage {
    private BodyMessage() {
    }

    /** The body as an object: an absent body is {@code {}}, anything but an object is a parse error. */
    public static ObjectNode object(JsonNode body) {
        if (body == null || body.isMissingNode() || body.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!body.isObject()) {
            throw CfError.MESSAGE_PARSE_ERROR.exception("invalid request body");
        }
        return (ObjectNode) body;
    }

    /** "Unknown field(s): 'a', 'b'" listing every key outside {@code allowed}, in the order sent. */
    public static void rejectUnknownFields(ObjectNode body, Set<String> allowed, ValidationErrors errors) {
        List<String> unknown = unknownKeys(body, allowed);
        if (!unknown.isEmpty()) {
            errors.add("Unknown field(s): '" + String.join("', '", unknown) + "'");
        }
    }

    public static List<String> unknownKeys(ObjectNode body, Set<String> allowed) {
        List<String> unknown = new ArrayList<>();
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                unknown.add(name);
            }
        }
        return unknown;
    }

    /** "Name" for "name", "Max in flight" for "max_in_flight": ActiveModel's humanised attribute. */
    public static String humanize(String attribute) {
        String spaced = attribute.replace('.', '_').replace('_', ' ');
        return spaced.isEmpty() ? spaced : Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
    }

    /** A present key with a JSON null is treated as absent, as Rails does. */
    public static boolean present(ObjectNode body, String key) {
        JsonNode value = body.get(key);
        return value != null && !value.isNull();
    }

    /**
     * Validates an optional string attribute of 1..255 characters ("Name must be a string", "Name is too short
     * (minimum is 1 character)", "Name is too long (maximum is 255 characters)"); {@code required} first adds
     * "can't be blank" (see {@link #requirePresent} for messages that check presence last). Returns the string or
     * null.
     */
    public static String name(ObjectNode body, String key, boolean required, ValidationErrors errors) {
        if (required) {
            requirePresent(body, key, errors);
        }
        JsonNode value = body.get(key);
        String label = humanize(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            errors.add(label + " must be a string");
            if (value.isContainerNode() && value.isEmpty()) {
                // Rails' length validator counts the elements of [] and {}
                errors.add(label + " is too short (minimum is 1 character)");
            }
            return null;
        }
        String text = value.textValue();
        if (text.isEmpty()) {
            errors.add(label + " is too short (minimum is 1 character)");
        } else if (RubyText.size(text) > 255) {
            errors.add(label + " is too long (maximum is 255 characters)");
        }
        return text;
    }

    /**
     * Rails' presence validator: "<Key> can't be blank" for an absent or null value, false, a blank string, [] or
     * {}. Call it where the message declares it: CAPI's create messages add it after the update rules.
     */
    public static void requirePresent(ObjectNode body, String key, ValidationErrors errors) {
        JsonNode value = body.get(key);
        boolean blank = value == null || value.isNull() || (value.isBoolean() && !value.booleanValue())
                || (value.isTextual() && RubyText.blank(value.textValue()))
                || (value.isContainerNode() && value.isEmpty());
        if (blank) {
            errors.add(humanize(key) + " can't be blank");
        }
    }

    /** An optional JSON boolean ("Suspended must be a boolean"); null when absent. */
    public static Boolean bool(ObjectNode body, String key, ValidationErrors errors) {
        JsonNode value = body.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            errors.add(humanize(key) + " must be a boolean");
            return null;
        }
        return value.booleanValue();
    }

    /**
     * A to-one relationship {@code {"data": {"guid": "…"}}} inside {@code relationships}; the messages read as
     * CAPI's RelationshipValidator ("Relationships Organization can't be blank", "... must be structured like
     * this: …"). Returns the guid or null.
     */
    public static String toOneGuid(JsonNode relationships, String key, ValidationErrors errors) {
        String label = "Relationships " + humanize(key);
        JsonNode relationship = relationships.get(key);
        if (relationship == null || relationship.isNull()) {
            errors.add(label + " can't be blank");
            return null;
        }
        JsonNode data = relationship.isObject() ? relationship.get("data") : null;
        JsonNode guid = data != null && data.isObject() ? data.get("guid") : null;
        if (relationship.size() != 1 || data == null || !data.isObject() || data.size() != 1 || guid == null) {
            errors.add(label + " must be structured like this: \"" + key + ": {\"data\": {\"guid\": \"valid-guid\"}}\"");
            return null;
        }
        if (!guid.isTextual()) {
            errors.add(label + " guid must be a string");
            return null;
        }
        String text = guid.textValue();
        if (text.isEmpty() || text.length() > 200) {
            errors.add(label + " guid must be between 1 and 200 characters");
            return null;
        }
        return text;
    }

    /**
     * The {@code relationships} object itself: "Relationships 'relationships' is not an object" / "... must include
     * one or more valid relationships"; unknown keys inside are reported with the "Relationships " prefix.
     */
    public static ObjectNode relationships(ObjectNode body, Set<String> allowed, ValidationErrors errors) {
        JsonNode relationships = body.get("relationships");
        if (relationships == null || relationships.isNull()) {
            errors.add("Relationships 'relationships' is not an object");
            return null;
        }
        if (!relationships.isObject()) {
            errors.add("Relationships 'relationships' is not an object");
            return null;
        }
        if (relationships.isEmpty()) {
            errors.add("Relationships 'relationships' must include one or more valid relationships");
            return null;
        }
        List<String> unknown = unknownKeys((ObjectNode) relationships, allowed);
        if (!unknown.isEmpty()) {
            errors.add("Relationships Unknown field(s): '" + String.join("', '", unknown) + "'");
        }
        return (ObjectNode) relationships;
    }
}

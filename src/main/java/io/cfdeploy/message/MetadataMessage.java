package io.cfdeploy.message;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The {@code metadata} part of a create or update body: labels and annotations to set ({@code null} values remove
 * a key). Messages and their order as CAPI's MetadataValidator (labels first, each key then its value, then
 * annotations); count limits are checked when applying.
 */
public final class MetadataMessage {
    private static final Set<String> KEYS = Set.of("labels", "annotations");
    private static final int MAX_ANNOTATION_VALUE = 5000;
    private static final int SHOWN = 63;

    private final Map<String, String> labels;
    private final Map<String, String> annotations;

    private MetadataMessage(Map<String, String> labels, Map<String, String> annotations) {
        this.labels = labels;
        this.annotations = annotations;
    }

    public static MetadataMessage empty() {
        return new MetadataMessage(Collections.emptyMap(), Collections.emptyMap());
    }

    /** Requested labels; a null value means "remove". Insertion order as sent. */
    public Map<String, String> labels() {
        return labels;
    }

    /** Requested annotations; a null value means "remove". */
    public Map<String, String> annotations() {
        return annotations;
    }

    public boolean isEmpty() {
        return labels.isEmpty() && annotations.isEmpty();
    }

    /**
     * Reads {@code body.metadata}; {@code null} when the key is absent means no change. A present key is validated
     * whatever its value, as CAPI does ({@code "metadata": null} is "Metadata must be an object").
     */
    public static MetadataMessage parse(JsonNode metadata, ValidationErrors errors) {
        if (metadata == null || metadata.isMissingNode()) {
            return empty();
        }
        if (!metadata.isObject()) {
            errors.add("Metadata must be an object");
            return empty();
        }
        StringBuilder unexpected = new StringBuilder();
        for (Iterator<String> names = metadata.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!KEYS.contains(name)) {
                // CAPI joins these with a space: "has unexpected field(s): 'a' 'b'"
                unexpected.append(unexpected.length() == 0 ? "'" : " '").append(name).append('\'');
            }
        }
        if (unexpected.length() > 0) {
            errors.add("Metadata has unexpected field(s): " + unexpected);
        }
        Map<String, String> labels = entries(metadata.get("labels"), true, errors);
        Map<String, String> annotations = entries(metadata.get("annotations"), false, errors);
        return new MetadataMessage(labels, annotations);
    }

    private static Map<String, String> entries(JsonNode node, boolean label, ValidationErrors errors) {
        Map<String, String> result = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return result;
        }
        String kind = label ? "label" : "annotation";
        if (!node.isObject()) {
            errors.add("Metadata '" + kind + "s' is not an object");
            return result;
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            boolean isString = value.isTextual();
            String text = isString ? value.textValue() : null;
            // label keys are always checked; annotation keys only when the value is present (not blank)
            boolean checkKey = label || (!value.isNull() && (!isString || !RubyText.blank(text)));
            String keyError = checkKey ? MetadataKeys.keyError(key) : null;
            if (keyError != null) {
                errors.add("Metadata " + kind + " key error: " + keyError);
            }
            if (!value.isNull() && !isString) {
                // CAPI would store the Ruby to_s of a number or boolean; the contract says string, so we refuse
                errors.add("Metadata " + kind + " value error: '" + shown(value) + "' must be a string");
                continue;
            }
            String valueError = label ? MetadataKeys.labelValueError(text) : annotationValueError(text);
            if (valueError != null) {
                errors.add("Metadata " + kind + " value error: " + valueError);
            }
            result.put(key, text);
        }
        return result;
    }

    private static String annotationValueError(String value) {
        if (value != null && RubyText.size(value) > MAX_ANNOTATION_VALUE) {
            return "'" + RubyText.head(value, 8) + "...' is greater than " + MAX_ANNOTATION_VALUE + " characters";
        }
        return null;
    }

    /** A non-string value as text, shortened the way CAPI shortens long keys and values. */
    private static String shown(JsonNode value) {
        String text = value.isValueNode() ? value.asText() : value.toString();
        return RubyText.size(text) > SHOWN ? RubyText.head(text, 8) + "..." : text;
    }
}

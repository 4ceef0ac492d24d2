package io.cfdeploy.message;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The {@code metadata} part of a create or update body: labels and annotations to set ({@code null} values remove
 * a key on update). Messages as CAPI's MetadataValidator; count limits are checked when applying.
 */
public final class MetadataMessage {
    private static final Set<String> KEYS = Set.of("labels", "annotations");
    private static final int MAX_ANNOTATION_VALUE = 5000;

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

    /** Reads {@code body.metadata}; absent or null means no change. */
    public static MetadataMessage parse(JsonNode metadata, ValidationErrors errors) {
        if (metadata == null || metadata.isNull()) {
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
                unexpected.append(unexpected.length() == 0 ? "'" : ", '").append(name).append('\'');
            }
        }
        if (unexpected.length() > 0) {
            errors.add("Metadata has unexpected field(s): " + unexpected);
        }
        Map<String, String> labels = entries(metadata.get("labels"), "labels", true, errors);
        Map<String, String> annotations = entries(metadata.get("annotations"), "annotations", false, errors);
        return new MetadataMessage(labels, annotations);
    }

    private static Map<String, String> entries(JsonNode node, String kind, boolean label, ValidationErrors errors) {
        Map<String, String> result = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return result;
        }
        if (!node.isObject()) {
            errors.add("Metadata '" + kind + "' is not an object");
            return result;
        }
        String singular = label ? "label" : "annotation";
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (value != null && !value.isNull() && !value.isTextual()) {
                errors.add("Metadata " + singular + " value error: '" + value + "' must be a string");
                continue;
            }
            String text = value == null || value.isNull() ? null : value.textValue();
            boolean checkKey = label || (text != null && !text.isEmpty());
            String keyError = checkKey ? MetadataKeys.keyError(key) : null;
            if (keyError != null) {
                errors.add("Metadata " + singular + " key error: " + keyError);
            }
            if (text != null && !text.isEmpty()) {
                String valueError = label ? MetadataKeys.labelValueError(text) : annotationValueError(text);
                if (valueError != null) {
                    errors.add("Metadata " + singular + " value error: " + valueError);
                }
            }
            result.put(key, text);
        }
        return result;
    }

    private static String annotationValueError(String value) {
        if (value.length() > MAX_ANNOTATION_VALUE) {
            return "'" + value.substring(0, 8) + "...' is greater than " + MAX_ANNOTATION_VALUE + " characters";
        }
        return null;
    }
}

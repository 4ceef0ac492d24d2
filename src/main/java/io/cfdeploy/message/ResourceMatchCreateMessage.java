package io.cfdeploy.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /v3/resource_matches}: the files {@code cf push} is about to upload, as CAPI's
 * ResourceMatchCreateMessage checks them — {@code resources} an array of 1 to 5000 items, each with an object
 * {@code checksum} whose {@code value} is a 40-character SHA-1 and a non-negative integer {@code size_in_bytes}.
 * Each item error is reported once, however many items have it. Other keys are ignored, as CAPI does (this
 * message declares no unknown-keys check there). {@code path} and {@code mode} are echoed, not checked.
 */
public record ResourceMatchCreateMessage(List<Resource> resources) {
    public static final int MAX_RESOURCES = 5000;
    private static final int SHA1_LENGTH = 40;
    private static final String PREAMBLE = "Resources array contains at least one resource with a ";

    /** One listed file; {@code path} and {@code mode} as sent (null when absent or not text). */
    public record Resource(String sha1, long sizeInBytes, String path, String mode) {
    }

    public static ResourceMatchCreateMessage parse(JsonNode raw) {
        ObjectNode body = BodyMessage.object(raw);
        JsonNode resources = body.get("resources");
        Set<String> errors = new LinkedHashSet<>();
        if (resources == null || !resources.isArray()) {
            errors.add("Resources must be an array");
        }
        int length = length(resources);
        if (length < 1) {
            errors.add("Resources must have at least 1 resource");
        } else if (length > MAX_RESOURCES) {
            // CAPI's text, stray parenthesis included (its too_long option)
            errors.add("Resources can have at most " + MAX_RESOURCES + " resources)");
        }
        List<Resource> parsed = new ArrayList<>();
        if (resources != null && resources.isArray()) {
            for (JsonNode item : resources) {
                Resource resource = resource(item, errors);
                if (resource != null) {
                    parsed.add(resource);
                }
            }
        }
        ValidationErrors validation = new ValidationErrors();
        errors.forEach(validation::add);
        validation.throwIfAnyUnprocessable();
        return new ResourceMatchCreateMessage(List.copyOf(parsed));
    }

    /** What Ruby's length validator measures: an array's or object's size, else the length of the text. */
    private static int length(JsonNode value) {
        if (value == null || value.isNull()) {
            return 0;
        }
        if (value.isContainerNode()) {
            return value.size();
        }
        return value.asText().length();
    }

    /** The item, or null after adding its first error (CAPI stops at the first per check group). */
    private static Resource resource(JsonNode item, Set<String> errors) {
        if (!item.isObject()) {
            // CAPI fails with a 500 here; a clear 422 instead
            errors.add("Resources array contains at least one resource that is not an object");
            return null;
        }
        JsonNode checksum = item.get("checksum");
        String sha1 = null;
        if (checksum == null || !checksum.isObject()) {
            errors.add(PREAMBLE + "non-object checksum");
        } else if (checksum.get("value") == null || !checksum.get("value").isTextual()) {
            errors.add(PREAMBLE + "non-string checksum value");
        } else if (checksum.get("value").textValue().length() != SHA1_LENGTH) {
            errors.add(PREAMBLE + "non-SHA1 checksum value");
        } else {
            sha1 = checksum.get("value").textValue();
        }
        JsonNode size = item.get("size_in_bytes");
        Long bytes = null;
        if (size == null || !size.isIntegralNumber()) {
            errors.add(PREAMBLE + "non-integer size_in_bytes");
        } else if (size.bigIntegerValue().signum() < 0) {
            errors.add(PREAMBLE + "negative size_in_bytes");
        } else {
            bytes = size.canConvertToLong() ? size.longValue() : Long.MAX_VALUE;
        }
        if (sha1 == null || bytes == null) {
            return null;
        }
        return new Resource(sha1, bytes, text(item.get("path")), text(item.get("mode")));
    }

    private static String text(JsonNode value) {
        return value != null && value.isTextual() ? value.textValue() : null;
    }
}

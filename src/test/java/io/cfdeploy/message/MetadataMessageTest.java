package io.cfdeploy.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** MetadataMessage against CAPI's MetadataValidator (texts and order), without a server. */
class MetadataMessageTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    static List<String> errors(String metadata) {
        ValidationErrors errors = new ValidationErrors();
        MetadataMessage.parse(json("{\"metadata\":" + metadata + "}").get("metadata"), errors);
        return errors.messages();
    }

    static MetadataMessage valid(String metadata) {
        ValidationErrors errors = new ValidationErrors();
        MetadataMessage message = MetadataMessage.parse(json("{\"metadata\":" + metadata + "}").get("metadata"),
                errors);
        assertTrue(errors.isEmpty(), errors.messages()::toString);
        return message;
    }

    @Test
    void absentMeansNoChange() {
        ValidationErrors errors = new ValidationErrors();
        assertTrue(MetadataMessage.parse(null, errors).isEmpty());
        assertTrue(errors.isEmpty());
        assertTrue(valid("{}").isEmpty());
        assertTrue(valid("{\"labels\":null,\"annotations\":null}").isEmpty());
        assertTrue(valid("{\"labels\":{},\"annotations\":{}}").isEmpty());
    }

    @Test
    void mustBeAnObject() {
        assertEquals(List.of("Metadata must be an object"), errors("null"));
        assertEquals(List.of("Metadata must be an object"), errors("\"x\""));
        assertEquals(List.of("Metadata must be an object"), errors("[]"));
        assertEquals(List.of("Metadata must be an object"), errors("5"));
    }

    @Test
    void unexpectedFieldsAreJoinedWithSpaces() {
        assertEquals(List.of("Metadata has unexpected field(s): 'other' 'extra'"),
                errors("{\"other\":1,\"labels\":{},\"extra\":2}"));
    }

    @Test
    void labelsAndAnnotationsMustBeObjects() {
        assertEquals(List.of("Metadata 'labels' is not an object", "Metadata 'annotations' is not an object"),
                errors("{\"labels\":\"potato\",\"annotations\":[1]}"));
    }

    @Test
    void valuesAndDeletions() {
        MetadataMessage message = valid("{\"labels\":{\"env\":\"prod\",\"gone\":null,\"empty\":\"\","
                + "\"example.com/x\":\"y\"},\"annotations\":{\"note\":\"any text at all!\",\"old\":null,"
                + "\"blank\":\"\"}}");
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("env", "prod");
        labels.put("gone", null);
        labels.put("empty", "");
        labels.put("example.com/x", "y");
        assertEquals(labels, message.labels());
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("note", "any text at all!");
        annotations.put("old", null);
        annotations.put("blank", "");
        assertEquals(annotations, message.annotations());
    }

    @Test
    void labelKeyThenValueForEachLabelThenAnnotations() {
        assertEquals(List.of("Metadata label key error: '-a' starts or ends with invalid characters",
                "Metadata label value error: 'b c' contains invalid characters",
                "Metadata label key error: key cannot be empty string",
                "Metadata annotation key error: prefix 'cloudfoundry.org' is reserved",
                "Metadata annotation value error: 'xxxxxxxx...' is greater than 5000 characters"),
                errors("{\"annotations\":{\"cloudfoundry.org/a\":\"v\",\"big\":\"" + "x".repeat(5001) + "\"},"
                        + "\"labels\":{\"-a\":\"b c\",\"\":\"ok\"}}"));
    }

    @Test
    void labelKeysAreCheckedEvenWhenDeleting() {
        assertEquals(List.of("Metadata label key error: key has more than one '/'"),
                errors("{\"labels\":{\"a/b/c\":null}}"));
    }

    @Test
    void annotationKeysAreCheckedOnlyWhenTheValueIsPresent() {
        String longKey = "b".repeat(64);
        assertEquals(List.of("Metadata annotation key error: 'bbbbbbbb...' is greater than 63 characters"),
                errors("{\"annotations\":{\"" + longKey + "\":\"value3\"}}"));
        assertEquals(List.of(), errors("{\"annotations\":{\"" + longKey + "\":\"\"}}"));
        assertEquals(List.of(), errors("{\"annotations\":{\"" + longKey + "\":\"  \"}}"));
        assertEquals(List.of(), errors("{\"annotations\":{\"" + longKey + "\":null}}"));
        assertEquals(List.of("Metadata annotation key error: key cannot be empty string"),
                errors("{\"annotations\":{\"\":\"value3\"}}"));
    }

    @Test
    void annotationValueLimitCountsCharacters() {
        String emoji = "\uD83D\uDE00";
        assertEquals(List.of(), errors("{\"annotations\":{\"k\":\"" + emoji.repeat(5000) + "\"}}"));
        assertEquals(List.of("Metadata annotation value error: '" + emoji.repeat(8)
                + "...' is greater than 5000 characters"),
                errors("{\"annotations\":{\"k\":\"" + emoji.repeat(5001) + "\"}}"));
        assertEquals(List.of(), errors("{\"annotations\":{\"k\":\"" + "a".repeat(5000) + "\"}}"));
    }

    @Test
    void nonStringValuesAreRefused() {
        assertEquals(List.of("Metadata label value error: '5' must be a string",
                "Metadata label value error: 'true' must be a string",
                "Metadata label value error: '[\"a\"]' must be a string",
                "Metadata annotation value error: '{\"a\":1}' must be a string",
                "Metadata annotation value error: '99999999999999999999999' must be a string"),
                errors("{\"labels\":{\"n\":5,\"b\":true,\"l\":[\"a\"]},\"annotations\":{\"o\":{\"a\":1},"
                        + "\"big\":99999999999999999999999}}"));
        String longArray = "[" + "1,".repeat(100) + "1]";
        assertEquals(List.of("Metadata label value error: '[1,1,1,1...' must be a string"),
                errors("{\"labels\":{\"a\":" + longArray + "}}"));
    }

    @Test
    void deeplyNestedValueIsAnErrorNotACrash() {
        String nested = "[".repeat(500) + "]".repeat(500);
        assertEquals(List.of("Metadata label value error: '[[[[[[[[...' must be a string"),
                errors("{\"labels\":{\"a\":" + nested + "}}"));
    }
}

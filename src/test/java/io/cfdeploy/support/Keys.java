package io.cfdeploy.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/** The keys of a JSON object in wire order, to check a presenter's key order. */
public final class Keys {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Keys() {
    }

    /** @param pointer a JSON pointer to the object, "" for the document itself */
    public static List<String> of(String json, String pointer) {
        try {
            JsonNode node = MAPPER.readTree(json).at(pointer);
            List<String> keys = new ArrayList<>();
            node.fieldNames().forEachRemaining(keys::add);
            return keys;
        } catch (JsonProcessingException exception) {
            throw new AssertionError("not JSON: " + json, exception);
        }
    }
}

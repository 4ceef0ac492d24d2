package io.cfdeploy.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What an audit event keeps of a request: small requests whole, large ones cut and marked. */
class BoundedDataTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aSmallRequestIsKeptAsSent() {
        Map<String, Object> data = Map.of("request", Map.of("name", "x", "metadata", Map.of("labels",
                Map.of("a", "b")), "instances", 3, "flag", true, "list", List.of(1, "two")));
        assertEquals(data, BoundedData.of(data));
    }

    @Test
    void longStringsManyEntriesAndDeepNestingAreCut() throws Exception {
        Map<String, Object> annotations = new LinkedHashMap<>();
        for (int i = 0; i < 200; i++) {
            annotations.put("key-" + i, "v".repeat(5000));
        }
        Object deep = "bottom";
        for (int i = 0; i < 20; i++) {
            deep = List.of(deep);
        }
        List<Object> many = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            many.add(i);
        }
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("deep", deep);
        request.put("many", many);
        request.put("metadata", Map.of("annotations", annotations));
        Map<String, Object> bounded = BoundedData.of(Map.of("request", request));
        String stored = JSON.writeValueAsString(bounded);
        assertTrue(stored.length() < BoundedData.BUDGET + 4096, "stored " + stored.length() + " characters");
        assertTrue(stored.contains(BoundedData.CUT));
        @SuppressWarnings("unchecked")
        Map<String, Object> kept = (Map<String, Object>) bounded.get("request");
        assertEquals(BoundedData.MAX_ENTRIES + 1, ((List<?>) kept.get("many")).size(), "100 kept and a marker");
        assertTrue(JSON.writeValueAsString(kept.get("deep")).contains(BoundedData.CUT), "nesting cut");
    }
}

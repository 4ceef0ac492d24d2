package io.cfdeploy.action;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/** Audit event data: {@code {"request": <the request as sent>}}, as CAPI's audit_hash. */
final class RequestData {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RequestData() {
    }

    static Map<String, Object> of(JsonNode request) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("request", request == null ? Map.of() : MAPPER.convertValue(request, Map.class));
        return data;
    }

    static Map<String, Object> of(Map<String, Object> request) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("request", request);
        return data;
    }
}

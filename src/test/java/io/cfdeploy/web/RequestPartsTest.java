package io.cfdeploy.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cfdeploy.error.CfError;
import io.cfdeploy.error.CfException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Query-string reading and request ids, without a server. */
class RequestPartsTest {
    static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

    @Test
    void queryParametersKeepTheOrderSentAndTheLastValue() {
        Map<String, String> parameters = RequestUrls.queryParameters("b=1&a=2&b=3&c&d=&e=x%2Cy+z%20w");
        assertEquals(new ArrayList<>(List.of("b", "a", "c", "d", "e")), new ArrayList<>(parameters.keySet()));
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("b", "3");
        expected.put("a", "2");
        expected.put("c", null);
        expected.put("d", "");
        expected.put("e", "x,y z w");
        assertEquals(expected, parameters);
        assertEquals(Map.of("created_ats[gt]", "2020-01-01T00:00:00Z"),
                RequestUrls.queryParameters("created_ats%5Bgt%5D=2020-01-01T00:00:00Z"));
        assertTrue(RequestUrls.queryParameters((String) null).isEmpty());
        assertTrue(RequestUrls.queryParameters("&&").isEmpty());
    }

    @Test
    void malformedEscapesAreAnInvalidRequest() {
        CfException exception = assertThrows(CfException.class, () -> RequestUrls.queryParameters("a=%zz"));
        assertEquals(CfError.INVALID_REQUEST, exception.error());
        assertEquals("The request is invalid", exception.detail());
    }

    @Test
    void requestIds() {
        assertTrue(RequestIds.requestId(null).matches(UUID));
        assertTrue(RequestIds.requestId("").matches(UUID));
        assertTrue(RequestIds.requestId("!!!").matches(UUID));
        assertTrue(RequestIds.requestId("abc-123").matches("abc-123::" + UUID));
        assertTrue(RequestIds.requestId("a b;c\n<d>").matches("abcd::" + UUID));
        String kept = RequestIds.requestId("x".repeat(300));
        assertTrue(kept.matches("x{255}::" + UUID), kept);
        assertEquals(10_000, Stream.generate(() -> RequestIds.requestId(null)).limit(10_000).distinct().count());
    }
}

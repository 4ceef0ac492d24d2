package io.cfdeploy.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cfdeploy.error.CfException;
import org.junit.jupiter.api.Test;

/** StrictJson's NUL check without a server: the refusal's text, and bounded time on the worst bodies. */
class StrictJsonTest {
    private static final int MAX_BODY = 1024 * 1024;
    /** Jackson's default limit on a key's length (StreamReadConstraints). */
    private static final int MAX_KEY = 50_000;

    private static ObjectMapper mapper() {
        ObjectMapper mapper = new ObjectMapper();
        new StrictJson().customize(mapper);
        return mapper;
    }

    @Test
    void theRefusalNamesTheFieldByItsPath() {
        CfException refused = assertThrows(CfException.class, () -> mapper().readTree(
                "{\"metadata\":{\"labels\":{\"k\":[\"ok\",\"b\\u0000d\"]}}}"));
        assertEquals("'metadata.labels.k[1]' must not contain the NUL character (\\u0000)", refused.detail());
        refused = assertThrows(CfException.class, () -> mapper().readTree("[{\"a\\u0000\":1}]"));
        assertEquals("'[0].a\\u0000' must not contain the NUL character (\\u0000)", refused.detail());
    }

    @Test
    void aLongPathIsCutInTheRefusal() {
        String key = "k".repeat(40_000);
        CfException refused = assertThrows(CfException.class,
                () -> mapper().readTree("{\"" + key + "\":\"\\u0000\"}"));
        assertEquals("'" + "k".repeat(StrictJson.NulFreeTree.MAX_PATH_SHOWN) + "...' must not contain the NUL "
                + "character (\\u0000)", refused.detail());
    }

    /**
     * The worst body of the allowed size: a key as long as Jackson reads (50,000 characters) over an array of
     * 400,000 elements. Building the path per node copied the key once per element (20 GB of characters); the walk
     * now takes milliseconds. The
     * ceiling is ten times above what it takes here after a warm-up.
     */
    @Test
    void aLongKeyOverALargeArrayIsScannedInBoundedTime() throws Exception {
        String key = "k".repeat(MAX_KEY);
        String array = "[" + "0,".repeat(400_000) + "\"\\u0000\"]";
        String body = "{\"" + key + "\":" + array + "}";
        assertTrue(body.length() < MAX_BODY + 100);
        ObjectMapper mapper = mapper();
        String clean = body.replace("\"\\u0000\"", "0");
        for (int warmUp = 0; warmUp < 3; warmUp++) {
            mapper.readTree(clean);
        }
        long started = System.nanoTime();
        JsonNode tree = mapper.readTree(clean);
        CfException refused = assertThrows(CfException.class, () -> mapper.readTree(body));
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(400_001, tree.get(key).size());
        assertTrue(refused.detail().endsWith("...' must not contain the NUL character (\\u0000)"));
        assertTrue(millis < 1_000, "took " + millis + " ms");
    }
}

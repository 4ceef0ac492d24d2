package io.cfdeploy.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cfdeploy.error.CfError;
import io.cfdeploy.error.CfException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** log-cache's read parameters as its gateway takes them, and what this server makes of them. */
class LogCacheReadQueryTest {
    private static final long NOW = 1_764_961_234_000_000_000L;

    private static LogCacheReadQuery parse(String start, String end, String limit, String descending,
            String... types) {
        return LogCacheReadQuery.parse(start, end, limit, descending, types.length == 0 ? null : Arrays.asList(types),
                null, NOW);
    }

    private static String error(String start, String end, String limit, String descending, String... types) {
        CfException refused = assertThrows(CfException.class, () -> parse(start, end, limit, descending, types));
        assertEquals(CfError.BAD_QUERY_PARAMETER, refused.error());
        return refused.detail();
    }

    @Test
    void defaultsAreTheWholeCacheUpToNowOldestFirst100() {
        assertEquals(new LogCacheReadQuery(0, NOW - 1, 100, false, true), parse(null, null, null, null));
        assertEquals(new LogCacheReadQuery(0, NOW - 1, 100, false, true), parse("0", "0", "0", "false"));
    }

    @Test
    void theCliQueries() {
        // cf logs --recent: Go's zero time as start, the newest 1000 logs
        assertEquals(new LogCacheReadQuery(-6_795_364_578_871_345_152L, NOW - 1, 1000, true, true),
                parse("-6795364578871345152", null, "1000", "true", "LOG"));
        // cf logs: from one past the last line seen
        assertEquals(new LogCacheReadQuery(NOW - 5_000, NOW - 1, 100, false, true),
                parse(Long.toString(NOW - 5_000), null, null, null, "LOG"));
        // an explicit end is exclusive
        assertEquals(new LogCacheReadQuery(10, 19, 5, false, true), parse("10", "20", "5", "0"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "t", "T", "TRUE", "true", "True"})
    void descendingIsReadAsGoReadsABool(String yes) {
        assertEquals(true, parse(null, null, null, yes).descending());
    }

    @Test
    void onlyLogsAreKept() {
        assertEquals(true, parse(null, null, null, null, "ANY").logs());
        assertEquals(true, parse(null, null, null, null, "GAUGE", "LOG").logs());
        assertEquals(true, parse(null, null, null, null, "1").logs());
        assertEquals(false, parse(null, null, null, null, "GAUGE").logs());
        // ANY adds nothing to a list that names other types (log-cache drops it)
        assertEquals(false, parse(null, null, null, null, "COUNTER", "ANY").logs());
        assertEquals(false, LogCacheReadQuery.parse(null, null, null, null, List.of("LOG"), "cpu.*", NOW).logs());
        assertEquals(true, LogCacheReadQuery.parse(null, null, null, null, List.of("LOG"), "", NOW).logs());
    }

    @Test
    void anEmptyWindowHasNoLogs() {
        assertEquals(false, parse("20", "20", null, null).logs());
        assertEquals(false, parse(Long.toString(NOW + 1), null, null, null).logs()); // after now
        assertEquals(false, parse(Long.toString(Long.MIN_VALUE), Long.toString(Long.MIN_VALUE), null, null).logs());
    }

    @Test
    void badValuesAreRefusedAllAtOnce() {
        assertEquals("The query parameter is invalid: start_time must be an integer (nanoseconds since the epoch), "
                + "end_time must be an integer (nanoseconds since the epoch), limit must be an integer, "
                + "descending must be true or false, envelope_types must be ANY, LOG, COUNTER, GAUGE, TIMER or "
                + "EVENT, not 'log'", error("yesterday", "1.5", "many", "yes", "LOG", "log"));
        assertEquals("The query parameter is invalid: limit must be 1000 or less", error(null, null, "1001", null));
        assertEquals("The query parameter is invalid: limit must not be negative", error(null, null, "-1", null));
        assertEquals("The query parameter is invalid: start_time (30) must not be after end_time (20)",
                error("30", "20", null, null));
        assertEquals("The query parameter is invalid: start_time must be an integer (nanoseconds since the epoch)",
                error("", null, null, null));
        assertEquals("The query parameter is invalid: start_time must be an integer (nanoseconds since the epoch)",
                error("9223372036854775808", null, null, null));
        assertEquals("The query parameter is invalid: envelope_types must be ANY, LOG, COUNTER, GAUGE, TIMER or "
                + "EVENT, not '6'", error(null, null, null, null, "6"));
    }
}

package io.cfdeploy.message;

import io.cfdeploy.error.CfError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The query of log-cache's read ({@code GET /api/v1/read/{source_id}}, go-log-cache's {@code ReadRequest} as its
 * HTTP gateway takes it): times in ns since the epoch, {@code [start_time, end_time)}; {@code end_time} 0 or absent
 * is now; {@code limit} 0 or absent is 100, at most 1000 (log-cache's {@code LocalStoreReader}). Unknown parameters
 * are ignored, as the gateway does. Bad values are 400 CF-BadQueryParameter with every message joined.
 *
 * @param startNanos the first nanosecond of the window (inclusive)
 * @param endNanos   the last nanosecond of the window (inclusive: log-cache's exclusive end minus one)
 * @param limit      at most this many envelopes, 1–1000
 * @param descending newest first
 * @param logs       whether log envelopes are asked for at all (the only kind this server has)
 */
public record LogCacheReadQuery(long startNanos, long endNanos, int limit, boolean descending, boolean logs) {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    /** log-cache's {@code EnvelopeType} by name and number; ANY (0) adds nothing to a list of types. */
    private static final Map<String, Integer> ENVELOPE_TYPES = Map.of("ANY", 0, "LOG", 1, "COUNTER", 2, "GAUGE", 3,
            "TIMER", 4, "EVENT", 5);
    private static final int ANY = 0;
    private static final int LOG = 1;

    /**
     * @param envelopeTypes every {@code envelope_types} value, in order (none: every type)
     * @param nowNanos      now, in ns since the epoch: the end of a window without {@code end_time}
     */
    public static LogCacheReadQuery parse(String startTime, String endTime, String limit, String descending,
            List<String> envelopeTypes, String nameFilter, long nowNanos) {
        ValidationErrors errors = new ValidationErrors();
        Long start = startTime == null ? Long.valueOf(0) : integer(startTime);
        if (start == null) {
            errors.add("start_time must be an integer (nanoseconds since the epoch)");
        }
        Long end = endTime == null ? Long.valueOf(0) : integer(endTime);
        if (end == null) {
            errors.add("end_time must be an integer (nanoseconds since the epoch)");
        }
        Long count = limit == null ? Long.valueOf(0) : integer(limit);
        if (count == null) {
            errors.add("limit must be an integer");
        } else if (count < 0) {
            errors.add("limit must not be negative");
        } else if (count > MAX_LIMIT) {
            errors.add("limit must be " + MAX_LIMIT + " or less");
        }
        Boolean newestFirst = descending == null ? Boolean.FALSE : bool(descending);
        if (newestFirst == null) {
            errors.add("descending must be true or false");
        }
        List<Integer> types = new ArrayList<>();
        for (String type : envelopeTypes == null ? List.<String>of() : envelopeTypes) {
            Integer number = envelopeType(type);
            if (number == null) {
                errors.add("envelope_types must be ANY, LOG, COUNTER, GAUGE, TIMER or EVENT, not '" + type + "'");
            } else if (number != ANY) {
                types.add(number);
            }
        }
        if (start != null && end != null && end != 0 && start > end) {
            errors.add("start_time (" + start + ") must not be after end_time (" + end + ")");
        }
        errors.throwIfAnyBadQuery();
        long exclusiveEnd = end == 0 ? nowNanos : end;
        // log-cache's name filter matches counter, gauge and timer names only: it leaves no log
        boolean logs = (types.isEmpty() || types.contains(LOG)) && (nameFilter == null || nameFilter.isEmpty())
                && exclusiveEnd > start && exclusiveEnd != Long.MIN_VALUE;
        return new LogCacheReadQuery(start, logs ? exclusiveEnd - 1 : start,
                count == 0 ? DEFAULT_LIMIT : count.intValue(), newestFirst, logs);
    }

    /** As Go's {@code strconv.ParseInt(s, 10, 64)}: an optional sign and decimal digits. */
    private static Long integer(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException notAnInteger) {
            return null;
        }
    }

    /** As Go's {@code strconv.ParseBool}, which the gateway uses. */
    private static Boolean bool(String value) {
        return switch (value) {
            case "1", "t", "T", "TRUE", "true", "True" -> Boolean.TRUE;
            case "0", "f", "F", "FALSE", "false", "False" -> Boolean.FALSE;
            default -> null;
        };
    }

    /** A name (case as in the proto) or a number of the enum, as the gateway's {@code runtime.Enum} reads it. */
    private static Integer envelopeType(String value) {
        Integer byName = ENVELOPE_TYPES.get(value);
        if (byName != null) {
            return byName;
        }
        Long number = integer(value);
        return number != null && number >= 0 && number < ENVELOPE_TYPES.size() ? number.intValue() : null;
    }
}

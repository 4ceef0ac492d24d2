package io.cfdeploy.audit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bounds what an audit event stores. Events keep the request as sent (CAPI's audit_hash), and a request body may
 * be up to a MiB: a page of thousands of such events would not fit a small replica's memory. Each string is cut
 * to {@value #MAX_STRING} characters, each object or array to {@value #MAX_ENTRIES} entries and
 * {@value #MAX_DEPTH} levels, and once about {@value #BUDGET} characters are kept the rest is left out; whatever
 * was cut is marked, so nobody mistakes the event for the whole request.
 */
public final class BoundedData {
    static final int MAX_STRING = 1024;
    static final int MAX_ENTRIES = 100;
    static final int MAX_DEPTH = 8;
    static final int BUDGET = 16 * 1024;
    static final String CUT = "...[truncated]";

    private int left = BUDGET;

    private BoundedData() {
    }

    public static Map<String, Object> of(Map<String, Object> data) {
        return data == null ? null : new BoundedData().map(data, 0);
    }

    private Map<String, Object> map(Map<?, ?> value, int depth) {
        Map<String, Object> bounded = new LinkedHashMap<>();
        int entries = 0;
        for (Map.Entry<?, ?> entry : value.entrySet()) {
            if (entries == MAX_ENTRIES || left <= 0) {
                bounded.put(CUT, value.size() - entries + " more");
                break;
            }
            String key = string(String.valueOf(entry.getKey()));
            bounded.put(key, bound(entry.getValue(), depth + 1));
            entries++;
        }
        return bounded;
    }

    private List<Object> list(List<?> value, int depth) {
        List<Object> bounded = new ArrayList<>();
        for (Object element : value) {
            if (bounded.size() == MAX_ENTRIES || left <= 0) {
                bounded.add(CUT);
                break;
            }
            bounded.add(bound(element, depth + 1));
        }
        return bounded;
    }

    private Object bound(Object value, int depth) {
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            if (depth > MAX_DEPTH) {
                left -= CUT.length();
                return CUT;
            }
            return value instanceof Map<?, ?> map ? map(map, depth) : list((List<?>) value, depth);
        }
        if (value instanceof String text) {
            return string(text);
        }
        left -= 8; // numbers, booleans, null
        return value;
    }

    private String string(String text) {
        int keep = Math.max(0, Math.min(MAX_STRING, left));
        String bounded = text.length() <= keep ? text : text.substring(0, keep) + CUT;
        left -= bounded.length();
        return bounded;
    }
}

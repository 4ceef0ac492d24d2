package io.cfdeploy.message;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * A validated list request: page, order, filters, timestamp filters and label selector, plus the parameters to
 * repeat in pagination links (sorted, as CAPI renders them).
 *
 * @param orderField the column to order by, or null for the default (insertion) order
 * @param filters    comma-list filters as sent; {@code name[not]} keys hold exclusions
 * @param linkParams every parameter but {@code page}, already in wire form, sorted by key
 */
public record ListQuery(int page, int perPage, String orderField, boolean descending,
        Map<String, List<String>> filters, List<TimestampFilter> timestamps, LabelSelector labelSelector,
        Map<String, String> parameters, SortedMap<String, String> linkParams) {

    public long offset() {
        return (long) (page - 1) * perPage;
    }

    public List<String> filter(String name) {
        return filters.get(name);
    }

    public boolean has(String name) {
        return filters.containsKey(name);
    }
}

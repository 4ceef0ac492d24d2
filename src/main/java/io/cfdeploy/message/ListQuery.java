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
 * @param linkParams the parameters to repeat in pagination links (all but {@code page}), decoded and sorted by key;
 *                   {@link ListQueryParser#queryString} escapes them
 */
public record ListQuery(long page, int perPage, String orderField, boolean descending,
        Map<String, List<String>> filters, List<TimestampFilter> timestamps, LabelSelector labelSelector,
        Map<String, String> parameters, SortedMap<String, String> linkParams) {

    public long offset() {
        return (page - 1) * perPage;
    }

    public List<String> filter(String name) {
        return filters.get(name);
    }

    public boolean has(String name) {
        return filters.containsKey(name);
    }
}

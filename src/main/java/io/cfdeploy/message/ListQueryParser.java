package io.cfdeploy.message;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Validates list query parameters against a {@link ListQuerySpec} with CAPI's messages (list_message.rb). */
public final class ListQueryParser {
    public static final int DEFAULT_PER_PAGE = 50;
    public static final int MAX_PER_PAGE = 5000;
    private static final Pattern BRACKETED = Pattern.compile("^([^\\[\\]]+)\\[([^\\[\\]]*)\\]$");
    private static final Pattern POSITIVE_INTEGER = Pattern.compile("^\\+?\\d+$");
    private static final Pattern TIMESTAMP = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z$");
    private static final DateTimeFormatter TIMESTAMP_FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'",
            Locale.ROOT);

    private ListQueryParser() {
    }

    /**
     * @param raw decoded query parameters in the order sent (a repeated key keeps its last value, as Rails does)
     */
    public static ListQuery parse(Map<String, String> raw, ListQuerySpec spec) {
        ValidationErrors errors = new ValidationErrors();
        List<String> unknown = new ArrayList<>();
        Map<String, String> plain = new LinkedHashMap<>();
        Map<String, Map<String, String>> bracketed = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : raw.entrySet()) {
            Matcher matcher = BRACKETED.matcher(entry.getKey());
            String base = matcher.matches() ? matcher.group(1) : entry.getKey();
            if (!spec.accepts(base)) {
                if (!unknown.contains(base)) {
                    unknown.add(base);
                }
                continue;
            }
            if (matcher.matches()) {
                bracketed.computeIfAbsent(base, k -> new LinkedHashMap<>()).put(matcher.group(2), entry.getValue());
            } else {
                plain.put(base, entry.getValue());
            }
        }
        if (!unknown.isEmpty()) {
            errors.add("Unknown query parameter(s): '" + String.join("', '", unknown) + "'. Valid parameters are: '"
                    + String.join("', '", spec.validParameters()) + "'");
        }

        int page = positiveInteger(plain.get(ListQuerySpec.PAGE), 1, "Page", errors);
        int perPage = positiveInteger(plain.get(ListQuerySpec.PER_PAGE), DEFAULT_PER_PAGE, "Per page", errors);
        if (perPage > MAX_PER_PAGE) {
            errors.add("Per page must be between 1 and " + MAX_PER_PAGE);
        }

        String orderField = spec.defaultOrderBy();
        boolean descending = false;
        String orderBy = plain.get(ListQuerySpec.ORDER_BY);
        String orderByForLinks = null;
        if (orderBy != null) {
            String field = orderBy;
            if (field.startsWith("-") || field.startsWith("+")) {
                descending = field.startsWith("-");
                field = field.substring(1);
            }
            if (!spec.orderByFields().contains(field)) {
                errors.add("Order by can only be: '" + String.join("', '", spec.orderByFields()) + "'");
            } else {
                orderField = field;
                orderByForLinks = (descending ? "-" : "+") + field;
            }
        }
        if (bracketed.containsKey(ListQuerySpec.PAGE) || bracketed.containsKey(ListQuerySpec.PER_PAGE)
                || bracketed.containsKey(ListQuerySpec.ORDER_BY)) {
            errors.add("Page must be a positive integer");
        }

        Map<String, List<String>> filters = new LinkedHashMap<>();
        for (String name : spec.validParameters()) {
            if (spec.listFilters().contains(name)) {
                if (plain.containsKey(name)) {
                    filters.put(name, split(plain.get(name)));
                }
                Map<String, String> operators = bracketed.get(name);
                if (operators != null) {
                    if (spec.negatableFilters().contains(name) && operators.size() == 1
                            && operators.containsKey("not")) {
                        filters.put(name + "[not]", split(operators.get("not")));
                    } else if (spec.negatableFilters().contains(name)) {
                        errors.add(BodyMessage.humanize(name) + " " + name + " has an invalid operator");
                    } else {
                        errors.add(BodyMessage.humanize(name) + " must be an array");
                    }
                }
            }
        }

        for (ListQuerySpec.Rule rule : spec.rules()) {
            rule.check(filters, errors);
        }

        List<TimestampFilter> timestamps = new ArrayList<>();
        for (String name : List.of(ListQuerySpec.CREATED_ATS, ListQuerySpec.UPDATED_ATS)) {
            TimestampFilter filter = timestampFilter(name, plain.get(name), bracketed.get(name), errors);
            if (filter != null) {
                timestamps.add(filter);
            }
        }

        LabelSelector selector = null;
        if (raw.containsKey(ListQuerySpec.LABEL_SELECTOR) && spec.accepts(ListQuerySpec.LABEL_SELECTOR)) {
            selector = LabelSelector.parse(plain.get(ListQuerySpec.LABEL_SELECTOR), errors);
        }

        errors.throwIfAny(spec.errorKind());

        TreeMap<String, String> linkParams = new TreeMap<>();
        linkParams.put(ListQuerySpec.PER_PAGE, Integer.toString(perPage));
        if (orderByForLinks != null) {
            linkParams.put(ListQuerySpec.ORDER_BY, orderByForLinks);
        }
        for (Map.Entry<String, String> entry : plain.entrySet()) {
            String key = entry.getKey();
            if (!key.equals(ListQuerySpec.PAGE) && !key.equals(ListQuerySpec.PER_PAGE)
                    && !key.equals(ListQuerySpec.ORDER_BY)) {
                linkParams.put(key, entry.getValue());
            }
        }
        bracketed.forEach((base, operators) -> operators.forEach((op, value) -> linkParams.put(base + "[" + op + "]",
                value)));
        return new ListQuery(page, perPage, orderField, descending, filters, timestamps, selector, plain,
                linkParams);
    }

    /** Renders link parameters as a query string (keys sorted, values URL-encoded, "," as %2C). */
    public static String queryString(Map<String, String> params, int page) {
        TreeMap<String, String> all = new TreeMap<>(params);
        all.put(ListQuerySpec.PAGE, Integer.toString(page));
        StringBuilder query = new StringBuilder();
        for (Map.Entry<String, String> entry : all.entrySet()) {
            query.append(query.length() == 0 ? "" : "&").append(encode(entry.getKey())).append('=')
                    .append(encode(entry.getValue()));
        }
        return query.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static int positiveInteger(String value, int fallback, String label, ValidationErrors errors) {
        if (value == null) {
            return fallback;
        }
        if (!POSITIVE_INTEGER.matcher(value).matches()) {
            errors.add(label + " must be a positive integer");
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.startsWith("+") ? value.substring(1) : value);
            if (parsed < 1) {
                errors.add(label + " must be a positive integer");
                return fallback;
            }
            return parsed;
        } catch (NumberFormatException tooLarge) {
            errors.add(label.equals("Page") ? "Page must be a positive integer"
                    : "Per page must be between 1 and " + MAX_PER_PAGE);
            return fallback;
        }
    }

    /** "a,b" → [a, b]; "" → [""] (CAPI: an empty element is a value too). */
    static List<String> split(String value) {
        List<String> parts = new ArrayList<>();
        for (String part : value.split(",", -1)) {
            parts.add(part);
        }
        return List.copyOf(parts);
    }

    private static TimestampFilter timestampFilter(String name, String plain, Map<String, String> operators,
            ValidationErrors errors) {
        if (plain == null && operators == null) {
            return null;
        }
        String label = BodyMessage.humanize(name);
        String formatError = label + " has an invalid timestamp format. Timestamps should be formatted as "
                + "'YYYY-MM-DDThh:mm:ssZ'";
        List<Instant> equal = new ArrayList<>();
        if (plain != null) {
            for (String part : split(plain)) {
                Instant instant = timestamp(part);
                if (instant == null) {
                    errors.add(formatError);
                    return null;
                }
                equal.add(instant);
            }
        }
        List<TimestampFilter.Bound> bounds = new ArrayList<>();
        if (operators != null) {
            for (Map.Entry<String, String> entry : operators.entrySet()) {
                TimestampFilter.Operator operator;
                try {
                    operator = TimestampFilter.Operator.valueOf(entry.getKey().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException badOperator) {
                    errors.add(label + " Invalid relational operator: '" + entry.getKey() + "'");
                    return null;
                }
                if (entry.getValue().contains(",")) {
                    errors.add(label + " only accepts one value when using a relational operator");
                    return null;
                }
                Instant instant = timestamp(entry.getValue());
                if (instant == null) {
                    errors.add(formatError);
                    return null;
                }
                bounds.add(new TimestampFilter.Bound(operator, instant));
            }
        }
        return new TimestampFilter(name.substring(0, name.length() - 1), List.copyOf(equal), List.copyOf(bounds));
    }

    private static Instant timestamp(String text) {
        if (!TIMESTAMP.matcher(text).matches()) {
            return null;
        }
        try {
            return LocalDateTime.parse(text, TIMESTAMP_FORMAT).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException invalidDate) {
            return null;
        }
    }
}

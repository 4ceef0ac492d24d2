package io.cfdeploy.message;

import io.cfdeploy.error.CfError;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Validates list query parameters against a {@link ListQuerySpec} with CAPI's messages and in CAPI's order
 * ({@code list_message.rb}, {@code metadata_list_message.rb}, {@code validators.rb}): page, per page, maximum
 * result, order by, timestamps, {@code guids}, label selector, unknown parameters, then the endpoint's own filters.
 * Numbers are read as Ruby's {@code to_i} reads them ({@code "2abc"} is page 2), as CAPI does.
 */
public final class ListQueryParser {
    public static final int DEFAULT_PER_PAGE = 50;
    public static final int MAX_PER_PAGE = 5000;
    /** CAPI's default {@code renderer.max_total_results}: page * per_page must not exceed it. */
    public static final BigInteger MAX_TOTAL_RESULTS = BigInteger.valueOf(Long.MAX_VALUE);
    /** Filtered by every CAPI list (ListMessage's COMMON_FILTERING_KEYS), so validated with the common keys. */
    static final String GUIDS = "guids";
    private static final Pattern BRACKETED = Pattern.compile("^([^\\[\\]]+)\\[([^\\[\\]]*)\\]$");
    /** CAPI's {@code opinionated_iso_8601}. */
    private static final Pattern TIMESTAMP = Pattern.compile("\\A\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z\\z");
    private static final DateTimeFormatter TIMESTAMP_FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'",
            Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);

    private ListQueryParser() {
    }

    /**
     * @param raw decoded query parameters in the order sent (a repeated key keeps its last value, as Rails does);
     *            a null value is a key sent without {@code =}
     */
    public static ListQuery parse(Map<String, String> raw, ListQuerySpec spec) {
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

        ValidationErrors errors = new ValidationErrors();

        // ListMessage: PaginationPageValidator (page, per_page, maximum result), then PaginationOrderValidator
        BigInteger pageValue = pagination(ListQuerySpec.PAGE, plain, bracketed, "Page", errors);
        BigInteger perPageValue = pagination(ListQuerySpec.PER_PAGE, plain, bracketed, "Per page", errors);
        if (perPageValue != null && perPageValue.signum() > 0
                && perPageValue.compareTo(BigInteger.valueOf(MAX_PER_PAGE)) > 0) {
            errors.add("Per page must be between 1 and " + MAX_PER_PAGE);
        }
        if (pageValue != null || perPageValue != null) {
            BigInteger product = (pageValue == null ? BigInteger.ONE : pageValue)
                    .multiply(perPageValue == null ? BigInteger.valueOf(DEFAULT_PER_PAGE) : perPageValue);
            if (product.compareTo(MAX_TOTAL_RESULTS) > 0) {
                errors.add("Maximum result (page * per_page) must be less than " + MAX_TOTAL_RESULTS);
            }
        }
        String orderField = spec.defaultOrderBy();
        boolean descending = false;
        String orderByForLinks = null;
        String orderBy = plain.get(ListQuerySpec.ORDER_BY);
        if (bracketed.containsKey(ListQuerySpec.ORDER_BY)) {
            errors.add(orderByError(spec));
        } else if (!RubyText.blank(orderBy)) {
            Matcher matcher = Pattern.compile("\\A([+-])?(" + String.join("|", spec.orderByFields()) + ")\\z")
                    .matcher(orderBy);
            if (matcher.matches()) {
                descending = "-".equals(matcher.group(1));
                orderField = matcher.group(2);
                orderByForLinks = (descending ? "-" : "+") + orderField;
            } else {
                errors.add(orderByError(spec));
            }
        }

        // ListMessage: created_ats, updated_ats, guids
        List<TimestampFilter> timestamps = new ArrayList<>();
        for (String name : List.of(ListQuerySpec.CREATED_ATS, ListQuerySpec.UPDATED_ATS)) {
            if (spec.accepts(name)) {
                TimestampFilter filter = timestampFilter(name, plain, bracketed.get(name), errors);
                if (filter != null) {
                    timestamps.add(filter);
                }
            }
        }
        Map<String, List<String>> filters = new LinkedHashMap<>();
        if (spec.listFilters().contains(GUIDS)) {
            listFilter(GUIDS, spec, plain, bracketed, filters, errors);
        }

        // MetadataListMessage: label_selector
        LabelSelector selector = null;
        if (spec.accepts(ListQuerySpec.LABEL_SELECTOR) && (plain.containsKey(ListQuerySpec.LABEL_SELECTOR)
                || bracketed.containsKey(ListQuerySpec.LABEL_SELECTOR))) {
            selector = LabelSelector.parse(plain.get(ListQuerySpec.LABEL_SELECTOR), errors);
        }

        // the endpoint's message: unknown parameters, then its own filters
        if (!unknown.isEmpty()) {
            errors.add("Unknown query parameter(s): '" + String.join("', '", unknown) + "'. Valid parameters are: '"
                    + String.join("', '", spec.validParameters()) + "'");
        }
        for (String name : spec.validParameters()) {
            if (!name.equals(GUIDS) && spec.listFilters().contains(name)) {
                listFilter(name, spec, plain, bracketed, filters, errors);
            }
        }

        for (ListQuerySpec.Rule rule : spec.rules()) {
            rule.check(filters, errors);
        }

        errors.throwIfAny(spec.errorKind());

        long page = pageValue == null ? 1 : pageValue.longValueExact();
        int perPage = perPageValue == null ? DEFAULT_PER_PAGE : perPageValue.intValueExact();
        TreeMap<String, String> linkParams = new TreeMap<>();
        linkParams.put(ListQuerySpec.PER_PAGE, Integer.toString(perPage));
        if (orderByForLinks != null) {
            linkParams.put(ListQuerySpec.ORDER_BY, orderByForLinks);
        }
        for (Map.Entry<String, String> entry : plain.entrySet()) {
            String key = entry.getKey();
            if (key.equals(ListQuerySpec.PAGE) || key.equals(ListQuerySpec.PER_PAGE)
                    || key.equals(ListQuerySpec.ORDER_BY)) {
                continue;
            }
            List<String> values = filters.get(key);
            linkParams.put(key, values != null ? linkValue(values) : entry.getValue() == null ? ""
                    : key.equals(ListQuerySpec.CREATED_ATS) || key.equals(ListQuerySpec.UPDATED_ATS)
                            ? linkValue(listValues(entry.getValue())) : entry.getValue());
        }
        bracketed.forEach((base, operators) -> {
            if (!base.equals(ListQuerySpec.PAGE) && !base.equals(ListQuerySpec.PER_PAGE)) {
                operators.forEach((op, value) -> linkParams.put(base + "[" + op + "]", value == null ? "" : value));
            }
        });
        return new ListQuery(page, perPage, orderField, descending, Collections.unmodifiableMap(filters),
                List.copyOf(timestamps), selector, Collections.unmodifiableMap(plain), linkParams);
    }

    /**
     * Renders link parameters as CAPI does (Rails' {@code to_query}): every {@code key=value} pair escaped with
     * {@code CGI.escape} ("+" for spaces, "," as %2C), pairs sorted, {@code page} included.
     */
    public static String queryString(Map<String, String> params, long page) {
        List<String> pairs = new ArrayList<>();
        params.forEach((key, value) -> {
            if (!key.equals(ListQuerySpec.PAGE)) {
                pairs.add(RubyText.cgiEscape(key) + "=" + RubyText.cgiEscape(value));
            }
        });
        pairs.add(ListQuerySpec.PAGE + "=" + page);
        Collections.sort(pairs);
        return String.join("&", pairs);
    }

    /** A page or per_page value as Ruby's to_i reads it; null when absent (or sent without "="). */
    private static BigInteger pagination(String name, Map<String, String> plain,
            Map<String, Map<String, String>> bracketed, String label, ValidationErrors errors) {
        if (bracketed.containsKey(name)) {
            errors.add(label + " must be a positive integer");
            return null;
        }
        String value = plain.get(name);
        if (value == null) {
            return null;
        }
        BigInteger number = RubyText.toI(value);
        if (number.signum() <= 0) {
            errors.add(label + " must be a positive integer");
            return null;
        }
        return number;
    }

    private static String orderByError(ListQuerySpec spec) {
        return "Order by can only be: '" + String.join("', '", spec.orderByFields()) + "'";
    }

    private static void listFilter(String name, ListQuerySpec spec, Map<String, String> plain,
            Map<String, Map<String, String>> bracketed, Map<String, List<String>> filters, ValidationErrors errors) {
        if (plain.containsKey(name)) {
            filters.put(name, listValues(plain.get(name)));
        }
        Map<String, String> operators = bracketed.get(name);
        if (operators != null) {
            if (spec.negatableFilters().contains(name) && operators.size() == 1 && operators.containsKey("not")) {
                filters.put(name + "[not]", listValues(operators.get("not")));
            } else if (spec.negatableFilters().contains(name)) {
                errors.add(BodyMessage.humanize(name) + " " + name + " has an invalid operator");
            } else {
                errors.add(BodyMessage.humanize(name) + " must be an array");
            }
        }
    }

    /**
     * CAPI's {@code to_array!}: "" is one empty value, otherwise split on {@code /,\s*\/} (Ruby split, so a
     * trailing comma adds nothing) and each element %-unescaped (a literal comma travels as %2C). A key sent
     * without "=" has no values. An element that unescapes to U+0000 ({@code %2500} on the wire) is refused here,
     * as {@code NulInUrls} refuses a plain {@code %00}: PostgreSQL cannot compare it.
     */
    static List<String> listValues(String value) {
        if (value == null) {
            return List.of();
        }
        if (value.isEmpty()) {
            return List.of("");
        }
        List<String> parts = new ArrayList<>();
        for (String part : RubyText.split(value, ",\\s*")) {
            String element = RubyText.unescape(part);
            if (element.indexOf('\0') >= 0) {
                throw CfError.BAD_QUERY_PARAMETER.exception("the NUL character (%00) is not allowed");
            }
            parts.add(element);
        }
        return List.copyOf(parts);
    }

    /** The inverse for links: commas inside a value pre-escaped, values joined with ",". */
    private static String linkValue(List<String> values) {
        List<String> escaped = new ArrayList<>();
        for (String value : values) {
            escaped.add(value.replace(",", "%2C"));
        }
        return String.join(",", escaped);
    }

    /**
     * created_ats / updated_ats ({@code TimestampValidator}): each listed timestamp must be well formed; each
     * relational operator must be lt/lte/gt/gte and carry exactly one well-formed timestamp. Every problem is
     * reported, as CAPI does.
     */
    private static TimestampFilter timestampFilter(String name, Map<String, String> plainParameters,
            Map<String, String> operators, ValidationErrors errors) {
        boolean given = plainParameters.containsKey(name);
        String plain = plainParameters.get(name);
        if (!given && operators == null) {
            return null;
        }
        String label = BodyMessage.humanize(name);
        String formatError = label + " has an invalid timestamp format. Timestamps should be formatted as "
                + "'YYYY-MM-DDThh:mm:ssZ'";
        boolean valid = true;
        List<Instant> equal = new ArrayList<>();
        if (plain != null) {
            for (String part : listValues(plain)) {
                Instant instant = timestamp(part);
                if (instant == null) {
                    errors.add(formatError);
                    valid = false;
                } else {
                    equal.add(instant);
                }
            }
        }
        List<TimestampFilter.Bound> bounds = new ArrayList<>();
        if (operators != null) {
            for (Map.Entry<String, String> entry : operators.entrySet()) {
                TimestampFilter.Operator operator = operator(entry.getKey());
                if (operator == null) {
                    errors.add(label + " Invalid relational operator: '" + entry.getKey() + "'");
                    valid = false;
                }
                String value = entry.getValue() == null ? "" : entry.getValue();
                if (value.contains(",")) {
                    errors.add(label + " only accepts one value when using a relational operator");
                    valid = false;
                    continue;
                }
                Instant instant = timestamp(value);
                if (instant == null) {
                    errors.add(formatError);
                    valid = false;
                } else if (operator != null) {
                    bounds.add(new TimestampFilter.Bound(operator, instant));
                }
            }
        }
        if (!valid || (equal.isEmpty() && bounds.isEmpty())) {
            return null;
        }
        return new TimestampFilter(name.substring(0, name.length() - 1), List.copyOf(equal), List.copyOf(bounds));
    }

    private static TimestampFilter.Operator operator(String text) {
        for (TimestampFilter.Operator operator : TimestampFilter.Operator.values()) {
            if (operator.name().toLowerCase(Locale.ROOT).equals(text)) {
                return operator;
            }
        }
        return null;
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

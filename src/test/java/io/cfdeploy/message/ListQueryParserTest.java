package io.cfdeploy.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cfdeploy.error.CfError;
import io.cfdeploy.error.CfException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** ListQueryParser against CAPI's ListMessage behaviour, without a server. */
class ListQueryParserTest {
    /** The organizations list, as OrganizationFetcher declares it. */
    static final ListQuerySpec ORGS = ListQuerySpec.builder().filters("guids", "names")
            .parameter("isolation_segment_guid").labelSelector().orderBy("created_at", "updated_at", "name").build();
    static final String VALID = "Valid parameters are: 'page', 'per_page', 'order_by', 'created_ats', "
            + "'updated_ats', 'guids', 'names', 'isolation_segment_guid', 'label_selector'";
    static final String TIMESTAMP_FORMAT = "Created ats has an invalid timestamp format. Timestamps should be "
            + "formatted as 'YYYY-MM-DDThh:mm:ssZ'";

    static Map<String, String> params(String... keyValues) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            params.put(keyValues[i], keyValues[i + 1]);
        }
        return params;
    }

    static ListQuery parse(String... keyValues) {
        return ListQueryParser.parse(params(keyValues), ORGS);
    }

    static String error(String... keyValues) {
        CfException exception = assertThrows(CfException.class, () -> parse(keyValues));
        assertEquals(CfError.BAD_QUERY_PARAMETER, exception.error());
        String prefix = "The query parameter is invalid: ";
        assertTrue(exception.detail().startsWith(prefix), exception.detail());
        return exception.detail().substring(prefix.length());
    }

    @Test
    void defaults() {
        ListQuery query = parse();
        assertEquals(1, query.page());
        assertEquals(50, query.perPage());
        assertNull(query.orderField());
        assertFalse(query.descending());
        assertTrue(query.filters().isEmpty());
        assertTrue(query.timestamps().isEmpty());
        assertNull(query.labelSelector());
        assertEquals("page=1&per_page=50", ListQueryParser.queryString(query.linkParams(), 1));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"2|2", "'  3'|3", "+4|4", "5abc|5", "1.9|1", "1_0|10", "007|7"})
    void pageIsReadAsRubyToI(String text, long page) {
        assertEquals(page, parse("page", text).page());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "abc", "", " ", "0x10", "-0", "_1"})
    void pageMustBePositive(String text) {
        assertEquals("Page must be a positive integer", error("page", text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "abc", ""})
    void perPageMustBePositive(String text) {
        assertEquals("Per page must be a positive integer", error("per_page", text));
    }

    @Test
    void perPageAtMost5000() {
        assertEquals(5000, parse("per_page", "5000").perPage());
        assertEquals("Per page must be between 1 and 5000", error("per_page", "5001"));
        assertEquals("Per page must be between 1 and 5000, "
                + "Maximum result (page * per_page) must be less than 9223372036854775807",
                error("per_page", "99999999999999999999"));
    }

    @Test
    void pageTimesPerPageMustFitTheMaximumResult() {
        assertEquals(184467440737095516L, parse("page", "184467440737095516").page());
        assertEquals("Maximum result (page * per_page) must be less than 9223372036854775807",
                error("page", "184467440737095517"));
        assertEquals("Maximum result (page * per_page) must be less than 9223372036854775807",
                error("page", "99999999999999999999999"));
        assertEquals((Long.MAX_VALUE / 5000) * 5000 - 5000, parse("page", Long.toString(Long.MAX_VALUE / 5000),
                "per_page", "5000").offset());
    }

    @Test
    void keySentWithoutValueMeansTheDefaultForPagination() {
        ListQuery query = parse("page", null, "per_page", null, "order_by", null);
        assertEquals(1, query.page());
        assertEquals(50, query.perPage());
        assertNull(query.orderField());
    }

    @Test
    void orderBy() {
        ListQuery ascending = parse("order_by", "name");
        assertEquals("name", ascending.orderField());
        assertFalse(ascending.descending());
        assertTrue(ListQueryParser.queryString(ascending.linkParams(), 1).contains("order_by=%2Bname"));
        ListQuery plus = parse("order_by", "+created_at");
        assertEquals("created_at", plus.orderField());
        assertFalse(plus.descending());
        ListQuery descending = parse("order_by", "-updated_at");
        assertEquals("updated_at", descending.orderField());
        assertTrue(descending.descending());
        assertEquals("order_by=-updated_at&page=2&per_page=50",
                ListQueryParser.queryString(descending.linkParams(), 2));
    }

    @Test
    void blankOrderByIsIgnored() {
        assertNull(parse("order_by", "").orderField());
        assertNull(parse("order_by", "  ").orderField());
        assertEquals("page=1&per_page=50", ListQueryParser.queryString(parse("order_by", "").linkParams(), 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"foo", "+", "-", "--name", "name ", " name", "NAME", "guid", "id", "created_at,name"})
    void orderByMustBeKnown(String text) {
        assertEquals("Order by can only be: 'created_at', 'updated_at', 'name'", error("order_by", text));
    }

    @Test
    void unknownParametersAreListedInTheOrderSentThenTheValidOnes() {
        assertEquals("Unknown query parameter(s): 'foo', 'bar'. " + VALID,
                error("foo", "1", "page", "1", "bar", "2", "foo[x]", "3"));
    }

    @Test
    void unknownParametersComeAfterTheListMessageErrors() {
        assertEquals("Page must be a positive integer, Per page must be a positive integer, "
                + "Order by can only be: 'created_at', 'updated_at', 'name', " + TIMESTAMP_FORMAT
                + ", Guids must be an array, Invalid label_selector value, Unknown query parameter(s): 'zzz'. "
                + VALID + ", Names must be an array",
                error("zzz", "1", "names[x]", "a", "label_selector", "a b", "guids[y]", "b", "created_ats", "x",
                        "order_by", "x", "per_page", "0", "page", "0"));
    }

    @Test
    void listFiltersSplitOnCommasAndUnescapeEachValue() {
        assertEquals(List.of("a", "b", "c"), parse("names", "a,b, c").filter("names"));
        assertEquals(List.of("a", "", "b"), parse("names", "a,,b").filter("names"));
        assertEquals(List.of("a"), parse("names", "a,").filter("names"));
        assertEquals(List.of(""), parse("names", "").filter("names"));
        assertEquals(List.of(), parse("names", ",").filter("names"));
        assertEquals(List.of(), parse("names", null).filter("names"));
        assertEquals(List.of("a,b", "c d"), parse("names", "a%2Cb,c%20d").filter("names"));
        assertEquals(List.of("100%", "%zz"), parse("names", "100%,%zz").filter("names"));
    }

    @Test
    void bracketedListFilterIsNotAnArray() {
        assertEquals("Names must be an array", error("names[foo]", "x"));
        assertEquals("Guids must be an array", error("guids[in]", "x"));
    }

    @Test
    void bracketedPaginationParameters() {
        assertEquals("Page must be a positive integer", error("page[x]", "1"));
        assertEquals("Per page must be a positive integer", error("per_page[x]", "1"));
        assertEquals("Order by can only be: 'created_at', 'updated_at', 'name'", error("order_by[x]", "name"));
    }

    @Test
    void linksRepeatFiltersSortedAndEscapedAsRailsToQuery() {
        ListQuery query = parse("per_page", "2", "names", "b c,a%2Cx", "label_selector", "env in (a,b)",
                "guids", "g1", "isolation_segment_guid", "i", "order_by", "-name", "page", "3",
                "created_ats[gte]", "2020-01-01T00:00:00Z");
        assertEquals("created_ats%5Bgte%5D=2020-01-01T00%3A00%3A00Z&guids=g1&isolation_segment_guid=i"
                + "&label_selector=env+in+%28a%2Cb%29&names=b+c%2Ca%252Cx&order_by=-name&page=4&per_page=2",
                ListQueryParser.queryString(query.linkParams(), 4));
        assertEquals(3, query.page());
    }

    @Test
    void linksEscapeLikeCgiEscape() {
        ListQuery query = parse("names", "a~b*c d");
        assertEquals("names=a~b%2Ac+d&page=1&per_page=50",
                ListQueryParser.queryString(query.linkParams(), 1));
    }

    @Test
    void timestampEquality() {
        ListQuery query = parse("created_ats", "2020-01-02T03:04:05Z,2021-01-01T00:00:00Z");
        TimestampFilter filter = query.timestamps().get(0);
        assertEquals("created_at", filter.column());
        assertEquals(List.of(Instant.parse("2020-01-02T03:04:05Z"), Instant.parse("2021-01-01T00:00:00Z")),
                filter.equalTo());
        assertTrue(filter.bounds().isEmpty());
    }

    @Test
    void timestampOperatorsAndTogether() {
        ListQuery query = parse("updated_ats[gt]", "2020-01-01T00:00:00Z", "updated_ats[lte]", "2020-02-01T00:00:00Z");
        TimestampFilter filter = query.timestamps().get(0);
        assertEquals("updated_at", filter.column());
        assertEquals(2, filter.bounds().size());
        TimestampFilter.Bound gt = filter.bounds().get(0);
        assertEquals(TimestampFilter.Operator.GT, gt.operator());
        assertTrue(gt.isLower());
        assertEquals(Instant.parse("2020-01-01T00:00:01Z"), gt.lowerInclusive());
        TimestampFilter.Bound lte = filter.bounds().get(1);
        assertFalse(lte.isLower());
        assertEquals(Instant.parse("2020-02-01T00:00:01Z"), lte.upperExclusive());
        TimestampFilter.Bound lt = parse("created_ats[lt]", "2020-01-01T00:00:00Z").timestamps().get(0).bounds()
                .get(0);
        assertEquals(Instant.parse("2020-01-01T00:00:00Z"), lt.upperExclusive());
        TimestampFilter.Bound gte = parse("created_ats[gte]", "2020-01-01T00:00:00Z").timestamps().get(0).bounds()
                .get(0);
        assertEquals(Instant.parse("2020-01-01T00:00:00Z"), gte.lowerInclusive());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2020", "", "2020-01-01", "2020-01-01T00:00:00", "2020-01-01T00:00:00.000Z",
            "2020-01-01 00:00:00Z", "2020-01-01T00:00:00+00:00", "2020-13-01T00:00:00Z", "2020-02-30T00:00:00Z",
            "2020-01-01T24:00:00Z", "2020-01-01T00:00:00Z\n", "x2020-01-01T00:00:00Z"})
    void timestampFormat(String text) {
        assertEquals(TIMESTAMP_FORMAT, error("created_ats", text));
        assertEquals(TIMESTAMP_FORMAT, error("created_ats[lt]", text));
    }

    @Test
    void everyBadTimestampIsReported() {
        assertEquals(TIMESTAMP_FORMAT + ", " + TIMESTAMP_FORMAT, error("created_ats", "a,b"));
        assertEquals("Updated ats has an invalid timestamp format. Timestamps should be formatted as "
                + "'YYYY-MM-DDThh:mm:ssZ'", error("updated_ats", "yesterday"));
    }

    @Test
    void relationalOperatorErrors() {
        assertEquals("Created ats Invalid relational operator: 'foo'",
                error("created_ats[foo]", "2020-01-01T00:00:00Z"));
        assertEquals("Created ats Invalid relational operator: 'foo', " + TIMESTAMP_FORMAT,
                error("created_ats[foo]", "bad"));
        assertEquals("Created ats Invalid relational operator: 'GT'", error("created_ats[GT]", "2020-01-01T00:00:00Z"));
        assertEquals("Created ats only accepts one value when using a relational operator",
                error("created_ats[gt]", "a,b"));
        assertEquals("Created ats only accepts one value when using a relational operator",
                error("created_ats[lte]", "2020-01-01T00:00:00Z,2020-01-02T00:00:00Z"));
    }

    @Test
    void labelSelectorIsParsedWhenGiven() {
        ListQuery query = parse("label_selector", "env=prod");
        assertEquals(1, query.labelSelector().requirements().size());
        assertEquals("Missing label_selector value", error("label_selector", null));
        assertEquals("Missing label_selector value", error("label_selector", ""));
    }

    @Test
    void unprocessableSpecsAnswer422() {
        ListQuerySpec users = ListQuerySpec.builder().filters("guids").unprocessableOnError().build();
        CfException exception = assertThrows(CfException.class,
                () -> ListQueryParser.parse(params("page", "0"), users));
        assertEquals(CfError.UNPROCESSABLE_ENTITY, exception.error());
        assertEquals("Page must be a positive integer", exception.detail());
    }

    @Test
    void negatableFilters() {
        ListQuerySpec spec = ListQuerySpec.builder().negatableFilter("target_guids").build();
        ListQuery query = ListQueryParser.parse(params("target_guids[not]", "a,b"), spec);
        assertEquals(List.of("a", "b"), query.filter("target_guids[not]"));
        CfException exception = assertThrows(CfException.class,
                () -> ListQueryParser.parse(params("target_guids[in]", "a"), spec));
        assertEquals("The query parameter is invalid: Target guids target_guids has an invalid operator",
                exception.detail());
    }

    @Test
    void offset() {
        assertEquals(0, parse().offset());
        assertEquals(40, parse("page", "5", "per_page", "10").offset());
    }
}

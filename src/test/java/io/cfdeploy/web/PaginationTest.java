package io.cfdeploy.web;

import static io.cfdeploy.support.Errors.badQuery;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cfdeploy.support.Api;
import io.cfdeploy.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pagination, ordering, timestamp filters and the list-parameter errors of CAPI's ListMessage, on
 * {@code GET /v3/organizations}. Each test labels its own organizations with a run-unique value and lists with a
 * label selector, so earlier runs and other tests never show up.
 */
@QuarkusTest
class PaginationTest {
    static final String VALID = "Valid parameters are: 'page', 'per_page', 'order_by', 'created_ats', "
            + "'updated_ats', 'guids', 'names', 'isolation_segment_guid', 'label_selector'";
    static final String TIMESTAMP_FORMAT = "Created ats has an invalid timestamp format. Timestamps should be "
            + "formatted as 'YYYY-MM-DDThh:mm:ssZ'";

    String run;

    @BeforeEach
    void newRun() {
        run = "r" + UUID.randomUUID().toString().replace("-", "");
    }

    /** Creates organizations named {@code <prefix>-<run>-<suffix>} labelled {@code run=<run>}; returns guids. */
    List<String> createOrgs(String... suffixes) {
        List<String> guids = new ArrayList<>();
        for (String suffix : suffixes) {
            guids.add(Api.asAdmin().body("{\"name\":\"pg-" + run + "-" + suffix + "\",\"metadata\":{\"labels\":"
                    + "{\"run\":\"" + run + "\"}}}").post("/v3/organizations").then().statusCode(201).extract()
                    .path("guid"));
        }
        return guids;
    }

    RequestSpecification list() {
        return Api.asAdmin().queryParam("label_selector", "run=" + run);
    }

    static String base() {
        return RestAssured.baseURI + ":" + RestAssured.port + "/v3/organizations?";
    }

    String link(String query) {
        return base() + "label_selector=run%3D" + run + "&" + query;
    }

    static List<String> guids(ValidatableResponse response) {
        return response.extract().path("resources.guid");
    }

    @Test
    void pagesThroughALabelledSet() {
        List<String> orgs = createOrgs("a", "b", "c", "d", "e");

        ValidatableResponse first = list().queryParam("per_page", 2).get("/v3/organizations").then().statusCode(200)
                .body("pagination.total_results", equalTo(5))
                .body("pagination.total_pages", equalTo(3))
                .body("pagination.first.href", equalTo(link("page=1&per_page=2")))
                .body("pagination.last.href", equalTo(link("page=3&per_page=2")))
                .body("pagination.next.href", equalTo(link("page=2&per_page=2")))
                .body("pagination.previous", nullValue());
        assertEquals(orgs.subList(0, 2), guids(first));

        ValidatableResponse second = list().queryParam("per_page", 2).queryParam("page", 2).get("/v3/organizations")
                .then().statusCode(200)
                .body("pagination.total_results", equalTo(5))
                .body("pagination.first.href", equalTo(link("page=1&per_page=2")))
                .body("pagination.last.href", equalTo(link("page=3&per_page=2")))
                .body("pagination.next.href", equalTo(link("page=3&per_page=2")))
                .body("pagination.previous.href", equalTo(link("page=1&per_page=2")));
        assertEquals(orgs.subList(2, 4), guids(second));

        ValidatableResponse last = list().queryParam("per_page", 2).queryParam("page", 3).get("/v3/organizations")
                .then().statusCode(200)
                .body("pagination.next", nullValue())
                .body("pagination.previous.href", equalTo(link("page=2&per_page=2")));
        assertEquals(orgs.subList(4, 5), guids(last));
    }

    @Test
    void pageBeyondTheLastIsEmptyWithAPreviousLink() {
        createOrgs("a", "b", "c");
        list().queryParam("per_page", 2).queryParam("page", 7).get("/v3/organizations").then().statusCode(200)
                .body("pagination.total_results", equalTo(3))
                .body("pagination.total_pages", equalTo(2))
                .body("pagination.last.href", equalTo(link("page=2&per_page=2")))
                .body("pagination.next", nullValue())
                .body("pagination.previous.href", equalTo(link("page=6&per_page=2")))
                .body("resources", empty());
    }

    @Test
    void emptyListHasOnePage() {
        list().get("/v3/organizations").then().statusCode(200)
                .body("pagination.total_results", equalTo(0))
                .body("pagination.total_pages", equalTo(1))
                .body("pagination.first.href", equalTo(link("page=1&per_page=50")))
                .body("pagination.last.href", equalTo(link("page=1&per_page=50")))
                .body("pagination.next", nullValue())
                .body("pagination.previous", nullValue())
                .body("resources", empty());
    }

    @Test
    void exactMultipleOfPerPage() {
        createOrgs("a", "b", "c", "d");
        list().queryParam("per_page", 2).queryParam("page", 2).get("/v3/organizations").then().statusCode(200)
                .body("pagination.total_pages", equalTo(2))
                .body("pagination.next", nullValue());
    }

    @Test
    void rubyToIPageNumbers() {
        List<String> orgs = createOrgs("a", "b", "c");
        ValidatableResponse response = list().queryParam("per_page", "1abc").queryParam("page", " 2")
                .get("/v3/organizations").then().statusCode(200)
                .body("pagination.first.href", equalTo(link("page=1&per_page=1")));
        assertEquals(List.of(orgs.get(1)), guids(response));
    }

    @Test
    void orderByCreatedAtDescending() {
        List<String> orgs = createOrgs("a", "b", "c");
        ValidatableResponse response = list().queryParam("order_by", "-created_at").get("/v3/organizations").then()
                .statusCode(200)
                .body("pagination.first.href", equalTo(base() + "label_selector=run%3D" + run
                        + "&order_by=-created_at&page=1&per_page=50"));
        List<String> expected = new ArrayList<>(orgs);
        Collections.reverse(expected);
        assertEquals(expected, guids(response));
        assertEquals(orgs, guids(list().queryParam("order_by", "+created_at").get("/v3/organizations").then()
                .statusCode(200).body("pagination.first.href", equalTo(base() + "label_selector=run%3D" + run
                        + "&order_by=%2Bcreated_at&page=1&per_page=50"))));
    }

    /**
     * CAPI's paginator breaks ties on the ordered column by guid in the same direction, on every page: rows with
     * identical timestamps (set in the database) come back in guid order, reversed for a descending order, whatever
     * order they were created in.
     */
    @Test
    void tiesAreBrokenByGuidInTheOrdersDirectionAcrossPages() {
        List<String> orgs = createOrgs("a", "b", "c", "d", "e");
        List<String> ascending = new ArrayList<>(orgs);
        Collections.sort(ascending);
        Db.update(Db.database(), "UPDATE organizations SET created_at = '2026-01-02T03:04:05Z', "
                + "updated_at = '2026-02-03T04:05:06Z' WHERE guid = ANY (?)", (Object) orgs.toArray(new String[0]));
        List<String> descending = new ArrayList<>(ascending);
        Collections.reverse(descending);
        for (String orderBy : List.of("created_at", "+updated_at", "-created_at", "-updated_at")) {
            List<String> expected = orderBy.startsWith("-") ? descending : ascending;
            assertEquals(expected, guids(list().queryParam("order_by", orderBy).get("/v3/organizations").then()
                    .statusCode(200)), orderBy);
            List<String> paged = new ArrayList<>();
            for (int page = 1; page <= 3; page++) {
                paged.addAll(guids(list().queryParam("order_by", orderBy).queryParam("per_page", 2)
                        .queryParam("page", page).get("/v3/organizations").then().statusCode(200)));
            }
            assertEquals(expected, paged, orderBy + " across pages");
        }
    }

    @Test
    void orderByName() {
        List<String> orgs = createOrgs("c", "a", "b");
        assertEquals(List.of(orgs.get(1), orgs.get(2), orgs.get(0)),
                guids(list().queryParam("order_by", "name").get("/v3/organizations").then().statusCode(200)
                        .body("pagination.first.href", equalTo(base() + "label_selector=run%3D" + run
                                + "&order_by=%2Bname&page=1&per_page=50"))));
        assertEquals(List.of(orgs.get(0), orgs.get(2), orgs.get(1)),
                guids(list().queryParam("order_by", "-name").get("/v3/organizations").then().statusCode(200)));
        assertEquals(List.of(orgs.get(1), orgs.get(2)), guids(list().queryParam("order_by", "name")
                .queryParam("per_page", 2).get("/v3/organizations").then().statusCode(200)
                .body("pagination.next.href", equalTo(base() + "label_selector=run%3D" + run
                        + "&order_by=%2Bname&page=2&per_page=2"))));
    }

    @Test
    void defaultOrderIsCreationOrderAndBlankOrderByIsIgnored() {
        List<String> orgs = createOrgs("b", "a");
        assertEquals(orgs, guids(list().get("/v3/organizations").then().statusCode(200)));
        assertEquals(orgs, guids(list().queryParam("order_by", "").get("/v3/organizations").then().statusCode(200)
                .body("pagination.first.href", equalTo(link("page=1&per_page=50")))));
    }

    @Test
    void filtersAreRepeatedInLinks() {
        List<String> orgs = createOrgs("a", "b");
        String names = "pg-" + run + "-a,pg-" + run + "-b";
        ValidatableResponse response = list().queryParam("names", names).queryParam("guids", orgs.get(0))
                .queryParam("per_page", 1).get("/v3/organizations").then().statusCode(200)
                .body("pagination.total_results", equalTo(1))
                .body("pagination.first.href", equalTo(base() + "guids=" + orgs.get(0) + "&label_selector=run%3D"
                        + run + "&names=pg-" + run + "-a%2Cpg-" + run + "-b&page=1&per_page=1"));
        assertEquals(List.of(orgs.get(0)), guids(response));
    }

    // ---- timestamp filters ----

    @Test
    void timestampFilters() {
        String guid = createOrgs("t").get(0);
        String createdAt = Api.asAdmin().get("/v3/organizations/" + guid).then().statusCode(200).extract()
                .path("created_at");
        Instant at = Instant.parse(createdAt);
        String before = at.minusSeconds(1).toString();
        String after = at.plusSeconds(1).toString();
        Function<String[], List<String>> query = pairs -> {
            RequestSpecification request = list();
            for (int i = 0; i < pairs.length; i += 2) {
                request = request.queryParam(pairs[i], pairs[i + 1]);
            }
            return guids(request.get("/v3/organizations").then().statusCode(200));
        };
        List<String> found = List.of(guid);
        List<String> none = List.of();
        assertEquals(found, query.apply(new String[] {"created_ats", createdAt}));
        assertEquals(found, query.apply(new String[] {"created_ats", before + "," + createdAt}));
        assertEquals(none, query.apply(new String[] {"created_ats", before}));
        assertEquals(none, query.apply(new String[] {"created_ats", after}));
        assertEquals(none, query.apply(new String[] {"created_ats[lt]", createdAt}));
        assertEquals(found, query.apply(new String[] {"created_ats[lt]", after}));
        assertEquals(found, query.apply(new String[] {"created_ats[lte]", createdAt}));
        assertEquals(none, query.apply(new String[] {"created_ats[lte]", before}));
        assertEquals(none, query.apply(new String[] {"created_ats[gt]", createdAt}));
        assertEquals(found, query.apply(new String[] {"created_ats[gt]", before}));
        assertEquals(found, query.apply(new String[] {"created_ats[gte]", createdAt}));
        assertEquals(none, query.apply(new String[] {"created_ats[gte]", after}));
        assertEquals(found, query.apply(new String[] {"created_ats[gte]", createdAt, "created_ats[lte]", createdAt}));
        assertEquals(none, query.apply(new String[] {"created_ats[gt]", before, "created_ats[lt]", createdAt}));
        assertEquals(found, query.apply(new String[] {"updated_ats", createdAt}));
        assertEquals(none, query.apply(new String[] {"updated_ats[gt]", createdAt}));
    }

    @Test
    void timestampFilterIsRepeatedInLinks() {
        list().queryParam("created_ats[gte]", "2020-01-01T00:00:00Z").get("/v3/organizations").then()
                .statusCode(200)
                .body("pagination.first.href", equalTo(base() + "created_ats%5Bgte%5D=2020-01-01T00%3A00%3A00Z"
                        + "&label_selector=run%3D" + run + "&page=1&per_page=50"));
    }

    // ---- errors ----

    ValidatableResponse listWith(String name, Object value) {
        return Api.asAdmin().queryParam(name, value).get("/v3/organizations").then();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "abc", ""})
    void badPage(String page) {
        badQuery(listWith("page", page), "Page must be a positive integer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-3", "abc", ""})
    void badPerPage(String perPage) {
        badQuery(listWith("per_page", perPage), "Per page must be a positive integer");
    }

    @Test
    void perPageAbove5000() {
        badQuery(listWith("per_page", "5001"), "Per page must be between 1 and 5000");
        Api.asAdmin().queryParam("per_page", 5000).queryParam("label_selector", "run=" + run)
                .get("/v3/organizations").then().statusCode(200);
    }

    @Test
    void maximumResult() {
        badQuery(listWith("page", "184467440737095517"),
                "Maximum result (page * per_page) must be less than 9223372036854775807");
        list().queryParam("page", "184467440737095516").get("/v3/organizations").then().statusCode(200)
                .body("resources", empty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"foo", "guid", "-", "+", "name,created_at", " name"})
    void badOrderBy(String orderBy) {
        badQuery(listWith("order_by", orderBy), "Order by can only be: 'created_at', 'updated_at', 'name'");
    }

    @Test
    void unknownParametersListTheValidOnesInOrder() {
        badQuery(Api.asAdmin().queryParam("foo", 1).queryParam("bar", 2).get("/v3/organizations").then(),
                "Unknown query parameter(s): 'foo', 'bar'. " + VALID);
        badQuery(listWith("states", "ACTIVE"), "Unknown query parameter(s): 'states'. " + VALID);
    }

    @Test
    void badTimestamps() {
        badQuery(listWith("created_ats", "2020-01-01"), TIMESTAMP_FORMAT);
        badQuery(listWith("created_ats", "2020-01-01T00:00:00.000Z"), TIMESTAMP_FORMAT);
        badQuery(listWith("created_ats", "yesterday,today"), TIMESTAMP_FORMAT + ", " + TIMESTAMP_FORMAT);
        badQuery(listWith("created_ats[foo]", "2020-01-01T00:00:00Z"),
                "Created ats Invalid relational operator: 'foo'");
        badQuery(listWith("created_ats[gt]", "a,b"),
                "Created ats only accepts one value when using a relational operator");
        badQuery(listWith("updated_ats[lt]", "soon"), "Updated ats has an invalid timestamp format. Timestamps "
                + "should be formatted as 'YYYY-MM-DDThh:mm:ssZ'");
    }

    @Test
    void bracketedListFilter() {
        badQuery(listWith("names[foo]", "x"), "Names must be an array");
    }

    @Test
    void allErrorsTogetherInCapiOrder() {
        badQuery(Api.asAdmin().queryParam("zzz", 1).queryParam("order_by", "x").queryParam("page", 0)
                .queryParam("created_ats", "x").queryParam("label_selector", "a b").get("/v3/organizations")
                .then(), "Page must be a positive integer, Order by can only be: 'created_at', 'updated_at', 'name', "
                        + TIMESTAMP_FORMAT + ", Invalid label_selector value, Unknown query parameter(s): 'zzz'. "
                        + VALID);
    }

    @Test
    void linksAreAbsolute() {
        String href = list().get("/v3/organizations").then().statusCode(200).extract().path("pagination.first.href");
        assertTrue(href.startsWith("http://"), href);
    }
}

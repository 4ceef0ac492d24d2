package io.cfdeploy.web;

import static io.cfdeploy.support.Errors.badQuery;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cfdeploy.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every label selector form on {@code GET /v3/organizations}, over four organizations that share a run-unique
 * label (every query ANDs {@code run=<run>} so other data never matches), and CAPI's selector errors.
 */
@QuarkusTest
class LabelSelectorTest {
    String run;
    String prod;
    String dev;
    String none;
    String staging;

    String create(String name, String labels) {
        return Api.asAdmin().body("{\"name\":\"ls-" + run + "-" + name + "\",\"metadata\":{\"labels\":{\"run\":\""
                + run + "\"" + labels + "}}}").post("/v3/organizations").then().statusCode(201).extract()
                .path("guid");
    }

    @BeforeEach
    void organizations() {
        run = "r" + UUID.randomUUID().toString().replace("-", "");
        prod = create("prod", ",\"env\":\"prod\",\"tier\":\"web\"");
        dev = create("dev", ",\"env\":\"dev\",\"empty\":\"\"");
        none = create("none", ",\"example.com/team\":\"a\"");
        staging = create("staging", ",\"env\":\"staging\",\"tier\":\"db\"");
    }

    Set<String> select(String selector) {
        List<String> guids = Api.asAdmin().queryParam("label_selector", "run=" + run + "," + selector)
                .get("/v3/organizations").then().statusCode(200).extract().path("resources.guid");
        return new TreeSet<>(guids);
    }

    static Set<String> set(String... guids) {
        return new TreeSet<>(List.of(guids));
    }

    @Test
    void existence() {
        assertEquals(set(prod, dev, staging), select("env"));
        assertEquals(set(none), select("!env"));
        assertEquals(set(dev), select("empty"));
        assertEquals(set(prod, dev, none, staging), select("run"));
        assertEquals(set(), select("!run"));
    }

    @Test
    void equality() {
        assertEquals(set(prod), select("env=prod"));
        assertEquals(set(prod), select("env==prod"));
        assertEquals(set(), select("env=Prod"));
        // as in CAPI, "key=" has no values to compare with, so even an empty label value does not match
        assertEquals(set(), select("empty="));
    }

    @Test
    void inequalityAlsoMatchesResourcesWithoutTheKey() {
        assertEquals(set(dev, none, staging), select("env!=prod"));
        assertEquals(set(prod, dev, none, staging), select("env!=nothing"));
    }

    @Test
    void setMembership() {
        assertEquals(set(prod, dev), select("env in (prod,dev)"));
        assertEquals(set(prod), select("env in (prod)"));
        assertEquals(set(), select("env in (nothing)"));
        assertEquals(set(none, staging), select("env notin (prod,dev)"));
        assertEquals(set(prod, dev, none, staging), select("env notin (nothing)"));
    }

    @Test
    void emptySetsAsCapiSplitsThem() {
        // "a in ()" has no values: it matches nothing, and "notin ()" excludes nothing
        assertEquals(set(), select("env in ()"));
        assertEquals(set(prod, dev, none, staging), select("env notin ()"));
        assertEquals(set(), select("env="));
    }

    @Test
    void requirementsAreAnded() {
        assertEquals(set(staging), select("env,tier=db"));
        assertEquals(set(prod, staging), select("env,tier"));
        assertEquals(set(staging), select("env notin (prod),tier in (db,web)"));
        assertEquals(set(), select("env=prod,env=dev"));
        assertEquals(set(dev), select("env in (prod,dev),!tier"));
    }

    @Test
    void prefixedKeys() {
        assertEquals(set(none), select("example.com/team=a"));
        assertEquals(set(none), select("example.com/team"));
        assertEquals(set(prod, dev, staging), select("!example.com/team"));
        assertEquals(set(), select("team"));
    }

    @Test
    void emptyRequirementsBetweenCommasAreSkipped() {
        assertEquals(set(prod), select("env=prod,,"));
    }

    // ---- errors ----

    static void selectorError(String selector, String message) {
        badQuery(Api.asAdmin().queryParam("label_selector", selector).get("/v3/organizations").then(), message);
    }

    @Test
    void missing() {
        selectorError("", "Missing label_selector value");
        selectorError(",", "Missing label_selector value");
        badQuery(Api.asAdmin().get("/v3/organizations?label_selector").then(), "Missing label_selector value");
    }

    @Test
    void tooMany() {
        String fifty = IntStream.range(0, 50).mapToObj(i -> "k" + i).collect(Collectors.joining(","));
        Api.asAdmin().queryParam("label_selector", fifty).get("/v3/organizations").then().statusCode(200);
        selectorError(fifty + ",k50", "Too many label_selector requirements (maximum is 50)");
    }

    @Test
    void unparsable() {
        selectorError("a b", "Invalid label_selector value");
        selectorError("env = prod", "Invalid label_selector value");
        selectorError("env in prod", "Invalid label_selector value");
        selectorError("env in (prod", "Invalid label_selector value");
        selectorError("!", "Invalid label_selector value");
        selectorError("a&b", "Invalid label_selector value");
        selectorError("a b,c d", "Invalid label_selector value, Invalid label_selector value");
    }

    @Test
    void badKeys() {
        selectorError("cloudfoundry.org/a", "prefix 'cloudfoundry.org' is reserved");
        selectorError("foo/bar=x", "prefix 'foo' must be in valid dns format");
        selectorError("a/b/c", "key has more than one '/'");
        selectorError("-a", "'-a' starts or ends with invalid characters");
        selectorError("a".repeat(64), "'aaaaaaaa...' is greater than 63 characters");
        selectorError("example.com/=x", "key cannot be empty string");
        selectorError("a b in (x)", "'a b' contains invalid characters");
    }

    @Test
    void badValues() {
        selectorError("env=-x", "'-x' starts or ends with invalid characters");
        selectorError("env!=a.", "'a.' starts or ends with invalid characters");
        selectorError("env in (ok,b c)", "'b c' contains invalid characters");
        selectorError("env===x", "'=x' contains invalid characters");
        selectorError("env=" + "v".repeat(64), "'vvvvvvvv...' is greater than 63 characters");
    }

    @Test
    void everyBadRequirementIsReported() {
        selectorError("a b,cloudfoundry.org/x,ok,env=-x", "Invalid label_selector value, "
                + "prefix 'cloudfoundry.org' is reserved, '-x' starts or ends with invalid characters");
    }
}

package io.cfdeploy.web;

import static io.cfdeploy.support.Errors.assertError;
import static io.cfdeploy.support.Errors.unprocessable;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cfdeploy.support.Api;
import io.cfdeploy.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The V3 error conventions over HTTP, with organizations as the vehicle: every error is the CF envelope with
 * CAPI's status, title, code and detail; nothing answers 500 for bad input.
 */
@QuarkusTest
class ErrorsTest {
    static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";
    static final String PARSE_ERROR = "Request invalid due to parse error: invalid request body";

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    static ValidatableResponse create(String body) {
        return Api.asAdmin().body(body).post("/v3/organizations").then();
    }

    static void notFound(ValidatableResponse response) {
        assertError(response, 404, "CF-NotFound", 10000, "Unknown request");
    }

    static void parseError(ValidatableResponse response) {
        assertError(response, 400, "CF-MessageParseError", 1001, PARSE_ERROR);
    }

    // ---- unknown routes and verbs: 404 CF-NotFound, with or without a token ----

    @Test
    void unknownRoutes() {
        notFound(Api.unroutedAs(Tokens.admin()).get("/v3/nope").then());
        notFound(Api.unrouted().get("/v3/nope").then());
        notFound(Api.unroutedAs(Tokens.admin()).get("/nope").then());
        notFound(Api.unrouted().get("/nope/deeper?x=1").then());
        notFound(Api.unroutedAs(Tokens.admin()).get("/v3/organizations/" + UUID.randomUUID() + "/nope").then());
        notFound(Api.unroutedAs(Tokens.admin()).post("/v3/nope").then());
    }

    @Test
    void unroutedVerbs() {
        notFound(Api.unroutedAs(Tokens.admin()).put("/v3/organizations").then());
        notFound(Api.unroutedAs(Tokens.admin()).delete("/v3/organizations").then());
        notFound(Api.unroutedAs(Tokens.admin()).patch("/v3/organizations").then());
        notFound(Api.unrouted().put("/v3/organizations").then());
        notFound(Api.unroutedAs(Tokens.admin()).post("/v3/info").then());
        notFound(Api.unroutedAs(Tokens.admin()).delete("/v3").then());
        notFound(Api.unroutedAs(Tokens.admin()).put("/v3/organizations/" + UUID.randomUUID()).then());
        notFound(Api.unroutedAs(Tokens.admin()).post("/v3/organizations/" + UUID.randomUUID()).then());
    }

    // ---- request bodies ----

    @ParameterizedTest
    @ValueSource(strings = {"{", "{\"name\":", "{\"name\":\"x\"", "nul", "{'name':'x'}", "{\"name\":\"x\",}",
            "{\"name\" \"x\"}", "\"unterminated", "{\"name\":\"x\"} trailing", "{\"name\":\"x\"} {}", "{} []",
            "{}{}", "{} 1"})
    void malformedJson(String body) {
        parseError(create(body));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[{\"name\":\"x\"}]", "\"x\"", "5", "true", "1e400"})
    void nonObjectBodies(String body) {
        parseError(create(body));
    }

    @Test
    void duplicateNameIsUnprocessable() {
        String name = unique("err-dup");
        create("{\"name\":\"" + name + "\"}").statusCode(201);
        unprocessable(create("{\"name\":\"" + name + "\"}"), "Organization '" + name + "' already exists.");
    }

    @Test
    void malformedJsonOnPatch() {
        String guid = create("{\"name\":\"" + unique("err-patch") + "\"}").statusCode(201).extract().path("guid");
        parseError(Api.asAdmin().body("{").patch("/v3/organizations/" + guid).then());
        parseError(Api.asAdmin().body("[]").patch("/v3/organizations/" + guid).then());
    }

    @Test
    void unknownFieldsAreAllListed() {
        unprocessable(create("{\"a\":1,\"name\":\"" + unique("err") + "\",\"b\":{\"c\":2}}"),
                "Unknown field(s): 'a', 'b'");
        unprocessable(create("{\"b\":1,\"a\":2}"), "Unknown field(s): 'b', 'a', Name can't be blank");
    }

    @Test
    void wrongTypes() {
        unprocessable(create("{\"name\":5}"), "Name must be a string");
        unprocessable(create("{\"name\":\"" + unique("err") + "\",\"suspended\":\"yes\"}"),
                "Suspended must be a boolean");
        unprocessable(create("{\"name\":5,\"suspended\":\"yes\"}"),
                "Name must be a string, Suspended must be a boolean");
        unprocessable(create("{\"name\":[\"a\"],\"suspended\":1}"),
                "Name must be a string, Suspended must be a boolean");
        unprocessable(create("{\"name\":{},\"suspended\":{}}"), "Name must be a string, "
                + "Name is too short (minimum is 1 character), Suspended must be a boolean, Name can't be blank");
        unprocessable(create("{\"name\":false}"), "Name must be a string, Name can't be blank");
        unprocessable(create("{\"name\":true}"), "Name must be a string");
        unprocessable(create("{\"name\":\"" + unique("err") + "\",\"metadata\":\"x\"}"),
                "Metadata must be an object");
    }

    @Test
    void everyMessageInCapiOrder() {
        unprocessable(create("{\"zz\":1,\"suspended\":0,\"metadata\":{\"labels\":{\"-a\":\"b\"}}}"),
                "Metadata label key error: '-a' starts or ends with invalid characters, Unknown field(s): 'zz', "
                        + "Suspended must be a boolean, Name can't be blank");
        unprocessable(create("{\"name\":\"\",\"suspended\":\"no\"}"), "Name is too short (minimum is 1 character), "
                + "Name must not contain escaped characters, Suspended must be a boolean, Name can't be blank");
    }

    @Test
    void deepNestingIsRefusedNotACrash() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        parseError(create("{\"name\":\"x\",\"metadata\":{\"labels\":" + deep + "}}"));
        parseError(create("{\"name\":\"x\",\"metadata\":{\"labels\":{\"a\":" + deep + "}}}"));
        parseError(create("{\"name\":\"x\",\"a\":" + "{\"a\":".repeat(5000) + "1" + "}".repeat(5000) + "}"));
        String shallower = "[".repeat(500) + "]".repeat(500);
        unprocessable(create("{\"name\":\"" + unique("err") + "\",\"metadata\":{\"labels\":" + shallower + "}}"),
                "Metadata 'labels' is not an object");
        unprocessable(create("{\"name\":\"" + unique("err") + "\",\"metadata\":{\"labels\":{\"a\":" + shallower
                + "}}}"), "Metadata label value error: '[[[[[[[[...' must be a string");
    }

    @Test
    void megabyteStringsAreValidationErrors() {
        String big = "a".repeat(1_000_000);
        unprocessable(create("{\"name\":\"" + big + "\"}"), "Name is too long (maximum is 255 characters)");
        unprocessable(create("{\"name\":\"" + unique("err") + "\",\"metadata\":{\"annotations\":{\"k\":\"" + big
                + "\"}}}"), "Metadata annotation value error: 'aaaaaaaa...' is greater than 5000 characters");
        unprocessable(create("{\"name\":\"" + unique("err") + "\",\"metadata\":{\"labels\":{\"" + "a".repeat(40_000)
                + "\":\"v\"}}}"), "Metadata label key error: 'aaaaaaaa...' is greater than 63 characters");
        // keys longer than the parser accepts (50 000 characters) are a parse error
        parseError(create("{\"name\":\"" + unique("err") + "\",\"metadata\":{\"labels\":{\"" + big
                + "\":\"v\"}}}"));
    }

    @Test
    void hugeNumbers() {
        unprocessable(create("{\"name\":1e400}"), "Name must be a string");
        unprocessable(create("{\"name\":99999999999999999999999}"), "Name must be a string");
        unprocessable(create("{\"name\":\"" + unique("err") + "\",\"suspended\":99999999999999999999999}"),
                "Suspended must be a boolean");
        unprocessable(create("{\"name\":\"" + unique("err") + "\",\"suspended\":-1e-400}"),
                "Suspended must be a boolean");
        unprocessable(create("{\"name\":\"" + unique("err") + "\",\"metadata\":{\"labels\":{\"a\":1e400}}}"),
                "Metadata label value error: 'Infinity' must be a string");
        unprocessable(create("{\"name\":\"" + unique("err") + "\",\"metadata\":{\"labels\":{\"a\":"
                + "99999999999999999999999}}}"),
                "Metadata label value error: '99999999999999999999999' must be a string");
        // numbers longer than the parser accepts are a parse error, not a crash
        parseError(create("{\"name\":" + "9".repeat(5000) + "}"));
    }

    @Test
    void bodyOverTheLimitWithContentLength() {
        String body = "{\"name\":\"" + "a".repeat(1_100_000) + "\"}";
        assertError(Api.asAdmin().body(body).post("/v3/organizations").then(), 413, "CF-RequestEntityTooLarge",
                10012, "Request Entity Too Large");
    }

    @Test
    void bodyOverTheLimitChunked() {
        byte[] body = ("{\"name\":\"" + "a".repeat(1_100_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertError(Api.asAdmin().body(new ByteArrayInputStream(body)).post("/v3/organizations").then(), 413,
                "CF-RequestEntityTooLarge", 10012, "Request Entity Too Large");
    }

    @Test
    void chunkedBodyUnderTheLimitIsServed() {
        String name = unique("err-chunked");
        byte[] body = ("{\"name\":\"" + name + "\"}").getBytes(StandardCharsets.UTF_8);
        Api.asAdmin().body(new ByteArrayInputStream(body)).post("/v3/organizations").then().statusCode(201)
                .body("name", equalTo(name));
    }

    @Test
    void bodyJustUnderTheLimitIsRead() {
        // 1M = 1048576 bytes; the whole body below it is parsed and validated
        String body = "{\"name\":\"" + "a".repeat(1_048_576 - 12) + "\"}";
        assertTrue(body.length() < 1_048_576);
        unprocessable(create(body), "Name is too long (maximum is 255 characters)");
    }

    // ---- X-Vcap-Request-Id ----

    @Test
    void requestIdIsGeneratedWhenAbsent() {
        Api.asAdmin().get("/v3/organizations").then().statusCode(200)
                .header("X-Vcap-Request-Id", matchesPattern(UUID_PATTERN));
    }

    @Test
    void clientRequestIdIsKeptAsPrefix() {
        Api.asAdmin().header("X-Vcap-Request-Id", "my-id_1").get("/v3/organizations").then().statusCode(200)
                .header("X-Vcap-Request-Id", matchesPattern("my-id_1::" + UUID_PATTERN));
        Api.asAdmin().header("X-Vcap-Request-Id", "a b;c<d>").get("/v3/organizations").then().statusCode(200)
                .header("X-Vcap-Request-Id", matchesPattern("abcd::" + UUID_PATTERN));
    }

    @Test
    void requestIdOnErrorsToo() {
        String id = "err-" + UUID.randomUUID();
        notFound(Api.unrouted().header("X-Vcap-Request-Id", id).get("/v3/nope").then()
                .header("X-Vcap-Request-Id", matchesPattern(id + "::" + UUID_PATTERN)));
        assertError(Api.anonymous().header("X-Vcap-Request-Id", id).get("/v3/organizations").then()
                .header("X-Vcap-Request-Id", matchesPattern(id + "::" + UUID_PATTERN)), 401, "CF-NotAuthenticated",
                10002, "Authentication error");
        assertError(Api.asAdmin().header("X-Vcap-Request-Id", id).body("{\"name\":\"" + "a".repeat(1_100_000)
                + "\"}").post("/v3/organizations").then()
                .header("X-Vcap-Request-Id", matchesPattern(id + "::" + UUID_PATTERN)), 413,
                "CF-RequestEntityTooLarge", 10012, "Request Entity Too Large");
    }

    @Test
    void eachRequestGetsItsOwnId() {
        String first = Api.asAdmin().get("/v3/info").then().extract().header("X-Vcap-Request-Id");
        String second = Api.asAdmin().get("/v3/info").then().extract().header("X-Vcap-Request-Id");
        assertTrue(first.matches(UUID_PATTERN) && second.matches(UUID_PATTERN));
        assertTrue(!first.equals(second));
    }

    /** The cf CLI puts every app guid of a space in one filter; 250 guids (about 9 KB) still fit the request line. */
    @Test
    void longFilterListsFitInTheRequestLine() {
        String guids = String.join(",", java.util.stream.Stream.generate(() -> UUID.randomUUID().toString())
                .limit(250).toList());
        Api.asAdmin().get("/v3/organizations?guids=" + guids).then().statusCode(200)
                .body("pagination.total_results", equalTo(0));
    }

    // ---- content negotiation ----

    @Test
    void v3AnswersJsonWhateverAcceptSays() {
        Api.asAdmin().accept("text/html").get("/v3/organizations").then().statusCode(200)
                .contentType(matchesPattern("application/json.*"));
        Api.asAdmin().accept("application/xml").get("/v3/organizations?per_page=1").then().statusCode(200);
        notFound(Api.unroutedAs(Tokens.admin()).accept("text/html").get("/v3/nope").then());
    }

    @Test
    void bodyThatIsNotDeclaredJsonIsAParseError() {
        parseError(Api.asAdmin().contentType("text/plain").body("{\"name\":\"" + unique("err-ct") + "\"}")
                .post("/v3/organizations").then());
    }
}

package io.cfdeploy.web;

import static io.cfdeploy.support.Errors.assertError;
import static io.cfdeploy.support.Errors.unprocessable;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cfdeploy.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Labels and annotations on organizations: create and PATCH semantics, every validation text (CAPI's
 * MetadataValidator), the count limits, and that a refused request changes nothing.
 */
@QuarkusTest
class MetadataTest {

    static String unique() {
        return "md-" + UUID.randomUUID();
    }

    static String create(String metadata) {
        return Api.asAdmin().body("{\"name\":\"" + unique() + "\",\"metadata\":" + metadata + "}")
                .post("/v3/organizations").then().statusCode(201).extract().path("guid");
    }

    static ValidatableResponse patch(String guid, String body) {
        return Api.asAdmin().body(body).patch("/v3/organizations/" + guid).then();
    }

    static ValidatableResponse show(String guid) {
        return Api.asAdmin().get("/v3/organizations/" + guid).then().statusCode(200);
    }

    static Map<String, String> labels(String guid) {
        return show(guid).extract().path("metadata.labels");
    }

    static Map<String, String> annotations(String guid) {
        return show(guid).extract().path("metadata.annotations");
    }

    static Map<String, String> map(String... keyValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    static String json(Map<String, String> entries) {
        return entries.entrySet().stream().map(e -> "\"" + e.getKey() + "\":" + (e.getValue() == null ? "null"
                : "\"" + e.getValue() + "\"")).collect(Collectors.joining(",", "{", "}"));
    }

    static Map<String, String> numbered(String prefix, int from, int to) {
        Map<String, String> entries = new LinkedHashMap<>();
        IntStream.range(from, to).forEach(i -> entries.put(prefix + i, "v" + i));
        return entries;
    }

    // ---- create and PATCH semantics ----

    @Test
    void createRendersEverything() {
        String guid = create("{\"labels\":{\"env\":\"prod\",\"example.com/team\":\"a\",\"empty\":\"\"},"
                + "\"annotations\":{\"note\":\"Any text, even spaces & symbols!\",\"example.com/contact\":\"x@y\"}}");
        assertEquals(map("env", "prod", "example.com/team", "a", "empty", ""), labels(guid));
        assertEquals(map("note", "Any text, even spaces & symbols!", "example.com/contact", "x@y"),
                annotations(guid));
    }

    @Test
    void createWithoutMetadataRendersEmptyObjects() {
        String guid = Api.asAdmin().body("{\"name\":\"" + unique() + "\"}").post("/v3/organizations").then()
                .statusCode(201).body("metadata.labels", anEmptyMap()).body("metadata.annotations", anEmptyMap())
                .extract().path("guid");
        show(guid).body("metadata.labels", anEmptyMap()).body("metadata.annotations", anEmptyMap());
    }

    @Test
    void createIgnoresNullValues() {
        String guid = create("{\"labels\":{\"gone\":null,\"kept\":\"1\"},\"annotations\":{\"gone\":null}}");
        assertEquals(map("kept", "1"), labels(guid));
        assertEquals(map(), annotations(guid));
    }

    @Test
    void patchMergesKeyByKey() {
        String guid = create("{\"labels\":{\"a\":\"1\",\"b\":\"2\",\"example.com/c\":\"3\"},"
                + "\"annotations\":{\"x\":\"1\",\"y\":\"2\"}}");
        patch(guid, "{\"metadata\":{\"labels\":{\"a\":\"10\",\"b\":null,\"d\":\"4\",\"example.com/c\":null},"
                + "\"annotations\":{\"y\":null,\"z\":\"3\",\"x\":\"\"}}}").statusCode(200)
                .body("metadata.labels", equalTo(map("a", "10", "d", "4")))
                .body("metadata.annotations", equalTo(map("x", "", "z", "3")));
        assertEquals(map("a", "10", "d", "4"), labels(guid));
        assertEquals(map("x", "", "z", "3"), annotations(guid));
    }

    @Test
    void emptyOrAbsentMetadataChangesNothing() {
        String guid = create("{\"labels\":{\"a\":\"1\"},\"annotations\":{\"x\":\"1\"}}");
        patch(guid, "{\"metadata\":{}}").statusCode(200);
        patch(guid, "{}").statusCode(200);
        patch(guid, "{\"metadata\":{\"labels\":{},\"annotations\":{}}}").statusCode(200);
        patch(guid, "{\"metadata\":{\"labels\":null,\"annotations\":null}}").statusCode(200);
        patch(guid, "{\"name\":\"" + unique() + "\"}").statusCode(200);
        assertEquals(map("a", "1"), labels(guid));
        assertEquals(map("x", "1"), annotations(guid));
    }

    @Test
    void deletingAMissingKeyIsFine() {
        String guid = create("{\"labels\":{\"a\":\"1\"}}");
        patch(guid, "{\"metadata\":{\"labels\":{\"never\":null},\"annotations\":{\"never\":null}}}")
                .statusCode(200);
        assertEquals(map("a", "1"), labels(guid));
    }

    @Test
    void prefixedKeysRoundTrip() {
        String guid = create("{\"labels\":{\"example.com/x\":\"1\",\"x\":\"2\"}}");
        patch(guid, "{\"metadata\":{\"labels\":{\"example.com/x\":\"3\"}}}").statusCode(200);
        assertEquals(map("example.com/x", "3", "x", "2"), labels(guid));
        patch(guid, "{\"metadata\":{\"labels\":{\"x\":null}}}").statusCode(200);
        assertEquals(map("example.com/x", "3"), labels(guid));
        String listed = Api.asAdmin().queryParam("label_selector", "example.com/x=3").queryParam("guids", guid)
                .get("/v3/organizations").then().statusCode(200).extract().path("resources[0].guid");
        assertEquals(guid, listed);
    }

    // ---- validation texts (422 CF-UnprocessableEntity, every message joined) ----

    static ValidatableResponse createWith(String metadata) {
        return Api.asAdmin().body("{\"name\":\"" + unique() + "\",\"metadata\":" + metadata + "}")
                .post("/v3/organizations").then();
    }

    @Test
    void metadataMustBeAnObject() {
        unprocessable(createWith("\"x\""), "Metadata must be an object");
        unprocessable(createWith("[]"), "Metadata must be an object");
        unprocessable(createWith("null"), "Metadata must be an object");
        unprocessable(createWith("5"), "Metadata must be an object");
    }

    @Test
    void unexpectedFields() {
        unprocessable(createWith("{\"foo\":1}"), "Metadata has unexpected field(s): 'foo'");
        unprocessable(createWith("{\"foo\":1,\"labels\":{},\"bar\":{}}"),
                "Metadata has unexpected field(s): 'foo' 'bar'");
    }

    @Test
    void labelsAndAnnotationsMustBeObjects() {
        unprocessable(createWith("{\"labels\":\"potato\"}"), "Metadata 'labels' is not an object");
        unprocessable(createWith("{\"annotations\":[]}"), "Metadata 'annotations' is not an object");
        unprocessable(createWith("{\"labels\":5,\"annotations\":true}"),
                "Metadata 'labels' is not an object, Metadata 'annotations' is not an object");
    }

    @Test
    void labelKeyErrors() {
        unprocessable(createWith("{\"labels\":{\"\":\"v\"}}"), "Metadata label key error: key cannot be empty string");
        unprocessable(createWith("{\"labels\":{\"a/b/c\":\"v\"}}"),
                "Metadata label key error: key has more than one '/'");
        unprocessable(createWith("{\"labels\":{\"onlycom/k\":\"v\"}}"),
                "Metadata label key error: prefix 'onlycom' must be in valid dns format");
        String longPrefix = String.join(".", "a".repeat(61), "b".repeat(61), "c".repeat(61), "d".repeat(61),
                "e".repeat(61));
        unprocessable(createWith("{\"labels\":{\"" + longPrefix + "/k\":\"v\"}}"),
                "Metadata label key error: prefix 'aaaaaaaa...' is greater than 253 characters");
        unprocessable(createWith("{\"labels\":{\"CloudFoundry.org/k\":\"v\"}}"),
                "Metadata label key error: prefix 'cloudfoundry.org' is reserved");
        unprocessable(createWith("{\"labels\":{\"example.com/\":\"v\"}}"),
                "Metadata label key error: key cannot be empty string");
        unprocessable(createWith("{\"labels\":{\"a b\":\"v\"}}"), "Metadata label key error: 'a b' contains invalid "
                + "characters");
        unprocessable(createWith("{\"labels\":{\"_a\":\"v\"}}"),
                "Metadata label key error: '_a' starts or ends with invalid characters");
        unprocessable(createWith("{\"labels\":{\"" + "k".repeat(64) + "\":\"v\"}}"),
                "Metadata label key error: 'kkkkkkkk...' is greater than 63 characters");
    }

    @Test
    void labelValueErrors() {
        unprocessable(createWith("{\"labels\":{\"k\":\"a b\"}}"),
                "Metadata label value error: 'a b' contains invalid characters");
        unprocessable(createWith("{\"labels\":{\"k\":\"-a\"}}"),
                "Metadata label value error: '-a' starts or ends with invalid characters");
        unprocessable(createWith("{\"labels\":{\"k\":\"" + "v".repeat(64) + "\"}}"),
                "Metadata label value error: 'vvvvvvvv...' is greater than 63 characters");
        unprocessable(createWith("{\"labels\":{\"k\":5}}"), "Metadata label value error: '5' must be a string");
    }

    @Test
    void annotationErrors() {
        unprocessable(createWith("{\"annotations\":{\"\":\"v\"}}"),
                "Metadata annotation key error: key cannot be empty string");
        unprocessable(createWith("{\"annotations\":{\"cloudfoundry.org/k\":\"v\"}}"),
                "Metadata annotation key error: prefix 'cloudfoundry.org' is reserved");
        unprocessable(createWith("{\"annotations\":{\"k\":\"" + "a".repeat(5001) + "\"}}"),
                "Metadata annotation value error: 'aaaaaaaa...' is greater than 5000 characters");
        // an annotation being removed is not checked
        String guid = create("{}");
        patch(guid, "{\"metadata\":{\"annotations\":{\"" + "k".repeat(64) + "\":null}}}").statusCode(200);
    }

    @Test
    void allMessagesJoinedInCapiOrder() {
        unprocessable(createWith("{\"zz\":1,\"annotations\":{\"\":\"v\"},\"labels\":{\"-k\":\"a b\",\"ok\":\"-\"}}"),
                "Metadata has unexpected field(s): 'zz', "
                        + "Metadata label key error: '-k' starts or ends with invalid characters, "
                        + "Metadata label value error: 'a b' contains invalid characters, "
                        + "Metadata label value error: '-' starts or ends with invalid characters, "
                        + "Metadata annotation key error: key cannot be empty string");
    }

    // ---- limits ----

    static void labelLimit(ValidatableResponse response, int requested) {
        assertError(response, 422, "CF-LabelLimitExceeded", 390020,
                "Failed to add " + requested + " labels because it would exceed maximum of 50");
    }

    static void annotationLimit(ValidatableResponse response, int requested) {
        assertError(response, 422, "CF-AnnotationLimitExceeded", 390023,
                "Failed to add " + requested + " annotations because it would exceed maximum of 200");
    }

    @Test
    void fiftyLabels() {
        Map<String, String> fifty = numbered("l", 0, 50);
        String guid = create("{\"labels\":" + json(fifty) + "}");
        assertEquals(fifty, labels(guid));

        labelLimit(patch(guid, "{\"metadata\":{\"labels\":{\"l50\":\"x\"}}}"), 1);
        // N is the number of keys in the request, not the number added
        labelLimit(patch(guid, "{\"metadata\":{\"labels\":{\"l0\":\"new\",\"l1\":\"new\",\"l50\":\"x\"}}}"), 3);
        assertEquals(fifty, labels(guid));

        // at the limit, changing values or swapping one key for another is allowed
        patch(guid, "{\"metadata\":{\"labels\":{\"l0\":\"changed\"}}}").statusCode(200);
        patch(guid, "{\"metadata\":{\"labels\":{\"l1\":null,\"l50\":\"x\"}}}").statusCode(200);
        assertEquals(50, labels(guid).size());
    }

    @Test
    void fiftyOneLabelsOnCreate() {
        String name = unique();
        labelLimit(Api.asAdmin().body("{\"name\":\"" + name + "\",\"metadata\":{\"labels\":"
                + json(numbered("l", 0, 51)) + "}}").post("/v3/organizations").then(), 51);
        Integer found = Api.asAdmin().queryParam("names", name).get("/v3/organizations").then().statusCode(200)
                .extract().path("pagination.total_results");
        assertEquals(0, found);
    }

    @Test
    void twoHundredAnnotations() {
        Map<String, String> many = numbered("a", 0, 200);
        String guid = create("{\"annotations\":" + json(many) + "}");
        assertEquals(200, annotations(guid).size());
        annotationLimit(patch(guid, "{\"metadata\":{\"annotations\":{\"a200\":\"x\",\"a0\":\"y\"}}}"), 2);
        assertEquals(many, annotations(guid));
        annotationLimit(createWith("{\"annotations\":" + json(numbered("a", 0, 201)) + "}"), 201);
    }

    @Test
    void labelLimitIsCheckedBeforeAnnotationLimit() {
        labelLimit(createWith("{\"labels\":" + json(numbered("l", 0, 51)) + ",\"annotations\":"
                + json(numbered("a", 0, 201)) + "}"), 51);
    }

    // ---- a refused request changes nothing ----

    @Test
    void refusedPatchChangesNothing() {
        String name = unique();
        String guid = Api.asAdmin().body("{\"name\":\"" + name + "\",\"metadata\":{\"labels\":" + json(numbered("l",
                0, 50)) + ",\"annotations\":{\"keep\":\"me\"}}}").post("/v3/organizations").then().statusCode(201)
                .extract().path("guid");
        String before = show(guid).extract().asString();

        labelLimit(patch(guid, "{\"name\":\"" + unique() + "\",\"suspended\":true,\"metadata\":{\"labels\":"
                + "{\"l0\":null,\"new1\":\"x\",\"new2\":\"y\"},\"annotations\":{\"keep\":null,\"other\":\"z\"}}}"), 3);
        unprocessable(patch(guid, "{\"name\":\"" + unique() + "\",\"metadata\":{\"labels\":{\"l0\":null,"
                + "\"bad key\":\"x\"},\"annotations\":{\"keep\":\"changed\"}}}"),
                "Metadata label key error: 'bad key' contains invalid characters");
        annotationLimit(patch(guid, "{\"name\":\"" + unique() + "\",\"metadata\":{\"labels\":{\"l0\":null},"
                + "\"annotations\":" + json(numbered("a", 0, 200)) + "}}"), 200);

        assertEquals(before, show(guid).extract().asString());
        show(guid).body("name", equalTo(name)).body("suspended", equalTo(false));
    }
}

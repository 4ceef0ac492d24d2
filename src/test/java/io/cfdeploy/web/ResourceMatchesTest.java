package io.cfdeploy.web;

import static io.cfdeploy.support.Fixtures.newGuid;
import static org.hamcrest.Matchers.empty;

import io.cfdeploy.support.Api;
import io.cfdeploy.support.Errors;
import io.cfdeploy.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@code POST /v3/resource_matches} as the cf CLI sends it before an upload, and CAPI's validation texts. */
@QuarkusTest
class ResourceMatchesTest {
    private static final String SHA1 = "a".repeat(40);
    private static final String URL = "/v3/resource_matches";

    private static String item(String checksum, String size) {
        return "{\"path\":\"app.rb\",\"mode\":\"644\",\"checksum\":" + checksum + ",\"size_in_bytes\":" + size + "}";
    }

    private static String body(String... items) {
        return "{\"resources\":[" + String.join(",", items) + "]}";
    }

    @Test
    void whatTheCliSendsIsAnsweredWithNoMatchesSoEveryFileIsUploaded() {
        String valid = item("{\"value\":\"" + SHA1 + "\"}", "12");
        Api.asAdmin().body(body(valid, valid)).post(URL).then().statusCode(201).body("resources", empty());
        // any user with the write scope may ask, without a role anywhere; unknown keys are ignored, as CAPI
        Api.as(Tokens.user(newGuid())).body("{\"resources\":[" + valid + "],\"other\":1}").post(URL).then()
                .statusCode(201).body("resources", empty());
        String fiveThousand = IntStream.range(0, 5000).mapToObj(i -> valid).collect(Collectors.joining(","));
        Api.asAdmin().body(body(fiveThousand)).post(URL).then().statusCode(201);
    }

    @Test
    void theListAndEachItemAreCheckedWithCapisTexts() {
        Errors.unprocessable(Api.asAdmin().body("{}").post(URL),
                "Resources must be an array, Resources must have at least 1 resource");
        Errors.unprocessable(Api.asAdmin().body("{\"resources\":[]}").post(URL),
                "Resources must have at least 1 resource");
        Errors.unprocessable(Api.asAdmin().body("{\"resources\":\"x\"}").post(URL), "Resources must be an array");
        String valid = item("{\"value\":\"" + SHA1 + "\"}", "1");
        String tooMany = IntStream.range(0, 5001).mapToObj(i -> valid).collect(Collectors.joining(","));
        Errors.unprocessable(Api.asAdmin().body(body(tooMany)).post(URL),
                "Resources can have at most 5000 resources)");
        Errors.unprocessable(Api.asAdmin().body(body(item("\"x\"", "1"), item("null", "1"))).post(URL),
                "Resources array contains at least one resource with a non-object checksum");
        Errors.unprocessable(Api.asAdmin().body(body(item("{\"value\":5}", "-1"))).post(URL),
                "Resources array contains at least one resource with a non-string checksum value, Resources array "
                        + "contains at least one resource with a negative size_in_bytes");
        Errors.unprocessable(Api.asAdmin().body(body(item("{\"value\":\"abc\"}", "1.5"),
                item("{\"value\":\"" + SHA1 + "\"}", "\"3\""))).post(URL),
                "Resources array contains at least one resource with a non-SHA1 checksum value, Resources array "
                        + "contains at least one resource with a non-integer size_in_bytes");
        Errors.unprocessable(Api.asAdmin().body(body("1", valid)).post(URL),
                "Resources array contains at least one resource that is not an object");
        Errors.expect(Api.asAdmin().body("[]").post(URL), 400, "CF-MessageParseError", 1001,
                "Request invalid due to parse error: invalid request body");
    }

    @Test
    void aReadOnlyTokenMayNotAsk() {
        String valid = body(item("{\"value\":\"" + SHA1 + "\"}", "1"));
        Errors.notAuthorized(Api.as(Tokens.forUser(newGuid(), List.of("cloud_controller.read"))).body(valid)
                .post(URL));
        Errors.expect(Api.anonymous().body(valid).post(URL), 401, "CF-NotAuthenticated", 10002,
                "Authentication error");
    }
}

package io.cfdeploy.web;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cfdeploy.support.Api;
import io.cfdeploy.support.AppFixtures;
import io.cfdeploy.support.Errors;
import io.cfdeploy.support.Fixtures;
import io.cfdeploy.support.Json;
import io.cfdeploy.support.Keys;
import io.cfdeploy.support.Members;
import io.cfdeploy.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * log-cache's read API as the cf CLI uses it ({@code cf logs APP --recent}, {@code cf logs APP}): who may read,
 * the parameters, the shape. The test profile runs the simulated runtime, which keeps no output;
 * {@link LogCacheLinesTest} puts lines in its place.
 */
@QuarkusTest
class LogCacheTest {
    /** Go's {@code time.Time{}.UnixNano()}: the start the cf CLI sends for "from the beginning". */
    static final String GO_ZERO_TIME = "-6795364578871345152";

    static String app() {
        return AppFixtures.app(Fixtures.space(Fixtures.org()));
    }

    /** {@code GET /api/v1/read/<app>} with name/value pairs as the query (a name may repeat). */
    static Response read(String token, String appGuid, Object... parameters) {
        RequestSpecification request = Api.as(token);
        for (int index = 0; index < parameters.length; index += 2) {
            request = request.queryParam((String) parameters[index], parameters[index + 1]);
        }
        return request.get("/api/v1/read/" + appGuid);
    }

    @Test
    void infoNeedsNoTokenAndIgnoresOne() {
        String body = Api.anonymous().get("/api/v1/info").then().statusCode(200)
                .body("version", equalTo("2.11.4+cfdeploy"))
                .body("vm_uptime", matchesPattern("^\\d+$"))
                .extract().asString();
        assertEquals(List.of("version", "vm_uptime"), Keys.of(body, ""));
        // the cf CLI sends its (maybe expired) token to every log-cache URL
        Api.as("not-a-jwt").get("/api/v1/info").then().statusCode(200);
    }

    @Test
    void readingNeedsATokenWithTheReadScope() {
        String app = app();
        Errors.expect(Api.anonymous().get("/api/v1/read/" + app), 401, "CF-NotAuthenticated", 10002,
                "Authentication error");
        Errors.expect(read("not-a-jwt", app), 401, "CF-InvalidAuthToken", 1000, "Invalid Auth Token");
        Errors.expect(read(Tokens.forUser(Fixtures.newGuid(), List.of("cloud_controller.write")), app), 403,
                "CF-NotAuthorized", 10003, "You are not authorized to perform the requested action");
    }

    @Test
    void theSimulatedRuntimeKeepsNoOutput() {
        String app = app();
        String body = read(Tokens.admin(), app, "envelope_types", "LOG", "limit", "1000", "descending", "true",
                "start_time", GO_ZERO_TIME).then().statusCode(200).extract().asString();
        assertEquals(Json.parse("{\"envelopes\":{\"batch\":[]}}"), Json.parse(body));
    }

    @Test
    void whoMayReadTheSpaceMayReadItsAppsLogsAndOthersGet404() {
        Members members = Members.create();
        String app = AppFixtures.app(members.space());
        for (String reader : List.of(members.developer(), members.supporter(), members.auditor(),
                members.spaceManager(), members.orgManager(), members.globalAuditor())) {
            read(reader, app).then().statusCode(200);
        }
        for (String stranger : members.strangers()) {
            Errors.expect(read(stranger, app), 404, "CF-ResourceNotFound", 10010, "App not found");
        }
        Errors.expect(read(Tokens.admin(), Fixtures.newGuid()), 404, "CF-ResourceNotFound", 10010, "App not found");
    }

    @Test
    void badParametersAre400BeforeTheAppIsLookedFor() {
        String admin = Tokens.admin();
        Errors.expect(read(admin, Fixtures.newGuid(), "limit", "1001"), 400, "CF-BadQueryParameter", 10005,
                "The query parameter is invalid: limit must be 1000 or less");
        String app = app();
        Errors.expect(read(admin, app, "start_time", "now", "descending", "yes"), 400, "CF-BadQueryParameter",
                10005, "The query parameter is invalid: start_time must be an integer (nanoseconds since the epoch),"
                        + " descending must be true or false");
        Errors.expect(read(admin, app, "start_time", "20", "end_time", "10"), 400, "CF-BadQueryParameter", 10005,
                "The query parameter is invalid: start_time (20) must not be after end_time (10)");
        Errors.expect(read(admin, app, "envelope_types", "LOGS"), 400, "CF-BadQueryParameter", 10005,
                "The query parameter is invalid: envelope_types must be ANY, LOG, COUNTER, GAUGE, TIMER or EVENT,"
                        + " not 'LOGS'");
        // unknown parameters are ignored, as log-cache's gateway does
        read(admin, app, "page", "2").then().statusCode(200);
    }
}

package io.cfdeploy.web;

import static io.cfdeploy.support.Errors.assertError;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cfdeploy.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * With the database unreachable (a closed port), every route that needs it answers 503 CF-ServiceUnavailable
 * "Database connection failure" promptly, and the routes that do not need it still work.
 */
@QuarkusTest
@TestProfile(DatabaseUnavailableTest.ClosedPort.class)
class DatabaseUnavailableTest {

    public static class ClosedPort implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:1/unreachable?connectTimeout=3",
                    "cfdeploy.database.create-if-missing", "false",
                    "cfdeploy.database.migrate-at-start", "false");
        }
    }

    static void unavailable(Supplier<ValidatableResponse> request) {
        long start = System.nanoTime();
        ValidatableResponse response = request.get();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        assertError(response, 503, "CF-ServiceUnavailable", 10015, "Database connection failure");
        // A guard against hanging (pgjdbc's and the pool's defaults can wait far longer), not a timing goal: the
        // configured acquisition timeout is 3 s, and a loaded CI machine must not make this flaky.
        assertTrue(elapsed.compareTo(Duration.ofSeconds(30)) < 0, "answered after " + elapsed);
    }

    @Test
    void listing() {
        unavailable(() -> Api.asAdmin().get("/v3/organizations").then());
    }

    @Test
    void showing() {
        unavailable(() -> Api.asAdmin().get("/v3/organizations/" + UUID.randomUUID()).then());
    }

    @Test
    void creating() {
        unavailable(() -> Api.asAdmin().body("{\"name\":\"db-down-" + UUID.randomUUID() + "\"}")
                .post("/v3/organizations").then());
    }

    @Test
    void updatingAndDeleting() {
        unavailable(() -> Api.asAdmin().body("{\"name\":\"x\"}").patch("/v3/organizations/" + UUID.randomUUID())
                .then());
        unavailable(() -> Api.asAdmin().delete("/v3/organizations/" + UUID.randomUUID()).then());
    }

    @Test
    void requestsThatNeedNoDatabaseStillWork() {
        Api.anonymous().get("/v3/info").then().statusCode(200);
        Api.anonymous().get("/v3").then().statusCode(200);
        assertError(Api.anonymous().get("/v3/organizations").then(), 401, "CF-NotAuthenticated", 10002,
                "Authentication error");
        assertError(Api.asAdmin().body("{").post("/v3/organizations").then(), 400, "CF-MessageParseError", 1001,
                "Request invalid due to parse error: invalid request body");
    }
}

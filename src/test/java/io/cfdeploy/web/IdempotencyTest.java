package io.cfdeploy.web;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.cfdeploy.support.Api;
import io.cfdeploy.support.AppFixtures;
import io.cfdeploy.support.Db;
import io.cfdeploy.support.Errors;
import io.cfdeploy.support.Fixtures;
import io.cfdeploy.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Idempotency-Key on POST /v3/organizations and POST /v3/apps (product.md §6). */
@QuarkusTest
class IdempotencyTest {
    @Inject
    DataSource db;

    /** One admin for the whole test: keys are per caller, and Tokens.admin() mints a new user every time. */
    private static final String ADMIN_GUID = "admin-" + UUID.randomUUID();
    private static final String ADMIN = Tokens.forUser(ADMIN_GUID,
            java.util.List.of("cloud_controller.admin", "cloud_controller.read", "cloud_controller.write"));

    private static io.restassured.specification.RequestSpecification admin() {
        return Api.as(ADMIN);
    }

    private static String key() {
        return "key-" + UUID.randomUUID();
    }

    private static String orgBody(String name) {
        return "{\"name\":\"" + name + "\"}";
    }

    private long orgs(String name) {
        return Db.count(db, "SELECT count(*) FROM organizations WHERE name = ?", name);
    }

    @Test
    void aRetryWithTheSameKeyAndBodyReplaysTheOriginalAnswer() {
        String key = key();
        String name = Fixtures.uniqueName("idem-org");
        Response first = admin().header("Idempotency-Key", key).body(orgBody(name)).post("/v3/organizations");
        first.then().statusCode(201);
        String guid = first.path("guid");
        // same body with other spacing and key order is the same request
        Response again = admin().header("Idempotency-Key", key).body(" {\"name\" : \"" + name + "\"} ")
                .post("/v3/organizations");
        again.then().statusCode(201).body("guid", equalTo(guid)).body("name", equalTo(name));
        assertEquals(first.asString().replaceAll("\\s", ""), again.asString().replaceAll("\\s", ""));
        assertEquals(1, orgs(name));
        assertEquals(1, Db.count(db, "SELECT count(*) FROM audit_events WHERE target_guid = ?", guid));
        Db.assertRow(Db.single(db, "SELECT state, response_status, method, path FROM idempotency_keys"
                + " WHERE idempotency_key = ?", key), "state", "complete", "response_status", 201, "method", "POST",
                "path", "/v3/organizations");
    }

    @Test
    void appCreateReplaysTheSameApp() {
        String space = Fixtures.space(Fixtures.org());
        String key = key();
        String body = AppFixtures.appBody("idem-app", space);
        String guid = admin().header("Idempotency-Key", key).body(body).post("/v3/apps").then().statusCode(201)
                .extract().path("guid");
        admin().header("Idempotency-Key", key).body(body).post("/v3/apps").then().statusCode(201)
                .body("guid", equalTo(guid));
        admin().queryParam("space_guids", space).get("/v3/apps").then().statusCode(200)
                .body("pagination.total_results", equalTo(1));
        assertEquals(1, Db.count(db, "SELECT count(*) FROM processes p JOIN apps a ON a.id = p.app_id"
                + " WHERE a.guid = ?", guid));
    }

    @Test
    void theSameKeyWithAnotherBodyIsRefused() {
        String key = key();
        String name = Fixtures.uniqueName("idem-org");
        admin().header("Idempotency-Key", key).body(orgBody(name)).post("/v3/organizations").then()
                .statusCode(201);
        String other = Fixtures.uniqueName("idem-org");
        Errors.unprocessable(admin().header("Idempotency-Key", key).body(orgBody(other))
                .post("/v3/organizations"), "Idempotency-Key has already been used with a different request body");
        assertEquals(0, orgs(other));
    }

    @Test
    void keysAreScopedToTheOperation() {
        String key = key();
        String org = Fixtures.org();
        admin().header("Idempotency-Key", key).body(orgBody(Fixtures.uniqueName("idem-org")))
                .post("/v3/organizations").then().statusCode(201);
        admin().header("Idempotency-Key", key).body(AppFixtures.appBody("x", Fixtures.space(org)))
                .post("/v3/apps").then().statusCode(201);
    }

    @Test
    void differentCallersWithTheSameKeyAreIndependent() {
        String org = Fixtures.org();
        String space = Fixtures.space(org);
        String developer = Fixtures.spaceMember("space_developer", org, space);
        String key = key();
        String admins = admin().header("Idempotency-Key", key).body(AppFixtures.appBody("by-admin", space))
                .post("/v3/apps").then().statusCode(201).extract().path("guid");
        String developers = Api.as(Tokens.user(developer)).header("Idempotency-Key", key)
                .body(AppFixtures.appBody("by-developer", space)).post("/v3/apps").then().statusCode(201)
                .extract().path("guid");
        assertNotEquals(admins, developers);
    }

    @Test
    void aFailedCreateDoesNotKeepTheKey() {
        String key = key();
        admin().header("Idempotency-Key", key).body("{\"name\":\"\"}").post("/v3/organizations").then()
                .statusCode(422);
        assertEquals(0, Db.count(db, "SELECT count(*) FROM idempotency_keys WHERE idempotency_key = ?", key));
        String name = Fixtures.uniqueName("idem-org");
        admin().header("Idempotency-Key", key).body(orgBody(name)).post("/v3/organizations").then()
                .statusCode(201);
    }

    @Test
    void aTooLongKeyIsRefused() {
        Errors.unprocessable(admin().header("Idempotency-Key", "x".repeat(256))
                .body(orgBody(Fixtures.uniqueName("idem-org"))).post("/v3/organizations"),
                "Idempotency-Key must be between 1 and 255 characters");
    }

    @Test
    void anExpiredKeyIsIgnoredAndCleanedUp() {
        String key = key();
        String stale = key();
        String first = admin().header("Idempotency-Key", key).body(orgBody(Fixtures.uniqueName("idem-org")))
                .post("/v3/organizations").then().statusCode(201).extract().path("guid");
        admin().header("Idempotency-Key", stale).body(orgBody(Fixtures.uniqueName("idem-org")))
                .post("/v3/organizations").then().statusCode(201);
        execute("UPDATE idempotency_keys SET expires_at = now() - interval '1 second'"
                + " WHERE idempotency_key IN (?, ?)", key, stale);
        String name = Fixtures.uniqueName("idem-org");
        String second = admin().header("Idempotency-Key", key).body(orgBody(name)).post("/v3/organizations")
                .then().statusCode(201).extract().path("guid");
        assertNotEquals(first, second);
        assertEquals(0, Db.count(db, "SELECT count(*) FROM idempotency_keys WHERE idempotency_key = ?", stale));
        Db.assertRow(Db.single(db, "SELECT state FROM idempotency_keys WHERE idempotency_key = ?"
                + " AND expires_at > now() + interval '23 hours'", key), "state", "complete");
    }

    /**
     * The first request claims the key (a short lease) and then waits for a table lock this test holds on
     * organizations; a duplicate sent meanwhile gets 409, and once the lock is released the first completes and is
     * replayed.
     */
    @Test
    void aDuplicateWhileTheFirstIsRunningGets409() throws Exception {
        String key = key();
        String name = Fixtures.uniqueName("idem-org");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection lock = db.getConnection()) {
            lock.setAutoCommit(false);
            try (Statement statement = lock.createStatement()) {
                statement.execute("LOCK TABLE organizations IN SHARE MODE");
            }
            Future<Response> first = pool.submit(() -> admin().header("Idempotency-Key", key)
                    .body(orgBody(name)).post("/v3/organizations"));
            awaitClaim(key);
            // the claim is a lease of minutes, not the key's day
            assertEquals(1, Db.count(db, "SELECT count(*) FROM idempotency_keys WHERE idempotency_key = ? AND "
                    + "expires_at <= now() + interval '2 minutes 5 seconds'", key));
            Response duplicate = admin().header("Idempotency-Key", key).body(orgBody(name))
                    .post("/v3/organizations");
            Errors.expect(duplicate, 409, "CF-Conflict", 10011,
                    "A request with this Idempotency-Key is still being processed; retry after it has completed");
            lock.rollback();
            Response answer = first.get(30, TimeUnit.SECONDS);
            answer.then().statusCode(201);
            admin().header("Idempotency-Key", key).body(orgBody(name)).post("/v3/organizations").then()
                    .statusCode(201).body("guid", equalTo(answer.path("guid")));
            assertEquals(1, orgs(name));
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * A replica that died mid-create left its claim in_progress: once the claim's short lease has run out, a retry
     * runs the create (before, every retry got 409 for a day); within the lease it still gets 409.
     */
    @Test
    void theClaimOfADeadReplicaLapsesAfterItsLease() {
        String key = key();
        String name = Fixtures.uniqueName("idem-org");
        String hash = Idempotency.hash(io.cfdeploy.support.Json.parse(orgBody(name)));
        execute("INSERT INTO idempotency_keys (caller_guid, idempotency_key, method, path, request_hash, state, "
                + "expires_at, claim_token) VALUES (?, ?, 'POST', '/v3/organizations', ?, 'in_progress', "
                + "now() + interval '1 minute', 'dead-replica')", ADMIN_GUID, key, hash);
        Errors.expect(admin().header("Idempotency-Key", key).body(orgBody(name)).post("/v3/organizations"), 409,
                "CF-Conflict", 10011, "A request with this Idempotency-Key is still being processed; retry after it "
                        + "has completed");
        execute("UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE idempotency_key = ?",
                key);
        String created = admin().header("Idempotency-Key", key).body(orgBody(name)).post("/v3/organizations").then()
                .statusCode(201).extract().path("guid");
        assertEquals(1, orgs(name));
        Db.assertRow(Db.single(db, "SELECT state FROM idempotency_keys WHERE idempotency_key = ? AND expires_at > "
                + "now() + interval '23 hours'", key), "state", "complete");
        admin().header("Idempotency-Key", key).body(orgBody(name)).post("/v3/organizations").then().statusCode(201)
                .body("guid", equalTo(created));
    }

    private void execute(String sql, Object... args) {
        try (Connection connection = db.getConnection();
                java.sql.PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            statement.executeUpdate();
        } catch (java.sql.SQLException exception) {
            throw new IllegalStateException(exception);
        }
    }

    private void awaitClaim(String key) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Db.count(db, "SELECT count(*) FROM idempotency_keys WHERE idempotency_key = ?"
                + " AND state = 'in_progress'", key) == 0) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the first request never claimed the key");
            }
            Thread.sleep(20);
        }
    }
}

package io.cfdeploy.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cfdeploy.support.Api;
import io.cfdeploy.support.Fixtures;
import io.cfdeploy.support.RolloutFixtures;
import io.cfdeploy.support.RolloutFixtures.StartedApp;
import io.cfdeploy.support.StatementCounter;
import io.cfdeploy.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #15: the shows clients poll the most answer with one statement (the row, what its presenter needs of
 * its relatives, and the caller's roles), counted at the JDBC level so the count cannot silently grow back.
 */
@QuarkusTest
@TestProfile(StatementCounter.Profile.class)
class ShowStatementsTest {
    private String org;
    private String space;
    private String app;
    private String deployment;

    @BeforeEach
    void finalizedDeployment() {
        org = Fixtures.org();
        space = Fixtures.space(org);
        StartedApp started = RolloutFixtures.startedApp(space, 1, null);
        app = started.app();
        Api.asAdmin().body("{\"metadata\":{\"labels\":{\"tier\":\"web\"},\"annotations\":{\"note\":\"x\"}}}")
                .patch("/v3/apps/" + app).then().statusCode(200);
        deployment = Api.asAdmin().body(RolloutFixtures.rollingBody(started, 1)).post("/v3/deployments").then()
                .statusCode(201).extract().path("guid");
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> Api.asAdmin().get("/v3/deployments/" + deployment).then().statusCode(200).extract()
                        .path("status.value"), "FINALIZED"::equals);
        awaitQuiet();
    }

    /** Until the server sends nothing for a while (the rollout's last instance changes have settled). */
    private static void awaitQuiet() {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollDelay(Duration.ZERO).until(() -> {
            try (StatementCounter.Recording sql = StatementCounter.record()) {
                Thread.sleep(400);
                return sql.roundTrips() == 0;
            }
        });
    }

    /** The statements a request sends; its status must be {@code status}. */
    private static StatementCounter.Recording counted(Supplier<RequestSpecification> as, String path, int status) {
        as.get().get(path).then().statusCode(status); // a first request: the token is verified, caches warm
        try (StatementCounter.Recording sql = StatementCounter.record()) {
            as.get().get(path).then().statusCode(status);
            return sql;
        }
    }

    private static void assertOneStatement(StatementCounter.Recording sql) {
        assertEquals(1, sql.statements(), sql.toString());
        assertEquals(0, sql.commits() + sql.rollbacks(), sql.toString());
        assertTrue(sql.roundTrips() <= 2, "the statement and at most the pool's check of an idle connection: "
                + sql);
    }

    @Test
    void showingADeploymentIsOneStatement() {
        assertOneStatement(counted(Api::asAdmin, "/v3/deployments/" + deployment, 200));

        String developer = Fixtures.spaceMember("space_developer", org, space);
        String token = Tokens.user(developer);
        assertOneStatement(counted(() -> Api.as(token), "/v3/deployments/" + deployment, 200));
    }

    @Test
    void showingAnAppIsOneStatement() {
        assertOneStatement(counted(Api::asAdmin, "/v3/apps/" + app, 200));

        String auditor = Fixtures.spaceMember("space_auditor", org, space);
        String token = Tokens.user(auditor);
        assertOneStatement(counted(() -> Api.as(token), "/v3/apps/" + app, 200));
    }

    @Test
    void whatTheCallerMayNotSeeIsOneStatementToo() {
        String stranger = Tokens.user(Fixtures.newGuid());
        assertOneStatement(counted(() -> Api.as(stranger), "/v3/deployments/" + deployment, 404));
        assertOneStatement(counted(() -> Api.as(stranger), "/v3/apps/" + app, 404));
        assertOneStatement(counted(Api::asAdmin, "/v3/apps/" + Fixtures.newGuid(), 404));
    }

    /**
     * The list the cf CLI polls during a push: the count, the page and the apps of what it shows, plus the
     * caller's readable spaces for a non-admin, whatever the number of deployments listed.
     */
    @Test
    void listingAnAppsDeploymentsIsAFixedNumberOfStatements() {
        String path = "/v3/deployments?app_guids=" + app;
        assertEquals(3, counted(Api::asAdmin, path, 200).statements());

        String developer = Tokens.user(Fixtures.spaceMember("space_developer", org, space));
        StatementCounter.Recording sql = counted(() -> Api.as(developer), path, 200);
        assertEquals(4, sql.statements(), sql.toString());
    }

    /**
     * The pool checks a connection only after it sat idle for a second ({@link PooledConnectionsTest}), not on
     * every borrow: requests in a row cost their statements and nothing more. (At most 2 of 10 may be checked, so
     * a stall of the test machine between two requests cannot fail this.)
     */
    @Test
    void connectionsInSteadyUseAreNotCheckedOnEveryBorrow() {
        String path = "/v3/apps/" + app;
        Api.asAdmin().get(path).then().statusCode(200);
        try (StatementCounter.Recording sql = StatementCounter.record()) {
            for (int i = 0; i < 10; i++) {
                Api.asAdmin().get(path).then().statusCode(200);
            }
            assertEquals(10, sql.statements(), sql.toString());
            assertTrue(sql.validations() <= 2, sql.toString());
        }
    }

    @Test
    void theCounterSeesTheServersStatements() {
        try (StatementCounter.Recording sql = StatementCounter.record()) {
            Api.asAdmin().get("/v3/apps").then().statusCode(200);
            assertTrue(sql.statements() >= 2, "a list counts and pages: " + sql);
        }
    }
}

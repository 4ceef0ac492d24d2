package io.cfdeploy.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cfdeploy.support.Api;
import io.cfdeploy.support.Db;
import io.cfdeploy.support.Fixtures;
import io.cfdeploy.support.RolloutFixtures;
import io.cfdeploy.support.RolloutFixtures.StartedApp;
import io.cfdeploy.support.StatementCounter;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * What a deployment costs the database (issue #15), counted, not timed: every statement the server sends, at the
 * JDBC level ({@link StatementCounter}). A create of a rolling deployment of a started app, and a whole rolling
 * deployment of a one-instance app from create to FINALIZED with the engine's passes as the scheduler makes them
 * (one at once after the create, one when the new instance is up), are pinned at their numbers so that they cannot
 * silently grow back; a failure lists the statements.
 */
@QuarkusTest
@TestProfile(StatementCounter.Profile.class)
class DeploymentStatementsTest {
    /** A create: the request's statements, from the token's caller lookup to the response. */
    static final int CREATE_STATEMENTS = 14;
    static final int CREATE_TRANSACTIONS = 1;
    /** A rolling deployment of a one-instance app, create to FINALIZED (the create included). */
    static final int ROLLOUT_STATEMENTS = 23;
    static final int ROLLOUT_TRANSACTIONS = 3;

    @Inject
    RolloutWork engine;

    /** The tests' database directly, not through the counted pool. */
    private final DataSource db = Db.database(Db.name() + "_statements");

    @Test
    void aCreateAndAWholeRollout() throws InterruptedException {
        String space = Fixtures.space(Fixtures.org());
        // warm up: the caller's first request and a first create (first-time lookups are not what is pinned)
        StartedApp warm = RolloutFixtures.startedApp(space, 1, null);
        create(warm);
        StartedApp app = RolloutFixtures.startedApp(space, 1, null);

        StatementCounter.reset();
        String deployment = create(app);
        String createListing = StatementCounter.listing();
        int createStatements = StatementCounter.statements();
        int createTransactions = StatementCounter.transactions();

        // the scheduler's first pass, at once after the commit: the new instance is still starting
        Progress first = engine.advance(deployment);
        assertTrue(first.active(), "still rolling out after the first pass");
        assertNotNull(first.nextCheck(), "the engine says when the new instance is up");
        // its second pass, when the instance is up: the old process goes, the deployment is finalized
        Duration wait = Duration.between(Instant.now(), first.nextCheck());
        if (!wait.isNegative()) {
            Thread.sleep(wait.toMillis() + 1);
        }
        Progress second = engine.advance(deployment);
        String rolloutListing = StatementCounter.listing();
        int rolloutStatements = StatementCounter.statements();
        int rolloutTransactions = StatementCounter.transactions();
        assertFalse(second.active(), "finished after the second pass: " + second);
        assertEquals("FINALIZED", Db.rows(db, "SELECT status_value FROM deployments WHERE guid = ?", deployment)
                .get(0).get("status_value"));

        System.out.printf("create: %d statements, %d transactions%n%s%nrollout: %d statements, %d transactions%n%s%n",
                createStatements, createTransactions, createListing, rolloutStatements, rolloutTransactions,
                rolloutListing);
        assertEquals(CREATE_STATEMENTS, createStatements, "statements of one create:\n" + createListing);
        assertEquals(CREATE_TRANSACTIONS, createTransactions, "transactions of one create:\n" + createListing);
        assertEquals(ROLLOUT_STATEMENTS, rolloutStatements,
                "statements of a rolling deployment, create to FINALIZED:\n" + rolloutListing);
        assertEquals(ROLLOUT_TRANSACTIONS, rolloutTransactions,
                "transactions of a rolling deployment, create to FINALIZED:\n" + rolloutListing);
    }

    private static String create(StartedApp app) {
        return Api.asAdmin().body(RolloutFixtures.rollingBody(app, 1)).post("/v3/deployments").then().statusCode(201)
                .extract().path("guid");
    }
}

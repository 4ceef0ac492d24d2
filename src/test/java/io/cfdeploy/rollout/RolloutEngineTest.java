package io.cfdeploy.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cfdeploy.support.Api;
import io.cfdeploy.support.AppFixtures;
import io.cfdeploy.support.Db;
import io.cfdeploy.support.Fixtures;
import io.cfdeploy.support.RolloutFixtures;
import io.cfdeploy.support.RolloutFixtures.StartedApp;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The engine's own contract (DeploymentStepper): the app row as the lease, settled deployments answered from one
 * read, and failing steps (spec §5.1, §5.7) — rolled back, shown in {@code status.details.error}, retried, and
 * cleared by the next good step. Failures are real database failures: a trigger refuses the writes of one app.
 */
@QuarkusTest
class RolloutEngineTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @Inject
    DataSource db;

    @Inject
    DeploymentStepper stepper;

    @Inject
    RolloutEngine engine;

    private String space;

    @BeforeEach
    void space() {
        space = Fixtures.space(Fixtures.org());
    }

    @Test
    void settledDeploymentsAreAnsweredWithoutTouchingTheirAppAndMovingOnesRespectTheLease() throws SQLException {
        String stopped = AppFixtures.appWithDroplet(space);
        String deployed = RolloutsTest.deploy(stopped, "\"droplet\":{\"guid\":\"" + AppFixtures.stagedDroplet(stopped)
                + "\"}");
        StartedApp canary = RolloutFixtures.startedApp(space, 2, null);
        String paused = RolloutsTest.deploy(canary.app(), RolloutsTest.dropletOption(canary)
                + ",\"strategy\":\"canary\"");
        RolloutsTest.awaitReason(paused, "PAUSED");
        StartedApp slow = RolloutFixtures.startedApp(space, 2, "slow:30");
        String deploying = RolloutsTest.deploy(slow.app(), RolloutsTest.dropletOption(slow));

        try (Connection other = db.getConnection()) {
            other.setAutoCommit(false);
            try (Statement lock = other.createStatement()) {
                // another worker (or an API request) holds all three apps
                lock.execute("SELECT id FROM apps WHERE guid IN ('" + stopped + "','" + canary.app() + "','"
                        + slow.app() + "') FOR UPDATE");
            }
            // a settled deployment is not moving: one read of its row, no lock wanted, so never "busy"
            assertEquals(Progress.idle(), stepper.advance(deployed));
            assertEquals(Progress.idle(), stepper.advance(paused));
            assertEquals(Progress.idle(), stepper.advance(UUID.randomUUID().toString()));
            // a moving one whose app is held is left alone and looked at again shortly
            Instant before = Instant.now();
            Progress busy = stepper.advance(deploying);
            assertTrue(busy.active());
            assertNotNull(busy.nextCheck());
            assertTrue(busy.nextCheck().isAfter(before) && busy.nextCheck().isBefore(before.plusSeconds(2)),
                    "retried shortly: " + busy);
            other.rollback();
        }
        // with the lease free, the slow deployment waits for its instance's start-up (30 s), not for an event
        // (retried while the scheduler may hold the lease for a moment itself)
        Instant released = Instant.now();
        Progress waiting = Awaitility.await().atMost(PATIENCE).until(() -> stepper.advance(deploying),
                progress -> progress.nextCheck() == null || progress.nextCheck().isAfter(released.plusSeconds(1)));
        assertTrue(waiting.active());
        assertTrue(waiting.nextCheck().isAfter(released.plusSeconds(20)), "next look when the instance is up: "
                + waiting);
        Api.asAdmin().post("/v3/deployments/" + deploying + "/actions/cancel").then().statusCode(200);
        RolloutsTest.awaitReason(deploying, "CANCELED");
    }

    @Test
    void aFailingStepIsShownAndTheNextGoodStepClearsIt() throws SQLException {
        StartedApp app = RolloutFixtures.startedApp(space, 3, null);
        String deployment = RolloutsTest.deploy(app.app(), RolloutsTest.dropletOption(app));
        // the first tick scales the original process 3 → 2: refuse that write
        String trigger = refuse("BEFORE UPDATE ON processes FOR EACH ROW WHEN (OLD.guid = '" + app.app()
                + "' AND NEW.instances <> OLD.instances)");
        JsonNode failing;
        try {
            failing = Awaitility.await().atMost(PATIENCE).pollInterval(Duration.ofMillis(250))
                    .until(() -> RolloutsTest.show(deployment), json -> json.get("status").get("details").has("error"));
            assertEquals("ACTIVE", failing.get("status").get("value").asText());
            assertEquals("DEPLOYING", RolloutsTest.reason(failing), "a failing step keeps the state");
            String error = failing.get("status").get("details").get("error").asText();
            assertTrue(error.startsWith("An unexpected error has occurred: "), error);
            assertFalse(error.contains("refused by the test"), "nothing internal in the text: " + error);
            assertEquals(List.of(3, 1), desired(app.app()), "the failed step was rolled back");
            // each failure in a row puts the next try further off (2 s, 4 s, 8 s… at most 60 s)
            Duration first = failedStepDelay(deployment);
            Duration second = failedStepDelay(deployment);
            // (reads and the scheduler may have failed it a few times already: once at the ceiling it stays there)
            boolean capped = first.compareTo(RolloutEngine.FAILED_STEP_RETRY_CEILING.minusSeconds(1)) >= 0;
            assertTrue(capped || second.compareTo(first.plusSeconds(1)) > 0, first + " then " + second);
            assertTrue(second.compareTo(RolloutEngine.FAILED_STEP_RETRY_CEILING) <= 0, second.toString());
        } finally {
            drop(trigger);
        }
        // retried (by the scheduler or this poll): the next good step clears the error and the rollout finishes
        JsonNode deployed = RolloutsTest.awaitReason(deployment, "DEPLOYED");
        assertFalse(deployed.get("status").get("details").has("error"));
        assertEquals(List.of(3), desired(app.app()));
    }

    /**
     * A poll does not retry a failing step before its back-off is due: ten quick reads of the deployment (and of
     * the one-app list the cf CLI polls) try the step at most once more. A deployment settled elsewhere leaves no
     * failure entry behind once the engine looks at it again.
     */
    @Test
    void readsHonourTheBackOffAndSettledDeploymentsLeaveNoFailureEntry() throws SQLException {
        StartedApp app = RolloutFixtures.startedApp(space, 3, null);
        String deployment = RolloutsTest.deploy(app.app(), RolloutsTest.dropletOption(app));
        execute("CREATE SEQUENCE IF NOT EXISTS cfdeploy_test_attempts");
        String name = "refuse_" + UUID.randomUUID().toString().replace("-", "");
        // nextval survives the rollback of the refused step: it counts the tries
        execute("CREATE OR REPLACE FUNCTION cfdeploy_test_count_and_refuse() RETURNS trigger LANGUAGE plpgsql AS "
                + "$$ BEGIN PERFORM nextval('cfdeploy_test_attempts'); RAISE EXCEPTION 'refused by the test'; END $$");
        execute("CREATE TRIGGER " + name + " BEFORE UPDATE ON processes FOR EACH ROW WHEN (OLD.guid = '"
                + app.app() + "' AND NEW.instances <> OLD.instances) EXECUTE FUNCTION cfdeploy_test_count_and_refuse()");
        try {
            Awaitility.await().atMost(PATIENCE).pollInterval(Duration.ofMillis(250))
                    .until(() -> RolloutsTest.show(deployment), json -> json.get("status").get("details").has("error"));
            stepper.advance(deployment); // a failure just now: the next try is at least 2 s away
            long before = attempts();
            Instant started = Instant.now();
            for (int read = 0; read < 10; read++) {
                RolloutsTest.show(deployment);
                Api.asAdmin().queryParam("app_guids", app.app()).get("/v3/deployments").then().statusCode(200);
            }
            assertTrue(Duration.between(started, Instant.now()).compareTo(RolloutEngine.FAILED_STEP_RETRY) < 0,
                    "the reads fit in the first back-off");
            assertTrue(attempts() - before <= 1, "tries during 20 reads: " + (attempts() - before));
            assertTrue(engine.failingDeployments() >= 1);
        } finally {
            execute("DROP TRIGGER IF EXISTS " + name + " ON processes");
        }
        // another replica finished it meanwhile (here: by hand); the engine's next look drops the entry
        Db.update(db, "UPDATE deployments SET state = 'DEPLOYED', status_value = 'FINALIZED', status_reason = "
                + "'DEPLOYED' WHERE guid = ?", deployment);
        stepper.advance(deployment);
        Awaitility.await().atMost(PATIENCE).until(() -> !engine.failing(deployment));
    }

    private long attempts() {
        return Db.count(db, "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM cfdeploy_test_attempts");
    }

    @Test
    void aCancelWhoseStepFailsStaysCancelingCanBeCanceledAgainAndFinishesOnceTheFailureIsGone()
            throws SQLException {
        StartedApp app = RolloutFixtures.startedApp(space, 3, "slow:30");
        String previous = (String) Db.single(db, "SELECT droplet_guid FROM apps WHERE guid = ?", app.app())
                .get("droplet_guid");
        String deployment = RolloutsTest.deploy(app.app(), RolloutsTest.dropletOption(app));
        long appId = ((Number) Db.single(db, "SELECT id FROM apps WHERE guid = ?", app.app()).get("id")).longValue();
        // the updater's cancel destroys the deploying process: refuse that
        String trigger = refuse("BEFORE DELETE ON processes FOR EACH ROW WHEN (OLD.app_id = " + appId + ")");
        try {
            Api.asAdmin().post("/v3/deployments/" + deployment + "/actions/cancel").then().statusCode(200);
            JsonNode canceling = Awaitility.await().atMost(PATIENCE).pollInterval(Duration.ofMillis(250))
                    .until(() -> RolloutsTest.show(deployment), json -> json.get("status").get("details").has("error"));
            assertEquals("ACTIVE", canceling.get("status").get("value").asText());
            assertEquals("CANCELING", RolloutsTest.reason(canceling));
            assertEquals(2, desired(app.app()).size(), "both web processes still there");

            // cancel from CANCELING is allowed (spec §5.6) and records its event again
            Api.asAdmin().post("/v3/deployments/" + deployment + "/actions/cancel").then().statusCode(200);
            assertEquals("CANCELING", RolloutsTest.reason(RolloutsTest.show(deployment)));
            assertEquals(2, Db.count(db, "SELECT count(*) FROM audit_events WHERE type = "
                    + "'audit.app.deployment.cancel' AND target_guid = ?", app.app()));
        } finally {
            drop(trigger);
        }
        JsonNode canceled = RolloutsTest.awaitReason(deployment, "CANCELED");
        assertEquals("FINALIZED", canceled.get("status").get("value").asText());
        assertFalse(canceled.get("status").get("details").has("error"), "a finished cancel clears the error");
        List<Map<String, Object>> web = Db.rows(db, "SELECT guid, instances FROM processes WHERE app_id = ? "
                + "AND type = 'web'", appId);
        assertEquals(1, web.size(), "only the original process is left: " + web);
        Db.assertRow(web.get(0), "guid", app.app(), "instances", 3);
        assertEquals(3, Db.count(db, "SELECT count(*) FROM process_instances i JOIN processes p ON p.id = "
                + "i.process_id WHERE p.app_id = ?", appId));
        assertEquals(previous, Db.single(db, "SELECT droplet_guid FROM apps WHERE guid = ?", app.app())
                .get("droplet_guid"));
        assertNull(Db.single(db, "SELECT error FROM deployments WHERE guid = ?", deployment).get("error"));
    }

    /** The app's web processes' desired instances, oldest first. */
    private List<Integer> desired(String app) {
        return Db.rows(db, "SELECT p.instances FROM processes p JOIN apps a ON a.id = p.app_id WHERE a.guid = ? "
                + "AND p.type = 'web' ORDER BY p.created_at, p.id", app).stream()
                .map(row -> ((Number) row.get("instances")).intValue()).toList();
    }

    /** The delay a failing step asks for (a busy lease, 200 ms, is not a failure: try again). */
    private Duration failedStepDelay(String deployment) {
        return Awaitility.await().atMost(PATIENCE).pollInterval(Duration.ofMillis(50)).until(() -> {
            Instant now = Instant.now();
            return Duration.between(now, stepper.advance(deployment).nextCheck());
        }, delay -> delay.compareTo(Duration.ofSeconds(1)) > 0);
    }

    /** A trigger on processes that fails the writes it matches; returns its name. */
    private String refuse(String when) throws SQLException {
        String name = "refuse_" + UUID.randomUUID().toString().replace("-", "");
        execute("CREATE OR REPLACE FUNCTION cfdeploy_test_refuse() RETURNS trigger LANGUAGE plpgsql AS "
                + "$$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$");
        execute("CREATE TRIGGER " + name + " " + when + " EXECUTE FUNCTION cfdeploy_test_refuse()");
        return name;
    }

    private void drop(String trigger) throws SQLException {
        execute("DROP TRIGGER IF EXISTS " + trigger + " ON processes");
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = db.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}

package io.cfdeploy.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cfdeploy.support.Api;
import io.cfdeploy.support.AppFixtures;
import io.cfdeploy.support.Db;
import io.cfdeploy.support.Fixtures;
import io.cfdeploy.support.RolloutFixtures;
import io.cfdeploy.support.RolloutFixtures.StartedApp;
import io.cfdeploy.support.TestIssuerKey;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Creates, cancels and continues racing on one app (and the engine stepping it meanwhile): every answer is a
 * documented one, and the database ends consistent — one deployment active at most, every superseded one
 * finalized, one new-process entry per deployment, one web process left, nothing half-applied.
 */
@QuarkusTest
@QuarkusTestResource(TestIssuerKey.class)
class DeploymentsConcurrencyTest {
    private static final int CLIENTS = 6;
    private static final int ROUNDS = 3;

    @Inject
    DataSource db;

    @Test
    void cancelRacingCreateLeavesTheAppConsistent() throws Exception {
        StartedApp app = RolloutFixtures.startedApp(Fixtures.space(Fixtures.org()), 2, null);
        String original = (String) Db.single(db, "SELECT droplet_guid FROM apps WHERE guid = ?", app.app())
                .get("droplet_guid");
        List<String> droplets = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            droplets.add(AppFixtures.stagedDroplet(app.app()));
        }
        ConcurrentLinkedQueue<String> created = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Integer> cancels = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> work = new ArrayList<>();
        for (int client = 0; client < CLIENTS; client++) {
            String droplet = droplets.get(client);
            boolean canary = client % 2 == 1;
            work.add(clients.submit(() -> {
                start.await();
                for (int round = 0; round < ROUNDS; round++) {
                    Response create = Api.asAdmin().body("{\"droplet\":{\"guid\":\"" + droplet + "\"},"
                            + (canary ? "\"strategy\":\"canary\"," : "")
                            + "\"relationships\":{\"app\":{\"data\":{\"guid\":\"" + app.app() + "\"}}}}")
                            .post("/v3/deployments");
                    if (create.statusCode() != 201) {
                        unexpected.add("create " + create.statusCode() + " " + create.asString());
                        continue;
                    }
                    String deployment = create.path("guid");
                    created.add(deployment);
                    Response continued = Api.asAdmin().post("/v3/deployments/" + deployment + "/actions/continue");
                    if (!Set.of(200, 422).contains(continued.statusCode())) {
                        unexpected.add("continue " + continued.statusCode() + " " + continued.asString());
                    }
                    Response cancel = Api.asAdmin().post("/v3/deployments/" + deployment + "/actions/cancel");
                    cancels.add(cancel.statusCode());
                    if (!Set.of(200, 422).contains(cancel.statusCode())) {
                        unexpected.add("cancel " + cancel.statusCode() + " " + cancel.asString());
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> done : work) {
            done.get();
        }
        clients.shutdown();
        assertEquals(List.of(), new ArrayList<>(unexpected), "only documented answers");
        assertEquals(CLIENTS * ROUNDS, created.size());

        assertConsistent(app, original, droplets, CLIENTS * ROUNDS,
                cancels.stream().filter(status -> status == 200).count());
    }

    /**
     * After the engine settles whatever still moves: at most one ACTIVE deployment (then PAUSED, with its droplet
     * current), every other FINALIZED with a state that agrees with its reason, one new-process entry each, the
     * app's droplet one it was given, one audit event per create and per accepted cancel, and with nothing active
     * one web process at its original size.
     */
    private void assertConsistent(StartedApp app, String original, List<String> droplets, int expected,
            long cancelsAccepted) {
        // the engine settles whatever is still moving
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> Db.count(
                db, "SELECT count(*) FROM deployments d JOIN apps a ON a.id = d.app_id WHERE a.guid = ? "
                        + "AND d.state IN ('DEPLOYING', 'PREPAUSED', 'CANCELING')", app.app()) == 0);

        List<Map<String, Object>> deployments = Db.rows(db, "SELECT d.guid, d.state, d.status_value, "
                + "d.status_reason, d.droplet_guid, (SELECT count(*) FROM deployment_processes dp WHERE dp.deployment_id = d.id) "
                + "AS entries FROM deployments d JOIN apps a ON a.id = d.app_id WHERE a.guid = ?", app.app());
        assertEquals(expected, deployments.size());
        long active = deployments.stream().filter(d -> "ACTIVE".equals(d.get("status_value"))).count();
        assertTrue(active <= 1, "at most one active deployment: " + deployments);
        for (Map<String, Object> deployment : deployments) {
            assertEquals(1L, ((Number) deployment.get("entries")).longValue(), "one new process: " + deployment);
            if ("SUPERSEDED".equals(deployment.get("status_reason"))) {
                assertEquals("FINALIZED", deployment.get("status_value"), deployment.toString());
            }
            if (!"ACTIVE".equals(deployment.get("status_value"))) {
                // superseded, canceled or finished: nothing else
                assertEquals("FINALIZED", deployment.get("status_value"), deployment.toString());
                assertTrue(Set.of("DEPLOYED/DEPLOYED", "DEPLOYED/SUPERSEDED", "CANCELED/CANCELED",
                        "CANCELED/SUPERSEDED").contains(deployment.get("state") + "/" + deployment.get("status_reason")),
                        "state and reason agree: " + deployment);
            }
        }
        // the app runs a droplet a deployment (or the start) gave it; while one is active, that one's droplet
        String current = (String) Db.single(db, "SELECT droplet_guid FROM apps WHERE guid = ?", app.app())
                .get("droplet_guid");
        Set<String> given = new java.util.HashSet<>(droplets);
        given.add(original);
        assertTrue(given.contains(current), "current droplet " + current + " is one of " + given);
        deployments.stream().filter(d -> "ACTIVE".equals(d.get("status_value"))).forEach(d -> assertEquals(
                d.get("droplet_guid"), current, "the active deployment's droplet is current: " + d));
        assertEquals(cancelsAccepted, Db.count(db, "SELECT count(*) FROM audit_events WHERE type = "
                + "'audit.app.deployment.cancel' AND target_guid = ?", app.app()), "one event per accepted cancel");
        assertEquals((long) expected, Db.count(db, "SELECT count(*) FROM audit_events WHERE type = "
                + "'audit.app.deployment.create' AND target_guid = ?", app.app()));
        if (active == 0) {
            // nothing in flight: one web process is left, at its original size, running the current droplet
            List<Map<String, Object>> web = Db.rows(db, "SELECT p.instances FROM processes p JOIN apps a "
                    + "ON a.id = p.app_id WHERE a.guid = ? AND p.type = 'web'", app.app());
            assertEquals(1, web.size(), "one web process: " + web);
            assertEquals(2, ((Number) web.get(0).get("instances")).intValue());
        }
    }

    /**
     * {@code cf cancel-deployment} racing creates: creators post deployments for the app while cancelers look the
     * active one up as the CLI does (§1.8) and cancel it, so a cancel often meets a deployment a create has just
     * superseded (the cancel waits for the app's lock behind the creates, then finds it finalized). The droplets
     * start slowly, so the newest deployment is still active for the cancelers' last round. Every answer is documented — create 201; cancel 200, or 422 for one already finalized — never a
     * 500 or a deadlock, and the app ends consistent.
     */
    @Test
    void cliCancelsRacingCreatesLeaveTheAppConsistent() throws Exception {
        StartedApp app = RolloutFixtures.startedApp(Fixtures.space(Fixtures.org()), 2, "slow:30");
        String original = (String) Db.single(db, "SELECT droplet_guid FROM apps WHERE guid = ?", app.app())
                .get("droplet_guid");
        int creators = 3;
        int creates = 4;
        List<String> droplets = new ArrayList<>();
        for (int i = 0; i < creators; i++) {
            String droplet = AppFixtures.stagedDroplet(app.app());
            Api.asAdmin().body("{\"metadata\":{\"annotations\":{\"cfdeploy.io/simulate\":\"slow:30\"}}}")
                    .patch("/v3/droplets/" + droplet).then().statusCode(200);
            droplets.add(droplet);
        }
        ConcurrentLinkedQueue<Integer> cancels = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch created = new CountDownLatch(creators);
        ExecutorService clients = Executors.newFixedThreadPool(creators * 2);
        List<Future<?>> work = new ArrayList<>();
        for (int creator = 0; creator < creators; creator++) {
            String droplet = droplets.get(creator);
            work.add(clients.submit(() -> {
                start.await();
                try {
                    for (int i = 0; i < creates; i++) {
                        Response create = Api.asAdmin().body("{\"droplet\":{\"guid\":\"" + droplet + "\"},"
                                + "\"strategy\":\"rolling\",\"relationships\":{\"app\":{\"data\":{\"guid\":\""
                                + app.app() + "\"}}}}").post("/v3/deployments");
                        if (create.statusCode() != 201) {
                            unexpected.add("create " + create.statusCode() + " " + create.asString());
                        }
                    }
                } finally {
                    created.countDown();
                }
                return null;
            }));
            work.add(clients.submit(() -> {
                start.await();
                boolean last;
                do {
                    // once the creates are done, one more round: the newest deployment is then left to cancel
                    last = created.getCount() == 0;
                    Response active = Api.asAdmin().get("/v3/deployments?app_guids=" + app.app()
                            + "&order_by=-created_at&page=1&per_page=1&status_values=ACTIVE");
                    if (active.statusCode() != 200) {
                        unexpected.add("list " + active.statusCode() + " " + active.asString());
                        continue;
                    }
                    String deployment = active.path("resources[0].guid");
                    if (deployment == null) {
                        continue;
                    }
                    Response cancel = Api.asAdmin().post("/v3/deployments/" + deployment + "/actions/cancel");
                    cancels.add(cancel.statusCode());
                    if (cancel.statusCode() == 422) {
                        if (!String.valueOf(cancel.asString()).contains("Cannot cancel a deployment with status: "
                                + "FINALIZED")) {
                            unexpected.add("cancel 422 " + cancel.asString());
                        }
                    } else if (cancel.statusCode() != 200) {
                        unexpected.add("cancel " + cancel.statusCode() + " " + cancel.asString());
                    }
                } while (!last);
                return null;
            }));
        }
        start.countDown();
        for (Future<?> done : work) {
            done.get();
        }
        clients.shutdown();
        assertEquals(List.of(), new ArrayList<>(unexpected), "only documented answers");
        assertTrue(cancels.contains(200), "some cancel got through: " + cancels);
        assertConsistent(app, original, droplets, creators * creates,
                cancels.stream().filter(status -> status == 200).count());
    }
}

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

        // the engine settles whatever is still moving
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> Db.count(
                db, "SELECT count(*) FROM deployments d JOIN apps a ON a.id = d.app_id WHERE a.guid = ? "
                        + "AND d.state IN ('DEPLOYING', 'PREPAUSED', 'CANCELING')", app.app()) == 0);

        List<Map<String, Object>> deployments = Db.rows(db, "SELECT d.guid, d.state, d.status_value, "
                + "d.status_reason, (SELECT count(*) FROM deployment_processes dp WHERE dp.deployment_id = d.id) "
                + "AS entries FROM deployments d JOIN apps a ON a.id = d.app_id WHERE a.guid = ?", app.app());
        assertEquals(CLIENTS * ROUNDS, deployments.size());
        long active = deployments.stream().filter(d -> "ACTIVE".equals(d.get("status_value"))).count();
        assertTrue(active <= 1, "at most one active deployment: " + deployments);
        for (Map<String, Object> deployment : deployments) {
            assertEquals(1L, ((Number) deployment.get("entries")).longValue(), "one new process: " + deployment);
            if ("SUPERSEDED".equals(deployment.get("status_reason"))) {
                assertEquals("FINALIZED", deployment.get("status_value"), deployment.toString());
            }
        }
        long cancelsAccepted = cancels.stream().filter(status -> status == 200).count();
        assertEquals(cancelsAccepted, Db.count(db, "SELECT count(*) FROM audit_events WHERE type = "
                + "'audit.app.deployment.cancel' AND target_guid = ?", app.app()), "one event per accepted cancel");
        assertEquals((long) CLIENTS * ROUNDS, Db.count(db, "SELECT count(*) FROM audit_events WHERE type = "
                + "'audit.app.deployment.create' AND target_guid = ?", app.app()));
        if (active == 0) {
            // nothing in flight: one web process is left, at its original size, running the current droplet
            List<Map<String, Object>> web = Db.rows(db, "SELECT p.instances FROM processes p JOIN apps a "
                    + "ON a.id = p.app_id WHERE a.guid = ? AND p.type = 'web'", app.app());
            assertEquals(1, web.size(), "one web process: " + web);
            assertEquals(2, ((Number) web.get(0).get("instances")).intValue());
        }
    }
}

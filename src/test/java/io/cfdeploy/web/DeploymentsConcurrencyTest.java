package io.cfdeploy.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cfdeploy.support.Api;
import io.cfdeploy.support.AppFixtures;
import io.cfdeploy.support.Db;
import io.cfdeploy.support.Fixtures;
import io.cfdeploy.support.RolloutFixtures;
import io.cfdeploy.support.RolloutFixtures.StartedApp;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Creates, cancels and continues racing on one app (and the engine stepping it meanwhile, and a cf CLI summary
 * polling the active deployment, which advances it): every answer is a documented one (200 with an empty body, or
 * 422 with CAPI's state text), two deployments are never ACTIVE at once, and the database ends consistent — every
 * superseded or deployed one finalized, one new-process entry per deployment, one audit event per accepted action,
 * the app on one of the deployed droplets, one web process left, nothing half-applied.
 */
@QuarkusTest
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
        String original = Db.single(db, "SELECT droplet_guid FROM apps WHERE guid = ?", app.app()).get("droplet_guid")
                .toString();
        ConcurrentLinkedQueue<String> created = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Integer> cancels = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Integer> continues = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean racing = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS + 1);
        // a cf CLI summary polling meanwhile (the list filtered to one app advances a moving deployment), and
        // what it and the database show at every moment: one ACTIVE deployment at most
        Future<?> watcher = clients.submit(() -> {
            start.await();
            while (racing.get()) {
                Response listed = Api.asAdmin().get("/v3/deployments?app_guids=" + app.app()
                        + "&order_by=-created_at&page=1&per_page=1&status_values=ACTIVE");
                if (listed.statusCode() != 200 || listed.<Integer>path("pagination.total_results") > 1) {
                    unexpected.add("list " + listed.statusCode() + " " + listed.asString());
                }
                long active = Db.count(db, "SELECT count(*) FROM deployments d JOIN apps a ON a.id = d.app_id "
                        + "WHERE a.guid = ? AND d.status_value = 'ACTIVE'", app.app());
                if (active > 1) {
                    seen.add(active + " ACTIVE deployments at once");
                }
            }
            return null;
        });
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
                    continues.add(continued.statusCode());
                    if (!documented(continued, "continue")) {
                        unexpected.add("continue " + continued.statusCode() + " " + continued.asString());
                    }
                    Response cancel = Api.asAdmin().post("/v3/deployments/" + deployment + "/actions/cancel");
                    cancels.add(cancel.statusCode());
                    if (!documented(cancel, "cancel")) {
                        unexpected.add("cancel " + cancel.statusCode() + " " + cancel.asString());
                    }
                    // cf cancel-deployment: whatever the list shows as active, superseded meanwhile or not
                    List<String> active = Api.asAdmin().get("/v3/deployments?app_guids=" + app.app()
                            + "&order_by=-created_at&page=1&per_page=1&status_values=ACTIVE").then().statusCode(200)
                            .extract().path("resources.guid");
                    for (String other : active) {
                        Response cancelOther = Api.asAdmin().contentType("")
                                .post("/v3/deployments/" + other + "/actions/cancel");
                        cancels.add(cancelOther.statusCode());
                        if (!documented(cancelOther, "cancel")) {
                            unexpected.add("cancel " + cancelOther.statusCode() + " " + cancelOther.asString());
                        }
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> done : work) {
            done.get();
        }
        racing.set(false);
        watcher.get();
        clients.shutdown();
        assertEquals(List.of(), new ArrayList<>(unexpected), "only documented answers");
        assertEquals(List.of(), new ArrayList<>(seen), "never two ACTIVE deployments");
        assertEquals(CLIENTS * ROUNDS, created.size());

        // the engine settles whatever is still moving
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> Db.count(
                db, "SELECT count(*) FROM deployments d JOIN apps a ON a.id = d.app_id WHERE a.guid = ? "
                        + "AND d.state IN ('DEPLOYING', 'PREPAUSED', 'CANCELING')", app.app()) == 0);

        List<Map<String, Object>> deployments = Db.rows(db, "SELECT d.guid, d.state, d.status_value, "
                + "d.status_reason, CASE WHEN d.deploying_web_process_guid IS NULL THEN 0 ELSE 1 END "
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
        long continuesAccepted = continues.stream().filter(status -> status == 200).count();
        assertEquals(continuesAccepted, Db.count(db, "SELECT count(*) FROM audit_events WHERE type = "
                + "'audit.app.deployment.continue' AND target_guid = ?", app.app()), "one event per accepted continue");
        // the app runs the droplet of one of the deployments (or, every one cancelled, the one it started with)
        Set<String> deployable = new HashSet<>(droplets);
        deployable.add(original);
        Object current = Db.single(db, "SELECT droplet_guid FROM apps WHERE guid = ?", app.app()).get("droplet_guid");
        assertTrue(deployable.contains(String.valueOf(current)), "current droplet " + current);
        for (Map<String, Object> deployment : deployments) {
            if ("DEPLOYED".equals(deployment.get("status_reason"))) {
                assertEquals("FINALIZED", deployment.get("status_value"), deployment.toString());
            }
        }
        if (active == 0) {
            // nothing in flight: one web process is left, at its original size, running the current droplet
            List<Map<String, Object>> web = Db.rows(db, "SELECT p.instances FROM processes p JOIN apps a "
                    + "ON a.id = p.app_id WHERE a.guid = ? AND p.type = 'web'", app.app());
            assertEquals(1, web.size(), "one web process: " + web);
            assertEquals(2, ((Number) web.get(0).get("instances")).intValue());
        }
    }

    private static final Pattern REFUSED = Pattern.compile("Cannot (cancel|continue) a deployment with status: "
            + "(ACTIVE|FINALIZED) and reason: (DEPLOYING|PAUSED|CANCELING|DEPLOYED|CANCELED|SUPERSEDED)");

    /** 200 with an empty body, or 422 with CAPI's state text for the action. */
    private static boolean documented(Response response, String action) {
        if (response.statusCode() == 200) {
            return response.asString().isEmpty();
        }
        if (response.statusCode() != 422) {
            return false;
        }
        String detail = response.path("errors[0].detail");
        Matcher matcher = REFUSED.matcher(detail == null ? "" : detail);
        return matcher.matches() && matcher.group(1).equals(action)
                && "CF-UnprocessableEntity".equals(response.path("errors[0].title"));
    }
}

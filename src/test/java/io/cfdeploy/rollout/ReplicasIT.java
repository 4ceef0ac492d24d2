package io.cfdeploy.rollout;

import static io.cfdeploy.support.RolloutFixtures.startedApp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cfdeploy.support.Api;
import io.cfdeploy.support.Db;
import io.cfdeploy.support.Fixtures;
import io.cfdeploy.support.RolloutFixtures;
import io.cfdeploy.support.RolloutFixtures.StartedApp;
import io.cfdeploy.support.ServerProcess;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Several replicas on one database (product.md §5), each a server process of its own started from the packaged
 * artifact: they learn of each other's work without polling, never apply a step twice, and a replica killed
 * mid-rollout leaves nothing that a restart does not finish. Progress is watched with {@code ?guids=} lists, which
 * never advance a deployment themselves, so only the replicas' own schedulers move them.
 */
class ReplicasIT {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private final List<ServerProcess> servers = new ArrayList<>();
    private final int restAssuredPort = RestAssured.port;

    @AfterEach
    void stopServers() throws InterruptedException {
        for (ServerProcess server : servers) {
            server.close();
        }
        RestAssured.port = restAssuredPort;
    }

    private ServerProcess start(String name, Map<String, String> properties) throws Exception {
        ServerProcess server = ServerProcess.start(name, properties);
        servers.add(server);
        return server;
    }

    static DataSource database() {
        return Db.database();
    }

    static String deploy(ServerProcess through, StartedApp app) {
        return Api.asAdmin().port(through.port())
                .body(RolloutFixtures.rollingBody(app, 1))
                .post("/v3/deployments").then().statusCode(201).extract().path("guid");
    }

    /** The deployment as a list shows it: a read that never advances it. */
    static JsonPath listed(ServerProcess through, String deployment) {
        return Api.asAdmin().port(through.port()).queryParam("guids", deployment).get("/v3/deployments").then()
                .statusCode(200).extract().jsonPath().setRootPath("resources[0]");
    }

    static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    static void awaitDeployed(ServerProcess through, String deployment) throws InterruptedException {
        Predicate<JsonPath> deployed = json -> "FINALIZED".equals(json.getString("status.value"))
                && "DEPLOYED".equals(json.getString("status.reason"));
        await("deployment " + deployment + " to be DEPLOYED", () -> deployed.test(listed(through, deployment)));
    }

    /** What a finished rolling deployment of 3 instances leaves: its process alone, 3 instances, its droplet. */
    static void assertRolledOut(DataSource db, StartedApp app, String deployment) {
        List<Map<String, Object>> web = Db.rows(db, "SELECT p.guid, p.instances, "
                + "(SELECT count(*) FROM process_instances i WHERE i.process_id = p.id) AS running "
                + "FROM processes p JOIN apps a ON a.id = p.app_id WHERE a.guid = ? AND p.type = 'web'", app.app());
        String deploying = Db.rows(db, "SELECT deploying_web_process_guid AS guid FROM deployments WHERE guid = ?",
                deployment).get(0).get("guid").toString();
        assertEquals(1, web.size(), "one web process left: " + web);
        assertEquals(deploying, web.get(0).get("guid"));
        assertEquals(3, ((Number) web.get(0).get("instances")).intValue());
        assertEquals(3L, ((Number) web.get(0).get("running")).longValue());
        assertEquals(app.nextDroplet(), Db.rows(db, "SELECT droplet_guid FROM apps WHERE guid = ?", app.app()).get(0)
                .get("droplet_guid"));
    }

    @Test
    void aReplicaLearnsOfAnotherReplicasDeploymentWithoutPolling() throws Exception {
        ServerProcess passive = start("passive", Map.of("cfdeploy.rollout.enabled", "false"));
        start("active", Map.of());
        RestAssured.port = passive.port();
        StartedApp app = startedApp(Fixtures.space(Fixtures.org()), 3, null);

        String deployment = deploy(passive, app);
        // the passive replica never steps; only the notification tells the active one
        awaitDeployed(passive, deployment);
        assertRolledOut(database(), app, deployment);
    }

    @Test
    void twoReplicasShareRolloutsAndApplyEachStepOnce() throws Exception {
        ServerProcess a = start("a", Map.of());
        ServerProcess b = start("b", Map.of());
        RestAssured.port = a.port();
        String space = Fixtures.space(Fixtures.org());
        List<StartedApp> apps = new ArrayList<>();
        List<String> deployments = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            StartedApp app = startedApp(space, 3, null);
            apps.add(app);
            deployments.add(deploy(i % 2 == 0 ? a : b, app));
        }
        DataSource db = database();
        for (int i = 0; i < apps.size(); i++) {
            awaitDeployed(i % 2 == 0 ? b : a, deployments.get(i));
            assertRolledOut(db, apps.get(i), deployments.get(i));
        }
    }

    @Test
    void aRolloutSurvivesKillNineOfItsReplica() throws Exception {
        ServerProcess first = start("first", Map.of());
        RestAssured.port = first.port();
        StartedApp app = startedApp(Fixtures.space(Fixtures.org()), 3, "slow:2");
        String deployment = deploy(first, app);
        DataSource db = database();
        await("the rollout to be past its first step", () -> ((Number) Db.rows(db, "SELECT p.instances FROM "
                + "processes p JOIN deployments d ON d.deploying_web_process_guid = p.guid WHERE d.guid = ?",
                deployment).get(0).get("instances")).intValue() >= 2);

        first.kill();
        assertEquals("ACTIVE", Db.rows(db, "SELECT status_value FROM deployments WHERE guid = ?", deployment).get(0)
                .get("status_value"), "killed mid-rollout");
        ServerProcess second = start("second", Map.of());
        RestAssured.port = second.port();
        awaitDeployed(second, deployment);
        assertRolledOut(db, app, deployment);
        assertTrue(listed(second, deployment).getString("status.details.error") == null);
    }
}

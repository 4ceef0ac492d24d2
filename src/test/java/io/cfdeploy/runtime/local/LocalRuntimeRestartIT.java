package io.cfdeploy.runtime.local;

import static io.cfdeploy.runtime.local.LocalInstances.get;
import static io.cfdeploy.runtime.local.LocalInstances.group;
import static io.cfdeploy.support.SampleApps.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cfdeploy.support.Api;
import io.cfdeploy.support.Db;
import io.cfdeploy.support.Fixtures;
import io.cfdeploy.support.SampleApps;
import io.cfdeploy.support.ServerProcess;
import io.restassured.RestAssured;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged server with the local runtime, killed (SIGKILL) mid-rollout and started again: its instances outlive
 * it, the next server adopts those still desired and the rollout completes; a second supervisor of the same
 * database refuses to start.
 */
class LocalRuntimeRestartIT {
    private static final String DATABASE = Db.name() + "_local_restart";
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private final List<ServerProcess> servers = new ArrayList<>();
    private final int restAssuredPort = RestAssured.port;

    private static Map<String, String> properties() {
        return Map.ofEntries(
                Map.entry("quarkus.datasource.jdbc.url", Db.url(DATABASE)),
                Map.entry("cfdeploy.runtime.type", "local"),
                Map.entry("cfdeploy.runtime.local.work-dir",
                        System.getProperty("java.io.tmpdir") + "/cfdeploy-test-runtime-" + DATABASE),
                Map.entry("cfdeploy.runtime.local.keep-running-on-shutdown", "true"),
                Map.entry("cfdeploy.runtime.local.startup-check-interval", "PT0.25S"),
                Map.entry("cfdeploy.runtime.local.drain-time", "PT0.5S"),
                Map.entry("cfdeploy.runtime.local.port-range", "62200-62399"),
                Map.entry("cfdeploy.router.enabled", "true"),
                Map.entry("cfdeploy.router.port", "0"));
    }

    @AfterEach
    void stopServers() throws InterruptedException {
        for (ServerProcess server : servers) {
            server.close();
        }
        RestAssured.port = restAssuredPort;
    }

    private ServerProcess start(String name) throws Exception {
        ServerProcess server = ServerProcess.start(name, properties());
        servers.add(server);
        RestAssured.port = server.port();
        return server;
    }

    @Test
    void aKilledServerLeavesItsInstancesRunning_theNextAdoptsThem_andTheRolloutCompletes() throws Exception {
        Db.drop(DATABASE);
        DataSource db = Db.database(DATABASE);
        ServerProcess first = start("local-first");
        String space = Fixtures.space(Fixtures.org());
        String app = SampleApps.start(space, "v1", 3, Map.of());
        await("v1 RUNNING", PATIENCE, () -> LocalInstances.allRunning(app, 3));
        ServerProcess.Exit second = ServerProcess.failedStart("local-second", "test", properties(),
                Duration.ofSeconds(90));
        assertNotEquals(0, second.code());
        assertTrue(second.output().contains("another replica supervises the local runtime of this database"),
                second.output());
        // a replica that does not supervise serves the API from the rows the supervisor writes (no usage there)
        Map<String, String> passive = new java.util.HashMap<>(properties());
        passive.put("cfdeploy.runtime.local.supervise", "false");
        passive.put("cfdeploy.router.enabled", "false");
        try (ServerProcess api = ServerProcess.start("local-passive", passive)) {
            List<Map<String, Object>> stats = Api.asAdmin().port(api.port()).get("/v3/processes/" + app + "/stats")
                    .then().statusCode(200).extract().path("resources");
            assertEquals(List.of("RUNNING", "RUNNING", "RUNNING"), stats.stream().map(entry -> entry.get("state"))
                    .toList(), () -> "stats through the passive replica: " + stats);
            assertEquals(Map.of(), stats.get(0).get("usage"), "only the supervisor reads /proc");
        }

        String v2 = SampleApps.sampleDroplet(app, "v2", SampleApps.JAVA_COMMAND);
        String deployment = LocalRolloutTest.deploy(app, v2, 1);
        String deploying = LocalRolloutTest.deployment(deployment).getString("new_processes[0].guid");
        await("a first v2 instance RUNNING", PATIENCE, () -> running(db, deploying).size() >= 1);
        first.kill();
        assertEquals("DEPLOYING", Db.single(db, "SELECT state FROM deployments WHERE guid = ?", deployment)
                .get("state"), "killed mid-rollout");
        List<Long> survivors = running(db, deploying);
        survivors.forEach(pid -> assertTrue(group(pid).contains(pid), "instance " + pid + " outlived the server"));

        start("local-restarted");
        await("FINALIZED", PATIENCE,
                () -> "FINALIZED".equals(LocalRolloutTest.deployment(deployment).getString("status.value")));
        await("3 v2 instances RUNNING", PATIENCE, () -> LocalInstances.allRunning(deploying, 3));
        assertTrue(running(db, deploying).containsAll(survivors), "the surviving v2 instances were adopted");
        for (Map<String, Object> instance : Db.rows(db, """
                SELECT i.index, i.port FROM process_instances i JOIN processes p ON p.id = i.process_id
                 WHERE p.guid = ?""", deploying)) {
            HttpResponse<String> answer = get(((Number) instance.get("port")).intValue(), "/");
            assertNotNull(answer);
            assertTrue(answer.body().startsWith("version=v2 index=" + instance.get("index") + " "), answer.body());
        }

        List<Long> pids = running(db, deploying);
        Api.asAdmin().post("/v3/apps/" + app + "/actions/stop").then().statusCode(200);
        await("no process of the app left", Duration.ofSeconds(20),
                () -> pids.stream().allMatch(pid -> group(pid).isEmpty()));
        assertEquals(0, Db.count(db, "SELECT count(*) FROM process_instances"));
    }

    private static List<Long> running(DataSource db, String processGuid) {
        return Db.rows(db, """
                SELECT i.pid FROM process_instances i JOIN processes p ON p.id = i.process_id
                 WHERE p.guid = ? AND i.state = 'RUNNING' ORDER BY i.index""", processGuid).stream()
                .map(row -> ((Number) row.get("pid")).longValue()).toList();
    }
}

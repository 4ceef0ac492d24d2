package io.cfdeploy.runtime.local;

import static io.cfdeploy.runtime.local.LocalInstances.assertState;
import static io.cfdeploy.runtime.local.LocalInstances.get;
import static io.cfdeploy.runtime.local.LocalInstances.group;
import static io.cfdeploy.runtime.local.LocalInstances.row;
import static io.cfdeploy.runtime.local.LocalInstances.rows;
import static io.cfdeploy.runtime.local.LocalInstances.stats;
import static io.cfdeploy.support.SampleApps.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cfdeploy.config.CfdeployConfig;
import io.cfdeploy.support.Api;
import io.cfdeploy.support.AppFixtures;
import io.cfdeploy.support.Fixtures;
import io.cfdeploy.support.SampleApps;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The local runtime with real processes of the sample app (runtimes.md §1, §2): start, checks, crashes, stop. */
@QuarkusTest
@TestProfile(LocalRuntimeProfile.class)
class LocalRuntimeTest {
    private static final Duration START = Duration.ofSeconds(60);

    @Inject
    CfdeployConfig config;

    @AfterEach
    void stopEveryApp() {
        LocalInstances.stopEveryApp();
    }

    @Test
    void anInstanceIsRunningOnlyOnceItsCheckPasses_andStatsShowItsProcess() throws Exception {
        String space = Fixtures.space(Fixtures.org());
        String app = AppFixtures.app(space);
        // the app listens only after 2 s: STARTING until then, with its port already handed out
        AppFixtures.setCurrent(app, SampleApps.sampleDroplet(app, "v1", "sleep 2; exec " + SampleApps.JAVA_COMMAND));
        Api.asAdmin().body("{\"health_check\":{\"type\":\"http\",\"data\":{\"endpoint\":\"/health\"}}}")
                .patch("/v3/processes/" + app).then().statusCode(200);
        Api.asAdmin().post("/v3/apps/" + app + "/actions/start").then().statusCode(200);

        await("a port for the instance", START, () -> row(app, 0).get("port") != null);
        Map<String, Object> starting = row(app, 0);
        int port = ((Number) starting.get("port")).intValue();
        assertEquals("STARTING", starting.get("state"));
        assertNull(get(port, "/"), "nothing listens yet");
        assertState("STARTING", stats(app).get(0));

        await("RUNNING", START, () -> "RUNNING".equals(row(app, 0).get("state")));
        Map<String, Object> running = row(app, 0);
        HttpResponse<String> answer = get(port, "/");
        assertNotNull(answer, "the instance answers on its port once RUNNING");
        assertEquals("version=v1 index=0 guid=" + running.get("instance_guid"), answer.body());

        Map<String, Object> entry = stats(app).get(0);
        assertState("RUNNING", entry);
        assertEquals(true, entry.get("routable"));
        assertEquals("127.0.0.1", entry.get("host"));
        assertEquals(running.get("instance_guid"), entry.get("instance_guid"));
        @SuppressWarnings("unchecked")
        Map<String, Object> ports = ((List<Map<String, Object>>) entry.get("instance_ports")).get(0);
        assertEquals(port, ports.get("external"));
        @SuppressWarnings("unchecked")
        Map<String, Object> usage = (Map<String, Object>) entry.get("usage");
        assertTrue(((Number) usage.get("mem")).longValue() > 10L * 1024 * 1024, () -> "a JVM's memory: " + usage);
        assertTrue(((Number) usage.get("disk")).longValue() > 0, () -> "the instance's files: " + usage);
        assertNotNull(usage.get("time"));

        long pid = ((Number) running.get("pid")).longValue();
        assertTrue(group(pid).contains(pid), "the instance leads a process group of its own");
        assertEquals(65534, LocalInstances.uid(pid), "instances run as the configured user, not as root");
        Api.asAdmin().get("/v3/processes/" + app + "/process_instances").then().statusCode(200)
                .body("resources[0].state", org.hamcrest.Matchers.equalTo("RUNNING"));

        // what the instance printed, as `cf logs --recent` reads it (log-cache's read API)
        String line = "sample app v1 instance 0 listening on " + port;
        String payload = java.util.Base64.getEncoder().encodeToString(line.getBytes(StandardCharsets.UTF_8));
        await("the instance's output in its logs", Duration.ofSeconds(10), () -> Api.asAdmin()
                .get("/api/v1/read/" + app + "?descending=true&limit=1000&envelope_types=LOG").then().statusCode(200)
                .extract().<List<String>>path("envelopes.batch.log.payload").contains(payload));
        Map<String, Object> envelope = Api.asAdmin().get("/api/v1/read/" + app + "?descending=true&limit=1000")
                .then().statusCode(200).extract().<List<Map<String, Object>>>path("envelopes.batch").stream()
                .filter(found -> payload.equals(((Map<?, ?>) found.get("log")).get("payload"))).findFirst()
                .orElseThrow();
        assertEquals("0", envelope.get("instance_id"));
        assertEquals("OUT", ((Map<?, ?>) envelope.get("log")).get("type"));
        assertEquals("APP/PROC/WEB", ((Map<?, ?>) envelope.get("tags")).get("source_type"));
    }

    @Test
    void stoppingTheAppLeavesNoProcessAndNoFileBehind() {
        String space = Fixtures.space(Fixtures.org());
        String app = SampleApps.start(space, "v1", 2, Map.of());
        await("2 instances RUNNING", START, () -> LocalInstances.allRunning(app, 2));
        List<Long> pids = new ArrayList<>();
        List<Path> homes = new ArrayList<>();
        for (Map<String, Object> row : rows(app)) {
            pids.add(((Number) row.get("pid")).longValue());
            homes.add(Path.of(config.runtime().local().workDir(), "instances", (String) row.get("instance_guid")));
        }
        homes.forEach(home -> assertTrue(Files.isDirectory(home), () -> home + " is the instance's home"));

        Api.asAdmin().post("/v3/apps/" + app + "/actions/stop").then().statusCode(200);

        await("every process of the instances gone", Duration.ofSeconds(15),
                () -> pids.stream().allMatch(pid -> group(pid).isEmpty()));
        await("the instances' homes removed", Duration.ofSeconds(15),
                () -> homes.stream().noneMatch(Files::exists));
        assertTrue(rows(app).isEmpty(), "nothing desired any more");
    }

    @Test
    void aProcessThatExitsCrashesAndIsRestartedWithDiegosBackoff() {
        String space = Fixtures.space(Fixtures.org());
        String app = AppFixtures.app(space);
        AppFixtures.setCurrent(app, SampleApps.uploadDroplet(app, SampleApps.droplet("v1"),
                "{\"web\":\"echo started; exit 3\"}"));
        Api.asAdmin().body("{\"health_check\":{\"type\":\"process\"}}").patch("/v3/processes/" + app).then()
                .statusCode(200);
        Api.asAdmin().post("/v3/apps/" + app + "/actions/start").then().statusCode(200);

        // crashes 1 and 2 restart at once, then 1 s, 2 s (the test's back-off base is 1 s instead of 30 s)
        await("a fourth crash", Duration.ofSeconds(30),
                () -> ((Number) row(app, 0).get("crash_count")).intValue() >= 4);
        await("CRASHED while backing off", Duration.ofSeconds(10), () -> "CRASHED".equals(row(app, 0).get("state")));
        Map<String, Object> entry = stats(app).get(0);
        assertState("CRASHED", entry);
        assertEquals("APP/PROC/WEB: Exited with status 3", entry.get("details"));
        assertEquals(false, entry.get("routable"));
        assertEquals(List.of(), entry.get("instance_ports"), "a crashed instance has no ports");
    }

    @Test
    void anAppThatExitsAfterARequestIsRestartedAtOnceWithANewProcess() {
        String space = Fixtures.space(Fixtures.org());
        String app = SampleApps.start(space, "v1", 1, Map.of("CRASH_AFTER", "1"));
        await("RUNNING", START, () -> LocalInstances.allRunning(app, 1));
        Map<String, Object> before = row(app, 0);
        HttpResponse<String> answer = get(((Number) before.get("port")).intValue(), "/");
        assertNotNull(answer, "the request that makes it exit is answered first");

        await("restarted after its crash", START, () -> {
            Map<String, Object> now = row(app, 0);
            return ((Number) now.get("crash_count")).intValue() == 1 && "RUNNING".equals(now.get("state"))
                    && !before.get("pid").equals(now.get("pid"));
        });
        assertEquals(before.get("instance_guid"), row(app, 0).get("instance_guid"));
        assertTrue(group(((Number) before.get("pid")).longValue()).isEmpty(), "the crashed process is gone");
        assertNotNull(get(((Number) row(app, 0).get("port")).intValue(), "/"), "the new process answers");
    }

    @Test
    void aFailingReadinessCheckTakesTheInstanceOutOfTheRouterWithoutCrashingIt() {
        String space = Fixtures.space(Fixtures.org());
        String app = SampleApps.start(space, "v1", 1, Map.of());
        Api.asAdmin().body("{\"health_check\":{\"type\":\"port\"},\"readiness_health_check\":{\"type\":\"http\","
                + "\"data\":{\"endpoint\":\"/health\",\"interval\":1}}}").patch("/v3/processes/" + app).then()
                .statusCode(200);
        Api.asAdmin().post("/v3/apps/" + app + "/actions/restart").then().statusCode(200);
        await("RUNNING and routable", START, () -> LocalInstances.allRunning(app, 1)
                && Boolean.TRUE.equals(row(app, 0).get("routable")));
        int port = ((Number) row(app, 0).get("port")).intValue();

        assertEquals("healthy=false", get(port, "/toggle").body());
        await("unroutable", Duration.ofSeconds(10), () -> Boolean.FALSE.equals(row(app, 0).get("routable")));
        assertState("RUNNING", stats(app).get(0));
        assertEquals(false, stats(app).get(0).get("routable"));
        assertEquals(0, ((Number) row(app, 0).get("crash_count")).intValue(), "readiness never crashes");

        assertEquals("healthy=true", get(port, "/toggle").body());
        await("routable again", Duration.ofSeconds(10), () -> Boolean.TRUE.equals(row(app, 0).get("routable")));
    }

    @Test
    void aPortThatNeverOpensTimesOutAndCrashes() {
        String space = Fixtures.space(Fixtures.org());
        String app = AppFixtures.app(space);
        AppFixtures.setCurrent(app, SampleApps.uploadDroplet(app, SampleApps.droplet("v1"),
                "{\"web\":\"sleep 600\"}"));
        Api.asAdmin().body("{\"health_check\":{\"type\":\"port\",\"data\":{\"timeout\":1}}}")
                .patch("/v3/processes/" + app).then().statusCode(200);
        Api.asAdmin().post("/v3/apps/" + app + "/actions/start").then().statusCode(200);

        await("a port for the instance", START, () -> row(app, 0).get("pid") != null);
        long firstPid = ((Number) row(app, 0).get("pid")).longValue();
        // the details of the first crash (restarts follow at once and clear them)
        await("CRASHED by the health check", Duration.ofSeconds(20), () -> String.valueOf(row(app, 0).get("details"))
                .matches("Instance never healthy after 1s: Failed to make TCP connection to port \\d+: .*"));
        await("the never-healthy attempt's processes killed", Duration.ofSeconds(10),
                () -> group(firstPid).isEmpty());
    }

    @Test
    void pastMaxInstancesAnInstanceIsDown_untilRoomFrees() {
        String space = Fixtures.space(Fixtures.org());
        String app = AppFixtures.app(space);
        AppFixtures.setCurrent(app, SampleApps.uploadDroplet(app, SampleApps.droplet("v1"),
                "{\"web\":\"sleep 600\"}"));
        Api.asAdmin().body("{\"health_check\":{\"type\":\"process\"}}").patch("/v3/processes/" + app).then()
                .statusCode(200);
        int max = config.runtime().local().maxInstances();
        Api.asAdmin().body("{\"instances\":" + (max + 1) + "}").post("/v3/processes/" + app + "/actions/scale")
                .then().statusCode(202);
        Api.asAdmin().post("/v3/apps/" + app + "/actions/start").then().statusCode(200);

        await(max + " RUNNING and one DOWN", START, () -> {
            List<String> states = rows(app).stream().map(row -> String.valueOf(row.get("state"))).toList();
            return states.stream().filter("RUNNING"::equals).count() == max
                    && states.stream().filter("DOWN"::equals).count() == 1;
        });
        Map<String, Object> down = rows(app).stream().filter(row -> "DOWN".equals(row.get("state"))).findFirst()
                .orElseThrow();
        assertEquals("insufficient resources: instances", down.get("details"));
        assertNull(down.get("pid"));

        Api.asAdmin().body("{\"instances\":" + max + "}").post("/v3/processes/" + app + "/actions/scale").then()
                .statusCode(202);
        if (((Number) down.get("index")).intValue() < max) {
            await("the waiting instance placed once one stopped", START,
                    () -> rows(app).stream().allMatch(row -> "RUNNING".equals(row.get("state"))));
        }
        await(max + " RUNNING", START, () -> rows(app).size() == max
                && rows(app).stream().allMatch(row -> "RUNNING".equals(row.get("state"))));
    }

    @Test
    void badDropletsCrashWithTheirReason_andNothingElseIsAffected() {
        String space = Fixtures.space(Fixtures.org());
        String healthy = SampleApps.start(space, "v1", 1, Map.of());
        await("the healthy app RUNNING", START, () -> LocalInstances.allRunning(healthy, 1));
        long healthyPid = ((Number) row(healthy, 0).get("pid")).longValue();

        String noCommand = AppFixtures.app(space);
        AppFixtures.setCurrent(noCommand, SampleApps.uploadDroplet(noCommand, SampleApps.droplet("v1"), "{}"));
        Api.asAdmin().post("/v3/apps/" + noCommand + "/actions/start").then().statusCode(200);

        String climbing = AppFixtures.app(space);
        AppFixtures.setCurrent(climbing, SampleApps.uploadDroplet(climbing, SampleApps.tgz(Map.of(
                "app/Server.java", "class Server {}".getBytes(StandardCharsets.UTF_8),
                "app/../../escaped.txt", "out".getBytes(StandardCharsets.UTF_8))), "{\"web\":\"sleep 600\"}"));
        Api.asAdmin().post("/v3/apps/" + climbing + "/actions/start").then().statusCode(200);

        String notATgz = AppFixtures.app(space);
        AppFixtures.setCurrent(notATgz, SampleApps.uploadDroplet(notATgz, AppFixtures.bits(2048),
                "{\"web\":\"sleep 600\"}"));
        Api.asAdmin().post("/v3/apps/" + notATgz + "/actions/start").then().statusCode(200);

        await("the droplets refused", Duration.ofSeconds(20), () -> "CRASHED".equals(row(noCommand, 0).get("state"))
                && "CRASHED".equals(row(climbing, 0).get("state")) && "CRASHED".equals(row(notATgz, 0).get("state")));
        assertEquals("no start command specified or detected in droplet", stats(noCommand).get(0).get("details"));
        assertEquals("the droplet's path app/../../escaped.txt leads outside the droplet",
                stats(climbing).get(0).get("details"));
        assertTrue(String.valueOf(stats(notATgz).get(0).get("details")).startsWith("the droplet is not a gzipped tar"));
        assertFalse(Files.exists(Path.of(config.runtime().local().workDir(), "escaped.txt")));
        assertFalse(Files.exists(Path.of(config.runtime().local().workDir(), "droplets", "escaped.txt")));

        assertState("RUNNING", stats(healthy).get(0));
        assertEquals(healthyPid, ((Number) row(healthy, 0).get("pid")).longValue(), "the healthy app kept running");
        assertEquals(0, ((Number) row(healthy, 0).get("crash_count")).intValue());
    }
}

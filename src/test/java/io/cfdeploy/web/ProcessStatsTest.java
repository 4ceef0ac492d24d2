package io.cfdeploy.web;

import static io.cfdeploy.support.Fixtures.newGuid;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cfdeploy.support.Api;
import io.cfdeploy.support.AppModelFixtures;
import io.cfdeploy.support.Db;
import io.cfdeploy.support.Errors;
import io.cfdeploy.support.Fixtures;
import io.cfdeploy.support.Json;
import io.cfdeploy.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The simulated runtime seen through {@code GET …/stats}. The test profile's start-up time is 1 s; tests either
 * wait for it or age the instances (move their start back in time), which is what the clock passing does.
 */
@QuarkusTest
class ProcessStatsTest {
    private static final List<String> FULL_KEYS = List.of("type", "index", "state", "routable", "instance_guid",
            "host", "instance_internal_ip", "instance_ports", "uptime", "mem_quota", "disk_quota", "log_rate_limit",
            "fds_quota", "isolation_segment", "details", "usage");
    private static final List<String> DOWN_KEYS = List.of("type", "index", "state", "routable", "uptime",
            "isolation_segment", "details");

    /** Plain JDBC, not injected, so that the …IT twin reads the same database from outside. */
    final DataSource db = Db.database();

    /** A STOPPED app whose current droplet carries {@code simulate}; returns the app (= web process) guid. */
    private static String app(String simulate) {
        String space = Fixtures.space(Fixtures.org());
        String app = AppModelFixtures.app(space);
        AppModelFixtures.currentDroplet(app, "run", simulate);
        return app;
    }

    private static JsonNode stats(String processGuid) {
        return Json.parse(Api.asAdmin().get("/v3/processes/" + processGuid + "/stats").then().statusCode(200)
                .extract().asString());
    }

    private static List<String> states(JsonNode stats) {
        List<String> states = new ArrayList<>();
        stats.get("resources").forEach(entry -> states.add(entry.get("state").asText()));
        return states;
    }

    @Test
    void aStoppedAppsProcessShowsOneDownEntryPerDesiredInstance() {
        String app = app(null);
        Api.asAdmin().body("{\"instances\":3}").post("/v3/processes/" + app + "/actions/scale").then()
                .statusCode(202);
        JsonNode stats = stats(app);
        assertEquals(3, stats.get("resources").size());
        for (int index = 0; index < 3; index++) {
            JsonNode entry = stats.get("resources").get(index);
            assertThat(Json.keys(entry), contains(DOWN_KEYS.toArray()));
            assertEquals(Json.parse("{\"type\":\"web\",\"index\":" + index + ",\"state\":\"DOWN\",\"routable\":null,"
                    + "\"uptime\":0,\"isolation_segment\":null,\"details\":null}"), entry);
        }
        assertThat(Json.keys(stats), contains("resources"));
        assertEquals(0, Db.count(db, "SELECT count(*) FROM process_instances i JOIN processes p ON p.id = i.process_id"
                + " WHERE p.guid = ?", app));
    }

    @Test
    void aStartedInstanceIsStartingThenRunningAndRoutableAfterTheStartupTime() throws InterruptedException {
        String app = app(null);
        AppModelFixtures.start(app);
        JsonNode starting = stats(app).get("resources").get(0);
        assertThat(Json.keys(starting), contains(FULL_KEYS.toArray()));
        assertEquals("STARTING", starting.get("state").asText());
        assertEquals(false, starting.get("routable").asBoolean());
        assertEquals(0, starting.get("uptime").asLong());
        assertThat(starting.get("instance_guid").asText(), matchesPattern("[0-9a-f-]{36}"));
        assertEquals("127.0.0.1", starting.get("host").asText());
        assertEquals("127.0.0.1", starting.get("instance_internal_ip").asText());
        assertEquals(Json.parse("[{\"external\":61000,\"internal\":8080,\"external_tls_proxy_port\":null,"
                + "\"internal_tls_proxy_port\":null}]"), starting.get("instance_ports"));
        assertEquals(1073741824L, starting.get("mem_quota").asLong());
        assertEquals(1073741824L, starting.get("disk_quota").asLong());
        assertEquals(-1, starting.get("log_rate_limit").asLong());
        assertEquals(16384, starting.get("fds_quota").asInt());
        assertTrue(starting.get("isolation_segment").isNull());
        assertTrue(starting.get("details").isNull());
        assertEquals(Json.parse("{}"), starting.get("usage"));

        JsonNode running = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            running = stats(app).get("resources").get(0);
            if (running.get("state").asText().equals("RUNNING")) {
                break;
            }
            Thread.sleep(200);
        }
        assertEquals("RUNNING", running.get("state").asText(), "RUNNING after the 1 s start-up time");
        assertTrue(running.get("routable").asBoolean());
        assertEquals(starting.get("instance_guid"), running.get("instance_guid"), "the same instance");

        AppModelFixtures.age(app, Duration.ofSeconds(30));
        JsonNode aged = stats(app).get("resources").get(0);
        assertTrue(aged.get("uptime").asLong() >= 30, "uptime counts from the start: " + aged);
    }

    @Test
    void aCrashDropletsInstancesEndCrashed() {
        String app = app("crash");
        AppModelFixtures.start(app);
        assertEquals(List.of("STARTING"), states(stats(app)));
        AppModelFixtures.age(app, Duration.ofSeconds(5));
        JsonNode crashed = stats(app).get("resources").get(0);
        assertEquals("CRASHED", crashed.get("state").asText());
        assertEquals(false, crashed.get("routable").asBoolean());
        assertEquals(0, crashed.get("uptime").asLong());
        assertThat(Json.keys(crashed), contains(FULL_KEYS.toArray()));
    }

    @Test
    void anUnreadyDropletsInstancesRunButAreNotRoutable() {
        String app = app("unready");
        AppModelFixtures.start(app);
        AppModelFixtures.age(app, Duration.ofSeconds(5));
        JsonNode running = stats(app).get("resources").get(0);
        assertEquals("RUNNING", running.get("state").asText());
        assertEquals(false, running.get("routable").asBoolean());
        assertTrue(running.get("uptime").asLong() >= 5);
    }

    @Test
    void aSlowDropletsInstancesHaveTheirOwnStartupTime() {
        String app = app("slow:30");
        AppModelFixtures.start(app);
        AppModelFixtures.age(app, Duration.ofSeconds(10));
        assertEquals(List.of("STARTING"), states(stats(app)), "still starting after 10 s of 30");
        AppModelFixtures.age(app, Duration.ofSeconds(21));
        JsonNode running = stats(app).get("resources").get(0);
        assertEquals("RUNNING", running.get("state").asText());
        assertTrue(running.get("routable").asBoolean());
    }

    @Test
    void scalingAStartedProcessAddsAndRemovesInstances() {
        String app = app(null);
        AppModelFixtures.start(app);
        AppModelFixtures.age(app, Duration.ofSeconds(5));
        Api.asAdmin().body("{\"instances\":3}").post("/v3/processes/" + app + "/actions/scale").then()
                .statusCode(202);
        JsonNode stats = stats(app);
        assertEquals(List.of("RUNNING", "STARTING", "STARTING"), states(stats), "running instances are kept");
        List<Integer> indexes = new ArrayList<>();
        stats.get("resources").forEach(entry -> indexes.add(entry.get("index").asInt()));
        assertEquals(List.of(0, 1, 2), indexes);
        assertEquals(61002, stats.get("resources").get(2).get("instance_ports").get(0).get("external").asInt());

        Api.asAdmin().body("{\"instances\":1}").post("/v3/apps/" + app + "/processes/web/actions/scale").then()
                .statusCode(202);
        assertEquals(List.of("RUNNING"), states(stats(app)));
        assertEquals(1, Db.count(db, "SELECT count(*) FROM process_instances i JOIN processes p ON p.id = i.process_id"
                + " WHERE p.guid = ?", app));

        Api.asAdmin().body("{\"instances\":0}").post("/v3/processes/" + app + "/actions/scale").then()
                .statusCode(202);
        assertEquals(List.of(), states(stats(app)));

        Api.asAdmin().body("{\"instances\":2,\"memory_in_mb\":512}").post("/v3/processes/" + app + "/actions/scale")
                .then().statusCode(202);
        JsonNode scaled = stats(app);
        assertEquals(List.of("STARTING", "STARTING"), states(scaled));
        assertEquals(536870912L, scaled.get("resources").get(0).get("mem_quota").asLong());
    }

    @Test
    void stoppingTheAppTurnsEveryEntryDown() {
        String app = app(null);
        Api.asAdmin().body("{\"instances\":2}").post("/v3/processes/" + app + "/actions/scale").then()
                .statusCode(202);
        AppModelFixtures.start(app);
        assertEquals(List.of("STARTING", "STARTING"), states(stats(app)));
        AppModelFixtures.stop(app);
        assertEquals(List.of("DOWN", "DOWN"), states(stats(app)));
    }

    @Test
    void aWorkerHasNoPortsAndTheAppNestedRouteServesTheNewestProcessOfTheType() {
        String app = app(null);
        String worker = AppModelFixtures.process(app, "worker", Map.of("memory_in_mb", 128));
        AppModelFixtures.start(app);
        JsonNode entry = Json.parse(Api.asAdmin().get("/v3/apps/" + app + "/processes/worker/stats").then()
                .statusCode(200).extract().asString()).get("resources").get(0);
        assertEquals("worker", entry.get("type").asText());
        assertEquals(Json.parse("[]"), entry.get("instance_ports"));
        assertEquals(134217728L, entry.get("mem_quota").asLong());
        assertEquals(stats(worker).get("resources").get(0).get("instance_guid"), entry.get("instance_guid"));

        Errors.notFound(Api.asAdmin().get("/v3/processes/" + newGuid() + "/stats"), "Process not found");
        Errors.notFound(Api.asAdmin().get("/v3/apps/" + app + "/processes/clock/stats"), "Process not found");
        Errors.notFound(Api.as(Tokens.user(newGuid())).get("/v3/apps/" + app + "/processes/web/stats"),
                "App not found");
    }

    @Test
    void theStateIsDerivedFromPersistedFacts() {
        String app = app(null);
        AppModelFixtures.start(app);
        Map<String, Object> row = Db.single(db, "SELECT i.index, i.instance_guid, i.droplet_guid, i.started_at FROM"
                + " process_instances i JOIN processes p ON p.id = i.process_id WHERE p.guid = ?", app);
        String droplet = (String) Db.single(db, "SELECT droplet_guid FROM apps WHERE guid = ?", app)
                .get("droplet_guid");
        Db.assertRow(row, "index", 0, "droplet_guid", droplet);
        Api.asAdmin().get("/v3/processes/" + app + "/stats").then()
                .body("resources[0].instance_guid", equalTo(row.get("instance_guid")));
    }
}

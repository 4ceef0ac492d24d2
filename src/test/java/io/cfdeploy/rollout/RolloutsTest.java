package io.cfdeploy.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cfdeploy.support.Api;
import io.cfdeploy.support.AppFixtures;
import io.cfdeploy.support.Db;
import io.cfdeploy.support.Fixtures;
import io.cfdeploy.support.Json;
import io.cfdeploy.support.RolloutFixtures;
import io.cfdeploy.support.RolloutFixtures.StartedApp;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Whole rollouts watched through the API and the database, moved by the engine on its own (test start-up time
 * 1 s): spec §5's walk-throughs, canary pauses, cancel, supersede, failing droplets, rollback.
 */
@QuarkusTest
class RolloutsTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Inject
    DataSource db;

    private String space;

    @BeforeEach
    void space() {
        space = Fixtures.space(Fixtures.org());
    }

    static String deploy(String app, String extra) {
        return Api.asAdmin().body("{\"relationships\":{\"app\":{\"data\":{\"guid\":\"" + app + "\"}}}"
                + (extra == null ? "" : "," + extra) + "}").post("/v3/deployments").then().statusCode(201).extract()
                .path("guid");
    }

    static String dropletOption(StartedApp app) {
        return "\"droplet\":{\"guid\":\"" + app.nextDroplet() + "\"}";
    }

    static JsonNode show(String deployment) {
        return Json.parse(Api.asAdmin().get("/v3/deployments/" + deployment).then().statusCode(200).extract()
                .asString());
    }

    static String reason(JsonNode deployment) {
        return deployment.get("status").get("reason").asText();
    }

    static JsonNode awaitReason(String deployment, String reason) {
        return Awaitility.await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100))
                .until(() -> show(deployment), json -> reason.equals(reason(json)));
    }

    /** The app's web processes, oldest first: guid → desired instances. */
    List<Map<String, Object>> web(String app) {
        return Db.rows(db, "SELECT p.guid, p.instances, (SELECT count(*) FROM process_instances i "
                + "WHERE i.process_id = p.id) AS actual FROM processes p JOIN apps a ON a.id = p.app_id "
                + "WHERE a.guid = ? AND p.type = 'web' ORDER BY p.created_at, p.id", app);
    }

    List<Integer> desired(String app) {
        return web(app).stream().map(row -> ((Number) row.get("instances")).intValue()).toList();
    }

    /**
     * Watches the app's web instance counts (old…, new) without advancing anything (database reads only) until
     * the deployment is no longer moving; returns every distinct configuration seen, in order.
     */
    List<List<Integer>> watch(String app, String deployment, Predicate<String> stillMoving) {
        List<List<Integer>> seen = new ArrayList<>();
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            List<Integer> now = desired(app);
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(now)) {
                seen.add(now);
            }
            String state = (String) Db.single(db, "SELECT state FROM deployments WHERE guid = ?", deployment)
                    .get("state");
            if (!stillMoving.test(state)) {
                List<Integer> last = desired(app);
                if (!seen.get(seen.size() - 1).equals(last)) {
                    seen.add(last);
                }
                return seen;
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("still moving after " + PATIENCE + ": " + seen);
    }

    /** The configurations seen without the one the create left, which the first tick may replace at once. */
    static List<List<Integer>> afterCreate(List<List<Integer>> seen, List<Integer> created) {
        return !seen.isEmpty() && seen.get(0).equals(created) ? seen.subList(1, seen.size()) : seen;
    }

    void assertOnlyTheDeployingProcessIsLeft(String app, String deployment, int instances) {
        List<Map<String, Object>> web = web(app);
        assertEquals(1, web.size(), "one web process left: " + web);
        assertEquals(show(deployment).get("new_processes").get(0).get("guid").asText(), web.get(0).get("guid"));
        assertEquals(instances, ((Number) web.get(0).get("instances")).intValue());
        assertEquals((long) instances, ((Number) web.get(0).get("actual")).longValue());
    }

    @Test
    void rollingThreeToThreeOneInFlightFollowsTheWalkThrough() {
        StartedApp app = RolloutFixtures.startedApp(space, 3, null);
        String deployment = deploy(app.app(), dropletOption(app));
        List<List<Integer>> steps = watch(app.app(), deployment, "DEPLOYING"::equals);
        assertEquals(List.of(List.of(3, 1), List.of(2, 2), List.of(1, 3), List.of(3)), steps);
        JsonNode deployed = show(deployment);
        assertEquals("FINALIZED", deployed.get("status").get("value").asText());
        assertEquals("DEPLOYED", reason(deployed));
        // spec §5.7: each scale-up of the new process was a successful health check (the last ≥ 2 s after create)
        assertTrue(deployed.get("status").get("details").get("last_successful_healthcheck").asText()
                .compareTo(deployed.get("created_at").asText()) > 0, deployed.toString());
        assertOnlyTheDeployingProcessIsLeft(app.app(), deployment, 3);
        Db.assertRow(Db.single(db, "SELECT droplet_guid FROM process_instances i JOIN processes p "
                + "ON p.id = i.process_id WHERE p.guid = ? AND i.index = 2", deployed.get("new_processes").get(0)
                .get("guid").asText()), "droplet_guid", app.nextDroplet());
    }

    @Test
    void rollingThreeToThreeTwoInFlight() {
        StartedApp app = RolloutFixtures.startedApp(space, 3, null);
        String deployment = deploy(app.app(), dropletOption(app) + ",\"options\":{\"max_in_flight\":2}");
        List<List<Integer>> steps = watch(app.app(), deployment, "DEPLOYING"::equals);
        assertEquals(List.of(List.of(3, 2), List.of(1, 3), List.of(3)), steps);
        assertOnlyTheDeployingProcessIsLeft(app.app(), deployment, 3);
    }

    @Test
    void webInstancesUpAndDown() {
        StartedApp up = RolloutFixtures.startedApp(space, 2, null);
        String more = deploy(up.app(), dropletOption(up) + ",\"options\":{\"web_instances\":4,\"max_in_flight\":2}");
        StartedApp down = RolloutFixtures.startedApp(space, 4, null);
        String fewer = deploy(down.app(), dropletOption(down) + ",\"options\":{\"web_instances\":2}");
        awaitReason(more, "DEPLOYED");
        awaitReason(fewer, "DEPLOYED");
        assertOnlyTheDeployingProcessIsLeft(up.app(), more, 4);
        assertOnlyTheDeployingProcessIsLeft(down.app(), fewer, 2);
    }

    @Test
    void canaryWithoutStepsPausesWithOneCanaryThenFinishes() {
        StartedApp app = RolloutFixtures.startedApp(space, 3, null);
        String deployment = deploy(app.app(), dropletOption(app) + ",\"strategy\":\"canary\"");
        JsonNode paused = awaitReason(deployment, "PAUSED");
        assertEquals(Json.parse("{\"steps\":{\"current\":1,\"total\":1}}"), paused.get("status").get("canary"));
        assertEquals(List.of(3, 1), desired(app.app()), "one canary beside every original instance");
        Api.asAdmin().post("/v3/deployments/" + deployment + "/actions/continue").then().statusCode(200);
        awaitReason(deployment, "DEPLOYED");
        assertOnlyTheDeployingProcessIsLeft(app.app(), deployment, 3);
    }

    @Test
    void canaryTwentySixtyPausesAtEachStep() {
        StartedApp app = RolloutFixtures.startedApp(space, 5, null);
        String deployment = deploy(app.app(), dropletOption(app) + ",\"strategy\":\"canary\",\"options\":"
                + "{\"canary\":{\"steps\":[{\"instance_weight\":20},{\"instance_weight\":60}]}}");
        // O=5: step 1 = {canary 1, original 5}, step 2 = {3, 3}
        JsonNode first = awaitReason(deployment, "PAUSED");
        assertEquals(Json.parse("{\"steps\":{\"current\":1,\"total\":2}}"), first.get("status").get("canary"));
        // spec §5.7: the pause is a successful health check and a status change, at the same moment
        JsonNode firstDetails = first.get("status").get("details");
        assertTrue(firstDetails.get("last_successful_healthcheck").asText()
                .compareTo(first.get("created_at").asText()) > 0, "healthy after create: " + first);
        assertEquals(firstDetails.get("last_status_change"), firstDetails.get("last_successful_healthcheck"));
        assertEquals(List.of(5, 1), desired(app.app()));
        Api.asAdmin().post("/v3/deployments/" + deployment + "/actions/continue").then().statusCode(200);
        JsonNode second = Awaitility.await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100))
                .until(() -> show(deployment), json -> "PAUSED".equals(reason(json))
                        && json.get("status").get("canary").get("steps").get("current").asInt() == 2);
        assertEquals("ACTIVE", second.get("status").get("value").asText());
        assertEquals(List.of(3, 3), desired(app.app()));
        assertTrue(second.get("status").get("details").get("last_successful_healthcheck").asText().compareTo(
                firstDetails.get("last_successful_healthcheck").asText()) > 0, "the second pause is later");
        Api.asAdmin().post("/v3/deployments/" + deployment + "/actions/continue").then().statusCode(200);
        awaitReason(deployment, "DEPLOYED");
        assertOnlyTheDeployingProcessIsLeft(app.app(), deployment, 5);
        assertEquals(2, Db.count(db, "SELECT count(*) FROM audit_events WHERE type = 'audit.app.deployment.continue' "
                + "AND target_guid = ?", app.app()));
    }

    @Test
    void cancelFromDeployingAndFromPaused() {
        StartedApp rolling = RolloutFixtures.startedApp(space, 3, "slow:30");
        String deploying = deploy(rolling.app(), dropletOption(rolling));
        StartedApp canary = RolloutFixtures.startedApp(space, 3, null);
        String paused = deploy(canary.app(), dropletOption(canary) + ",\"strategy\":\"canary\"");
        awaitReason(paused, "PAUSED");

        for (StartedApp app : List.of(rolling, canary)) {
            String deployment = app == rolling ? deploying : paused;
            Api.asAdmin().post("/v3/deployments/" + deployment + "/actions/cancel").then().statusCode(200);
            JsonNode canceled = awaitReason(deployment, "CANCELED");
            assertEquals("FINALIZED", canceled.get("status").get("value").asText());
            List<Map<String, Object>> web = web(app.app());
            assertEquals(1, web.size(), "only the original process is left: " + web);
            assertEquals(app.app(), web.get(0).get("guid"));
            assertEquals(3, ((Number) web.get(0).get("instances")).intValue());
            assertNotEquals(app.nextDroplet(), Db.single(db, "SELECT droplet_guid FROM apps WHERE guid = ?",
                    app.app()).get("droplet_guid"), "the previous droplet is current again");
        }
    }

    @Test
    void aNewDeploymentSupersedesOneMidRolloutAndItsInterimProcessGoes() {
        StartedApp app = RolloutFixtures.startedApp(space, 3, "slow:3");
        String first = deploy(app.app(), dropletOption(app));
        String third = AppFixtures.stagedDroplet(app.app());
        Awaitility.await().atMost(PATIENCE).until(() -> web(app.app()).size() == 2);
        String second = deploy(app.app(), "\"droplet\":{\"guid\":\"" + third + "\"}");
        JsonNode superseded = show(first);
        assertEquals("FINALIZED", superseded.get("status").get("value").asText());
        assertEquals("SUPERSEDED", reason(superseded));
        assertEquals(3, web(app.app()).size(), "original, interim and new process during the rollout");

        // the superseded rolling deployment is DEPLOYED/SUPERSEDED: its interim process is an old process like the
        // original, brought down oldest first to what routable new instances do not cover (the first tick, right
        // after the create, already takes the 4 old instances to target − R = 3), destroyed at 0
        List<List<Integer>> steps = afterCreate(watch(app.app(), second, "DEPLOYING"::equals), List.of(3, 1, 1));
        assertEquals(List.of(List.of(2, 1, 1), List.of(1, 1, 2), List.of(0, 1, 3), List.of(3)), steps);
        assertEquals("DEPLOYED", reason(show(second)));
        assertOnlyTheDeployingProcessIsLeft(app.app(), second, 3);
        assertEquals(third, Db.single(db, "SELECT droplet_guid FROM apps WHERE guid = ?", app.app())
                .get("droplet_guid"));
    }

    @Test
    void aPausedCanarySupersededMidRolloutHasItsInterimProcessScaledToZeroThenRemoved() {
        StartedApp app = RolloutFixtures.startedApp(space, 3, null);
        String canary = deploy(app.app(), dropletOption(app) + ",\"strategy\":\"canary\"");
        awaitReason(canary, "PAUSED");
        String interim = show(canary).get("new_processes").get(0).get("guid").asText();
        String third = AppFixtures.stagedDroplet(app.app());
        String rolling = deploy(app.app(), "\"droplet\":{\"guid\":\"" + third + "\"}");
        JsonNode superseded = show(canary);
        assertEquals("CANCELED", Db.single(db, "SELECT state FROM deployments WHERE guid = ?", canary).get("state"),
                "a paused canary is canceled when superseded");
        assertEquals("SUPERSEDED", reason(superseded));

        // spec §5.2 step 4: the CANCELED+SUPERSEDED interim process goes to 0 at the first acting tick (right after
        // the create: 4 old instances > target − R = 3) and stays, without instances, until finalize removes it
        List<List<Integer>> steps = afterCreate(watch(app.app(), rolling, "DEPLOYING"::equals), List.of(3, 1, 1));
        assertEquals(List.of(List.of(3, 0, 1), List.of(2, 0, 2), List.of(1, 0, 3), List.of(3)), steps);
        assertEquals("DEPLOYED", reason(show(rolling)));
        assertOnlyTheDeployingProcessIsLeft(app.app(), rolling, 3);
        assertEquals(0, Db.count(db, "SELECT count(*) FROM processes WHERE guid = ?", interim));
        assertEquals(0, Db.count(db, "SELECT count(*) FROM process_instances i JOIN processes p ON p.id = "
                + "i.process_id JOIN apps a ON a.id = p.app_id WHERE a.guid = ? AND i.droplet_guid = ?", app.app(),
                app.nextDroplet()), "no instance of the canary's droplet is left");
    }

    @Test
    void aCrashingDropletNeverReplacesTheOldInstancesAndCancelRestores() throws InterruptedException {
        StartedApp app = RolloutFixtures.startedApp(space, 3, "crash");
        String deployment = deploy(app.app(), dropletOption(app));
        Thread.sleep(2_500); // well past the 1 s start-up: the new instance has crashed
        JsonNode stuck = show(deployment);
        assertEquals("ACTIVE", stuck.get("status").get("value").asText());
        assertEquals("DEPLOYING", reason(stuck));
        assertEquals(List.of(3, 1), desired(app.app()), "old instances keep serving; no further scale-up");
        String newProcess = stuck.get("new_processes").get(0).get("guid").asText();
        Api.asAdmin().get("/v3/processes/" + newProcess + "/stats").then().statusCode(200)
                .body("resources[0].state", org.hamcrest.Matchers.equalTo("CRASHED"));
        Api.asAdmin().get("/v3/processes/" + app.app() + "/stats").then().statusCode(200)
                .body("resources.state", org.hamcrest.Matchers.contains("RUNNING", "RUNNING", "RUNNING"));

        Api.asAdmin().post("/v3/deployments/" + deployment + "/actions/cancel").then().statusCode(200);
        awaitReason(deployment, "CANCELED");
        assertEquals(List.of(3), desired(app.app()));
    }

    @Test
    void anUnreadyDropletStaysDeploying() throws InterruptedException {
        StartedApp app = RolloutFixtures.startedApp(space, 2, "unready");
        String deployment = deploy(app.app(), dropletOption(app));
        Thread.sleep(2_500);
        JsonNode stuck = show(deployment);
        assertEquals("DEPLOYING", reason(stuck));
        assertEquals(List.of(2, 1), desired(app.app()));
        assertTrue(stuck.get("status").get("details").get("error") == null
                || stuck.get("status").get("details").get("error").isNull());
        Api.asAdmin().post("/v3/deployments/" + deployment + "/actions/cancel").then().statusCode(200);
        awaitReason(deployment, "CANCELED");
        assertEquals(List.of(2), desired(app.app()));
    }

    @Test
    void aStoppedAppIsDeployedAtOnce() {
        String app = AppFixtures.appWithDroplet(space);
        String next = AppFixtures.stagedDroplet(app);
        String deployment = deploy(app, "\"droplet\":{\"guid\":\"" + next + "\"}");
        assertEquals("DEPLOYED", reason(show(deployment)));
        Api.asAdmin().get("/v3/apps/" + app).then().statusCode(200).body("state", org.hamcrest.Matchers
                .equalTo("STARTED"));
    }

    @Test
    void rollbackToAnEarlierRevisionRollsTheOldDropletOut() {
        StartedApp app = RolloutFixtures.startedApp(space, 2, null);
        String previous = Api.asAdmin().get("/v3/apps/" + app.app() + "/droplets/current").then().statusCode(200)
                .extract().path("guid");
        String forward = deploy(app.app(), dropletOption(app));
        awaitReason(forward, "DEPLOYED");
        String revision = Api.asAdmin().queryParam("order_by", "created_at")
                .get("/v3/apps/" + app.app() + "/revisions").then().statusCode(200).extract()
                .path("resources[0].guid");
        String back = deploy(app.app(), "\"revision\":{\"guid\":\"" + revision + "\"}");
        awaitReason(back, "DEPLOYED");
        assertOnlyTheDeployingProcessIsLeft(app.app(), back, 2);
        assertEquals(previous, Db.single(db, "SELECT droplet_guid FROM apps WHERE guid = ?", app.app())
                .get("droplet_guid"));
    }

    @Test
    void statsDuringARolloutShowOldAndNewInstances() {
        StartedApp app = RolloutFixtures.startedApp(space, 2, "slow:30");
        Awaitility.await().atMost(PATIENCE).until(() -> Api.asAdmin().get("/v3/processes/" + app.app() + "/stats")
                .then().statusCode(200).extract().jsonPath().getList("resources.state").equals(
                        List.of("RUNNING", "RUNNING")));
        String deployment = deploy(app.app(), dropletOption(app));
        String newProcess = show(deployment).get("new_processes").get(0).get("guid").asText();
        // the cf CLI shows the newest web process: the deploying one, starting
        Api.asAdmin().get("/v3/apps/" + app.app() + "/processes/web").then().statusCode(200)
                .body("guid", org.hamcrest.Matchers.equalTo(newProcess));
        Api.asAdmin().get("/v3/processes/" + newProcess + "/stats").then().statusCode(200)
                .body("resources.state", org.hamcrest.Matchers.contains("STARTING"));
        // both web processes are listed for the app, each with its own desired instances
        io.restassured.path.json.JsonPath processes = Api.asAdmin().get("/v3/apps/" + app.app() + "/processes")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(2, processes.getInt("resources.find { it.guid == '" + app.app() + "' }.instances"));
        assertEquals(1, processes.getInt("resources.find { it.guid == '" + newProcess + "' }.instances"));
        Api.asAdmin().get("/v3/processes/" + app.app() + "/stats").then().statusCode(200)
                .body("resources.state", org.hamcrest.Matchers.contains("RUNNING", "RUNNING"));
        Api.asAdmin().post("/v3/deployments/" + deployment + "/actions/cancel").then().statusCode(200);
        awaitReason(deployment, "CANCELED");
    }
}

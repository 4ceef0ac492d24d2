package io.cfdeploy.web;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cfdeploy.support.Api;
import io.cfdeploy.support.AppFixtures;
import io.cfdeploy.support.Fixtures;
import io.cfdeploy.support.RolloutFixtures;
import io.cfdeploy.support.RolloutFixtures.StartedApp;
import io.cfdeploy.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cf CLI v8 command sequences of clients.md §1.5–§1.12, replayed request by request: the same paths, query
 * strings (keys sorted, as Go sends them), bodies (with the nulls the CLI sends) and the fields the CLI reads from
 * each answer. The wait loop polls faster than the CLI's 3 s, with the same rules.
 */
@QuarkusTest
class CfCliReplayTest {
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);

    private String token;
    private String space;

    @BeforeEach
    void user() {
        token = Tokens.admin();
        space = Fixtures.space(Fixtures.org());
    }

    /** Every CLI request: lower-case bearer scheme, JSON accept (support/Api validates answers against the contract). */
    private RequestSpecification cli() {
        return Api.anonymous().header("Authorization", "bearer " + token).header("User-Agent",
                "cf/8.16.0+abc.2025-01-01 (go1.23.4; amd64 linux)");
    }

    private JsonPath ok(Response response) {
        return response.then().statusCode(200).extract().jsonPath();
    }

    /** Step 1 of every command: the app by name in the targeted space; the fields the CLI reads. */
    private String appByName(String name) {
        JsonPath apps = ok(cli().get("/v3/apps?names=" + name + "&space_guids=" + space));
        assertEquals(1, apps.getInt("pagination.total_results"));
        assertEquals(name, apps.getString("resources[0].name"));
        assertNotNull(apps.getString("resources[0].state"));
        assertNotNull(apps.getString("resources[0].lifecycle.type"));
        assertEquals(space, apps.getString("resources[0].relationships.space.data.guid"));
        return apps.getString("resources[0].guid");
    }

    private String nameOf(String app) {
        return ok(cli().get("/v3/apps/" + app)).getString("name");
    }

    /** {@code ?app_guids=G&order_by=-created_at&page=1&per_page=1&status_values=ACTIVE}: the active deployment. */
    private JsonPath activeDeployment(String app) {
        return ok(cli().get("/v3/deployments?app_guids=" + app
                + "&order_by=-created_at&page=1&per_page=1&status_values=ACTIVE"));
    }

    /**
     * §1.12's decoding of every deployment the CLI reads: the fields it reads present, integers where it decodes
     * integers (max_in_flight, canary current/total, instance weights; the scale keys integers or absent),
     * {@code last_status_change} RFC 3339, {@code status.canary} only for canary.
     */
    private static void decodedByTheCli(JsonPath d) {
        assertNotNull(d.getString("guid"));
        OffsetDateTime.parse(d.getString("created_at"));
        assertTrue(List.of("ACTIVE", "FINALIZED").contains(d.getString("status.value")));
        assertNotNull(d.getString("status.reason"));
        OffsetDateTime.parse(d.getString("status.details.last_status_change"));
        String strategy = d.getString("strategy");
        assertTrue(List.of("rolling", "canary").contains(strategy), strategy);
        assertTrue(d.get("options.max_in_flight") instanceof Integer, "max_in_flight an integer");
        for (String key : List.of("web_instances", "memory_in_mb", "disk_in_mb",
                "log_rate_limit_in_bytes_per_second")) {
            Object value = d.get("options." + key);
            assertTrue(value == null || value instanceof Integer || value instanceof Long, key + ": " + value);
        }
        List<Object> weights = d.getList("options.canary.steps.instance_weight");
        if (weights != null) {
            weights.forEach(weight -> assertTrue(weight instanceof Integer, "instance_weight " + weight));
        }
        if ("canary".equals(strategy)) {
            assertTrue(d.get("status.canary.steps.current") instanceof Integer);
            assertTrue(d.get("status.canary.steps.total") instanceof Integer);
        } else {
            assertNull(d.get("status.canary"));
        }
        for (Map<String, Object> process : d.<Map<String, Object>>getList("new_processes")) {
            assertTrue(process.get("guid") instanceof String && process.get("type") instanceof String, "" + process);
        }
        assertNotNull(d.getString("droplet.guid"));
        assertNotNull(d.getString("relationships.app.data.guid"));
    }

    /** §1.12: poll the deployment until processed, then the processes' stats until each runs or is empty. */
    private JsonPath waitLoop(String app, String deployment, boolean canary) {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        JsonPath polled;
        while (true) {
            polled = ok(cli().get("/v3/deployments/" + deployment));
            decodedByTheCli(polled);
            String value = polled.getString("status.value");
            String reason = polled.getString("status.reason");
            if ("FINALIZED".equals(value) && "DEPLOYED".equals(reason)
                    || canary && "ACTIVE".equals(value) && "PAUSED".equals(reason)) {
                break;
            }
            assertFalse("FINALIZED".equals(value), "Deployment has been " + reason.toLowerCase());
            assertTrue(System.nanoTime() < deadline, "start-up timeout, still " + value + "/" + reason);
            pause();
        }
        List<String> processes = ok(cli().get("/v3/apps/" + app + "/processes")).getList("resources.guid");
        for (String process : processes) {
            while (true) {
                List<String> states = ok(cli().get("/v3/processes/" + process + "/stats")).getList("resources.state");
                assertFalse(!states.isEmpty() && states.stream().allMatch("CRASHED"::equals), "All instances crashed");
                if (states.isEmpty() || states.contains("RUNNING")) {
                    break;
                }
                assertTrue(System.nanoTime() < deadline, "start-up timeout in stats");
                pause();
            }
        }
        return polled;
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** §1.11: what {@code cf app} (and every summary) calls and reads; returns the deployment block, if any. */
    private JsonPath appSummary(String name) {
        String app = appByName(name);
        List<Map<String, Object>> processes = ok(cli().get("/v3/apps/" + app + "/processes")).getList("resources");
        assertFalse(processes.isEmpty());
        for (Map<String, Object> process : processes) {
            String guid = (String) process.get("guid");
            ok(cli().get("/v3/processes/" + guid + "/sidecars"));
            JsonPath stats = ok(cli().get("/v3/processes/" + guid + "/stats"));
            for (Map<String, Object> instance : stats.<Map<String, Object>>getList("resources")) {
                assertTrue(instance.get("uptime") instanceof Number, "uptime is integer seconds");
                assertNotNull(instance.get("type"));
                assertNotNull(instance.get("index"));
                assertTrue(List.of("RUNNING", "STARTING", "CRASHED", "DOWN").contains(instance.get("state")));
            }
        }
        ok(cli().get("/v3/apps/" + app + "/routes"));
        ok(cli().get("/v3/apps/" + app + "/droplets/current"));
        JsonPath deployment = activeDeployment(app);
        if (deployment.getInt("pagination.total_results") > 0) {
            deployment.setRootPath("resources[0]");
            decodedByTheCli(deployment);
            assertEquals("ACTIVE", deployment.getString("status.value"));
            // "(since <time>)": last_status_change must parse as RFC 3339
            OffsetDateTime.parse(deployment.getString("status.details.last_status_change"));
            assertTrue(List.of("rolling", "canary").contains(deployment.getString("strategy")));
            assertTrue(deployment.getInt("options.max_in_flight") > 0);
        }
        return deployment;
    }

    private String createdGuid(String body) {
        return cli().body(body).post("/v3/deployments").then().statusCode(201).extract().path("guid");
    }

    @Test
    void restartWithStrategyRolling() {
        StartedApp started = RolloutFixtures.startedApp(space, 2, null);
        String name = nameOf(started.app());
        String app = appByName(name);
        // no package: nothing to stage, the current droplet is redeployed as a new revision
        JsonPath packages = ok(cli().get("/v3/packages?app_guids=" + app + "&order_by=-created_at&page=1&per_page=1"));
        assertEquals(0, packages.getInt("pagination.total_results"));
        String deployment = createdGuid("{\"strategy\":\"rolling\",\"relationships\":{\"app\":{\"data\":{\"guid\":\""
                + app + "\"}}}}");
        JsonPath done = waitLoop(app, deployment, false);
        assertEquals("DEPLOYED", done.getString("status.reason"));
        assertEquals(0, appSummary(name).getInt("pagination.total_results"), "no active deployment afterwards");
    }

    @Test
    void restartWithStrategyCanaryThenContinueDeployment() {
        StartedApp started = RolloutFixtures.startedApp(space, 3, null);
        String name = nameOf(started.app());
        String app = appByName(name);
        // --strategy canary --max-in-flight 2: options with every scale key null
        String deployment = createdGuid("{\"options\":{\"max_in_flight\":2,\"web_instances\":null,\"memory_in_mb\":"
                + "null,\"disk_in_mb\":null,\"log_rate_limit_in_bytes_per_second\":null},\"strategy\":\"canary\","
                + "\"relationships\":{\"app\":{\"data\":{\"guid\":\"" + app + "\"}}}}");
        JsonPath paused = waitLoop(app, deployment, true);
        assertEquals("PAUSED", paused.getString("status.reason"));
        JsonPath summary = appSummary(name);
        assertEquals("PAUSED", summary.getString("status.reason"));
        assertEquals("canary", summary.getString("strategy"));
        assertEquals(2, summary.getInt("options.max_in_flight"));
        assertEquals(1, summary.getInt("status.canary.steps.current"));
        assertEquals(1, summary.getInt("status.canary.steps.total"));

        // cf continue-deployment: find the active one, continue (no body), then the wait loop
        appByName(name);
        String active = activeDeployment(app).getString("resources[0].guid");
        assertEquals(deployment, active);
        cli().contentType("").post("/v3/deployments/" + active + "/actions/continue").then().statusCode(200)
                .body(equalTo(""));
        // the first poll follows at once: PAUSED must already be left
        assertEquals("DEPLOYING", ok(cli().get("/v3/deployments/" + active)).getString("status.reason"));
        assertEquals("DEPLOYED", waitLoop(app, active, true).getString("status.reason"));
    }

    /**
     * §1.11 while a rolling deployment is in flight ({@code --max-in-flight 2}): the deployment block shows DEPLOYING
     * since last_status_change, max-in-flight 2 and no canary steps; the new web process is listed with its
     * instances (STARTING) at once, as --no-wait needs (§1.12). cf cancel-deployment ends it.
     */
    @Test
    void appWhileARollingDeploymentIsInFlight() {
        StartedApp started = RolloutFixtures.startedApp(space, 2, "slow:30");
        String name = nameOf(started.app());
        String app = appByName(name);
        String deployment = createdGuid("{\"droplet\":{\"guid\":\"" + started.nextDroplet() + "\"},"
                + "\"options\":{\"max_in_flight\":2,\"web_instances\":null,\"memory_in_mb\":null,\"disk_in_mb\":"
                + "null,\"log_rate_limit_in_bytes_per_second\":null},\"strategy\":\"rolling\",\"relationships\":"
                + "{\"app\":{\"data\":{\"guid\":\"" + app + "\"}}}}");
        JsonPath polled = ok(cli().get("/v3/deployments/" + deployment));
        assertEquals("ACTIVE", polled.getString("status.value"));
        assertEquals("DEPLOYING", polled.getString("status.reason"));
        assertEquals("web", polled.getString("new_processes[0].type"));
        String newProcess = polled.getString("new_processes[0].guid");
        assertEquals(started.nextDroplet(), polled.getString("droplet.guid"));
        assertEquals(app, polled.getString("relationships.app.data.guid"));
        assertNotNull(polled.getString("created_at"));
        // --no-wait: the new instances are listed as soon as the process exists
        List<String> states = ok(cli().get("/v3/processes/" + newProcess + "/stats")).getList("resources.state");
        assertEquals(2, states.size(), "max_in_flight new instances: " + states);
        assertTrue(states.stream().allMatch("STARTING"::equals), states.toString());

        JsonPath summary = appSummary(name);
        assertEquals(deployment, summary.getString("guid"));
        assertEquals("DEPLOYING", summary.getString("status.reason"));
        assertEquals("rolling", summary.getString("strategy"));
        assertEquals(2, summary.getInt("options.max_in_flight"));
        assertNull(summary.get("status.canary"), "no canary-steps line for rolling");
        assertTrue(ok(cli().get("/v3/apps/" + app + "/processes")).<String>getList("resources.guid")
                .contains(newProcess), "the summary lists the new web process");

        appByName(name);
        assertEquals(deployment, activeDeployment(app).getString("resources[0].guid"));
        cli().post("/v3/deployments/" + deployment + "/actions/cancel").then().statusCode(200);
        String reason = ok(cli().get("/v3/deployments/" + deployment)).getString("status.reason");
        assertTrue(List.of("CANCELING", "CANCELED").contains(reason), reason);
    }

    @Test
    void rollbackToVersion() {
        StartedApp started = RolloutFixtures.startedApp(space, 2, null);
        String name = nameOf(started.app());
        String previous = ok(cli().get("/v3/apps/" + started.app() + "/droplets/current")).getString("guid");
        String forward = createdGuid("{\"droplet\":{\"guid\":\"" + started.nextDroplet() + "\"},\"strategy\":"
                + "\"rolling\",\"relationships\":{\"app\":{\"data\":{\"guid\":\"" + started.app() + "\"}}}}");
        waitLoop(started.app(), forward, false);

        String app = appByName(name);
        appByName(name);
        JsonPath all = ok(cli().get("/v3/apps/" + app + "/revisions?order_by=-created_at"));
        assertTrue(all.getInt("pagination.total_results") >= 2);
        int version = all.getInt("resources[-1].version");
        JsonPath found = ok(cli().get("/v3/apps/" + app + "/revisions?page=1&per_page=2&versions=" + version));
        assertEquals(1, found.getInt("pagination.total_results"));
        found.setRootPath("resources[0]");
        assertEquals(version, found.getInt("version"));
        assertTrue(found.getBoolean("deployable"));
        assertNotNull(found.getString("description"));
        assertEquals(previous, found.getString("droplet.guid"));
        assertNotNull(found.getString("created_at"));
        String back = createdGuid("{\"revision\":{\"guid\":\"" + found.getString("guid") + "\"},\"strategy\":"
                + "\"rolling\",\"relationships\":{\"app\":{\"data\":{\"guid\":\"" + app + "\"}}}}");
        waitLoop(app, back, false);
        assertEquals(previous, ok(cli().get("/v3/apps/" + app + "/droplets/current")).getString("guid"));
        appSummary(name);
    }

    /**
     * §1.7 with {@code --strategy canary --max-in-flight 2 --instance-steps 50 -f}: revision, strategy and options
     * (null scale keys) but no droplet; the revision's droplet is current at once, the canary pauses at step 1/1, and
     * continue-deployment rolls the rest out.
     */
    @Test
    void rollbackToVersionWithStrategyCanary() {
        StartedApp started = RolloutFixtures.startedApp(space, 3, null);
        String name = nameOf(started.app());
        String previous = ok(cli().get("/v3/apps/" + started.app() + "/droplets/current")).getString("guid");
        String forward = createdGuid("{\"droplet\":{\"guid\":\"" + started.nextDroplet() + "\"},\"strategy\":"
                + "\"rolling\",\"relationships\":{\"app\":{\"data\":{\"guid\":\"" + started.app() + "\"}}}}");
        waitLoop(started.app(), forward, false);

        String app = appByName(name);
        appByName(name);
        JsonPath all = ok(cli().get("/v3/apps/" + app + "/revisions?order_by=-created_at"));
        int version = all.getInt("resources[-1].version");
        JsonPath found = ok(cli().get("/v3/apps/" + app + "/revisions?page=1&per_page=2&versions=" + version));
        assertEquals(1, found.getInt("pagination.total_results"));
        String revision = found.getString("resources[0].guid");
        String back = createdGuid("{\"options\":{\"max_in_flight\":2,\"web_instances\":null,\"memory_in_mb\":null,"
                + "\"disk_in_mb\":null,\"log_rate_limit_in_bytes_per_second\":null,\"canary\":{\"steps\":"
                + "[{\"instance_weight\":50}]}},\"revision\":{\"guid\":\"" + revision + "\"},\"strategy\":"
                + "\"canary\",\"relationships\":{\"app\":{\"data\":{\"guid\":\"" + app + "\"}}}}");
        assertEquals(previous, ok(cli().get("/v3/apps/" + app + "/droplets/current")).getString("guid"));
        JsonPath paused = waitLoop(app, back, true);
        assertEquals("PAUSED", paused.getString("status.reason"));
        assertEquals(previous, paused.getString("droplet.guid"));
        JsonPath summary = appSummary(name);
        assertEquals(back, summary.getString("guid"));
        assertEquals(2, summary.getInt("options.max_in_flight"));
        assertEquals(1, summary.getInt("status.canary.steps.current"));
        assertEquals(1, summary.getInt("status.canary.steps.total"));
        String description = ok(cli().get("/v3/revisions/" + summary.getString("revision.guid")))
                .getString("description");
        assertTrue(description.endsWith("Rolled back to revision " + version + "."), description);

        appByName(name);
        assertEquals(back, activeDeployment(app).getString("resources[0].guid"));
        cli().post("/v3/deployments/" + back + "/actions/continue").then().statusCode(200);
        assertEquals("DEPLOYED", waitLoop(app, back, true).getString("status.reason"));
        assertEquals(0, appSummary(name).getInt("pagination.total_results"), "no active deployment afterwards");
    }

    @Test
    void cancelDeployment() {
        StartedApp started = RolloutFixtures.startedApp(space, 2, "slow:30");
        String name = nameOf(started.app());
        String deployment = createdGuid("{\"droplet\":{\"guid\":\"" + started.nextDroplet() + "\"},\"strategy\":"
                + "\"rolling\",\"relationships\":{\"app\":{\"data\":{\"guid\":\"" + started.app() + "\"}}}}");
        String app = appByName(name);
        JsonPath active = activeDeployment(app);
        assertEquals(deployment, active.getString("resources[0].guid"));
        // no body at all, any 2xx accepted
        Response cancel = Api.anonymous().header("Authorization", "bearer " + token).contentType("")
                .post("/v3/deployments/" + deployment + "/actions/cancel");
        assertEquals(200, cancel.statusCode());
        org.awaitility.Awaitility.await().atMost(STARTUP_TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(() -> activeDeployment(app).getInt("pagination.total_results") == 0);
        assertEquals("CANCELED", ok(cli().get("/v3/deployments/" + deployment)).getString("status.reason"));
    }

    @Test
    void pushWithStrategyRollingAfterStaging() {
        StartedApp started = RolloutFixtures.startedApp(space, 1, null);
        String name = nameOf(started.app());
        String app = appByName(name);
        // staged: the CLI reads the droplet, then deploys it with -i 3 -m 256M and nulls for the rest
        JsonPath droplet = ok(cli().get("/v3/droplets/" + started.nextDroplet()));
        assertEquals("STAGED", droplet.getString("state"));
        String deployment = createdGuid("{\"droplet\":{\"guid\":\"" + droplet.getString("guid") + "\"},"
                + "\"options\":{\"max_in_flight\":1,\"web_instances\":3,\"memory_in_mb\":256,\"disk_in_mb\":null,"
                + "\"log_rate_limit_in_bytes_per_second\":null},\"strategy\":\"rolling\",\"relationships\":{\"app\":"
                + "{\"data\":{\"guid\":\"" + app + "\"}}}}");
        waitLoop(app, deployment, false);
        appSummary(name);
        for (String process : ok(cli().get("/v3/apps/" + app + "/processes")).<String>getList("resources.guid")) {
            JsonPath shown = ok(cli().get("/v3/processes/" + process));
            if ("web".equals(shown.getString("type"))) {
                assertEquals(3, shown.getInt("instances"));
                assertEquals(256, shown.getInt("memory_in_mb"));
            }
        }
        assertEquals(started.nextDroplet(), ok(cli().get("/v3/apps/" + app + "/droplets/current")).getString("guid"),
                "the deployment made the pushed droplet current");
    }

    /**
     * {@code cf apps} at API 3.211.0 and later: the space's apps by name, their processes with the instances
     * embedded (the CLI prints "web:RUNNING/instances" from them), then their routes.
     */
    @Test
    void appsListsEachAppWithItsRunningInstances() {
        StartedApp started = RolloutFixtures.startedApp(space, 2, null);
        String stopped = AppFixtures.appWithDroplet(space);
        String startedName = nameOf(started.app());
        String stoppedName = nameOf(stopped);

        JsonPath apps = ok(cli().get("/v3/apps?order_by=name&space_guids=" + space));
        assertEquals(List.of(startedName, stoppedName).stream().sorted().toList(), apps.getList("resources.name"));
        assertEquals(List.of("STARTED", "STOPPED"), List.of(apps.getString("resources.find { it.guid == '"
                + started.app() + "' }.state"), apps.getString("resources.find { it.guid == '" + stopped
                + "' }.state")));

        org.awaitility.Awaitility.await().atMost(STARTUP_TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(() -> summary().get(started.app()).equals("web:2/2"));
        Map<String, String> summary = summary();
        assertEquals("web:0/1", summary.get(stopped));

        JsonPath routes = ok(cli().get("/v3/routes?app_guids=" + String.join(",", apps.getList("resources.guid"))));
        assertEquals(0, routes.getInt("pagination.total_results"));
        assertEquals(List.of(), routes.getList("resources"));
    }

    /** The processes line of {@code cf apps}: per app, "type:running/instances" from the embedded instances. */
    private Map<String, String> summary() {
        JsonPath processes = ok(cli().get("/v3/processes?embed=process_instances&space_guids=" + space));
        Map<String, String> lines = new java.util.TreeMap<>();
        for (int i = 0; i < processes.getList("resources").size(); i++) {
            String process = "resources[" + i + "].";
            long running = processes.getList(process + "process_instances.state").stream()
                    .filter("RUNNING"::equals).count();
            lines.put(processes.getString(process + "relationships.app.data.guid"),
                    processes.getString(process + "type") + ":" + running + "/" + processes.getInt(process + "instances"));
        }
        return lines;
    }

    @Test
    void appWithoutAnyDeploymentStillAnswersTheDeploymentQuery() {
        String app = AppFixtures.appWithDroplet(space);
        assertEquals(0, appSummary(nameOf(app)).getInt("pagination.total_results"));
    }

    /**
     * §1.4/§1.6/§1.9: {@code cf restart --strategy canary --instance-steps 20,60 --max-in-flight 2}, then
     * {@code cf continue-deployment} twice. The wait loop legitimately stops at each pause; the summary shows the
     * step; continuing from the last pause finishes the rollout.
     */
    @Test
    void restartWithCanaryInstanceStepsContinuesStepByStep() {
        StartedApp started = RolloutFixtures.startedApp(space, 5, null);
        String name = nameOf(started.app());
        String app = appByName(name);
        String deployment = createdGuid("{\"options\":{\"max_in_flight\":2,\"web_instances\":null,\"memory_in_mb\":"
                + "null,\"disk_in_mb\":null,\"log_rate_limit_in_bytes_per_second\":null,\"canary\":{\"steps\":["
                + "{\"instance_weight\":20},{\"instance_weight\":60}]}},\"strategy\":\"canary\",\"relationships\":"
                + "{\"app\":{\"data\":{\"guid\":\"" + app + "\"}}}}");
        for (int step = 1; step <= 2; step++) {
            JsonPath paused = waitLoop(app, deployment, true);
            assertEquals("PAUSED", paused.getString("status.reason"), "step " + step);
            JsonPath summary = appSummary(name);
            assertEquals(deployment, summary.getString("guid"));
            assertEquals("PAUSED", summary.getString("status.reason"));
            assertEquals(step, summary.getInt("status.canary.steps.current"));
            assertEquals(2, summary.getInt("status.canary.steps.total"));
            assertEquals(List.of(20, 60), summary.getList("options.canary.steps.instance_weight"));
            // the CLI's own continue: find the active deployment by app, POST without a body
            appByName(name);
            String active = activeDeployment(app).getString("resources[0].guid");
            assertEquals(deployment, active);
            Response continued = Api.anonymous().header("Authorization", "bearer " + token).contentType("")
                    .post("/v3/deployments/" + active + "/actions/continue");
            assertEquals(200, continued.statusCode());
            assertEquals("", continued.asString());
            JsonPath left = ok(cli().get("/v3/deployments/" + active));
            assertEquals("DEPLOYING", left.getString("status.reason"), "PAUSED left before the answer");
            assertEquals(step + 1 > 2 ? 2 : step + 1, left.getInt("status.canary.steps.current"));
        }
        assertEquals("DEPLOYED", waitLoop(app, deployment, true).getString("status.reason"));
        assertEquals(0, appSummary(name).getInt("pagination.total_results"), "no active deployment afterwards");
    }

    /**
     * §1.12 start-up timeout: new instances that never turn routable leave the deployment ACTIVE/DEPLOYING (CC never
     * fails a deployment), every poll says so; the CLI then cancels it (no body) and gives up. The cancel restores
     * the previous droplet and, once processed, the old web process at its size; a continue on the rolling
     * deployment is refused with CAPI's text, as the CLI would print it.
     */
    @Test
    void pushWhoseInstancesNeverBecomeHealthyIsCancelledOnTheStartupTimeout() {
        StartedApp started = RolloutFixtures.startedApp(space, 2, "unready");
        String name = nameOf(started.app());
        String app = appByName(name);
        String previous = ok(cli().get("/v3/apps/" + app + "/droplets/current")).getString("guid");
        String deployment = createdGuid("{\"droplet\":{\"guid\":\"" + started.nextDroplet() + "\"},\"strategy\":"
                + "\"rolling\",\"relationships\":{\"app\":{\"data\":{\"guid\":\"" + app + "\"}}}}");
        long deadline = System.nanoTime() + Duration.ofSeconds(4).toNanos();
        while (System.nanoTime() < deadline) {
            JsonPath polled = ok(cli().get("/v3/deployments/" + deployment));
            assertEquals("ACTIVE", polled.getString("status.value"));
            assertEquals("DEPLOYING", polled.getString("status.reason"));
            assertEquals("web", polled.getString("new_processes[0].type"));
            pause();
        }
        Response refused = cli().contentType("").post("/v3/deployments/" + deployment + "/actions/continue");
        assertEquals(422, refused.statusCode());
        assertEquals("Cannot continue a deployment with status: ACTIVE and reason: DEPLOYING",
                refused.path("errors[0].detail"));

        Response cancel = cli().contentType("").post("/v3/deployments/" + deployment + "/actions/cancel");
        assertEquals(200, cancel.statusCode());
        assertEquals(previous, ok(cli().get("/v3/apps/" + app + "/droplets/current")).getString("guid"),
                "the previous droplet is current again when the cancel answers");
        // the rollout engine processes the cancel: the deployment ends CANCELED, one web process at its old size
        org.awaitility.Awaitility.await().atMost(STARTUP_TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(() -> "CANCELED".equals(ok(cli().get("/v3/deployments/" + deployment))
                        .getString("status.reason")));
        List<Map<String, Object>> web = ok(cli().get("/v3/apps/" + app + "/processes")).<Map<String, Object>>getList(
                "resources").stream().filter(p -> "web".equals(p.get("type"))).toList();
        assertEquals(1, web.size());
        assertEquals(2, web.get(0).get("instances"));
        assertEquals(0, appSummary(name).getInt("pagination.total_results"));
    }
}

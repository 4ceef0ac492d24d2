package io.cfdeploy.runtime.local;

import static io.cfdeploy.runtime.local.LocalInstances.get;
import static io.cfdeploy.runtime.local.LocalInstances.group;
import static io.cfdeploy.runtime.local.LocalInstances.row;
import static io.cfdeploy.runtime.local.LocalInstances.rows;
import static io.cfdeploy.support.SampleApps.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cfdeploy.router.AppRouter;
import io.cfdeploy.support.Api;
import io.cfdeploy.support.CfPushReplay;
import io.cfdeploy.support.Tokens;
import io.cfdeploy.support.Fixtures;
import io.cfdeploy.support.SampleApps;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Rollouts over real instances: the engine moves on the runtime's events, as CAPI's updater does on Diego's. */
@QuarkusTest
@TestProfile(LocalRuntimeProfile.class)
class LocalRolloutTest {
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration ROLLOUT = Duration.ofSeconds(120);

    private static final String DOMAIN = "apps.localhost";

    @Inject
    LocalSupervisor supervisor;

    @Inject
    AppRouter router;

    @AfterEach
    void stopEveryApp() {
        LocalInstances.stopEveryApp();
    }

    @Test
    void aRollingDeploymentThroughTheRouterFailsNoRequest_andMovesTheAnswersFromV1ToV2() throws Exception {
        String space = Fixtures.space(Fixtures.org());
        String app = SampleApps.start(space, "v1", 4, Map.of());
        String host = routeTo(space, app);
        await("4 v1 instances RUNNING", START, () -> LocalInstances.allRunning(app, 4));
        await("the router serving v1", START, () -> Traffic.burst(router.port(), host, 1).get(0).version() != null);
        String v2 = SampleApps.sampleDroplet(app, "v2", SampleApps.JAVA_COMMAND);

        List<Traffic.Answer> answers;
        long created;
        long finalized;
        try (Traffic traffic = Traffic.start(router.port(), host)) {
            Thread.sleep(500);
            created = System.nanoTime();
            String deployment = deploy(app, v2, 1);
            await("FINALIZED", ROLLOUT, () -> "FINALIZED".equals(deployment(deployment).getString("status.value")));
            finalized = System.nanoTime();
            assertEquals("DEPLOYED", deployment(deployment).getString("status.reason"));
            Thread.sleep(1500);
            traffic.close();
            answers = traffic.answers();
        }
        List<Traffic.Answer> failed = answers.stream().filter(Traffic.Answer::failed).toList();
        long v1 = answers.stream().filter(answer -> "v1".equals(answer.version())).count();
        long v2Answers = answers.stream().filter(answer -> "v2".equals(answer.version())).count();
        System.out.printf("ROLLOUT-NUMBERS rolling: %d requests, %d failed, %d v1, %d v2, create->FINALIZED %d ms%n",
                answers.size(), failed.size(), v1, v2Answers, (finalized - created) / 1_000_000);
        assertEquals(List.of(), failed, "no request failed during the rolling deployment");
        assertTrue(answers.get(0).version().equals("v1"), "v1 answered before the deployment");
        long lastV1 = answers.stream().filter(answer -> "v1".equals(answer.version()))
                .mapToLong(Traffic.Answer::atNanos).max().orElseThrow();
        long firstV2 = answers.stream().filter(answer -> "v2".equals(answer.version()))
                .mapToLong(Traffic.Answer::atNanos).min().orElseThrow();
        assertTrue(firstV2 > created, "v2 answered only after the deployment began");
        assertTrue(lastV1 < finalized + 1_000_000_000L, "no v1 answer well after FINALIZED");
        assertTrue(answers.get(answers.size() - 1).version().equals("v2"), "v2 answers at the end");
    }

    @Test
    void aCanaryPausedAtAQuarterServesAQuarterOfTheRequests_andCancelBringsV1Back() throws Exception {
        String space = Fixtures.space(Fixtures.org());
        String app = SampleApps.start(space, "v1", 4, Map.of());
        String host = routeTo(space, app);
        await("4 v1 instances RUNNING", START, () -> LocalInstances.allRunning(app, 4));
        String v2 = SampleApps.sampleDroplet(app, "v2", SampleApps.JAVA_COMMAND);

        String deployment = Api.asAdmin().body("{\"droplet\":{\"guid\":\"" + v2 + "\"},\"strategy\":\"canary\","
                + "\"options\":{\"canary\":{\"steps\":[{\"instance_weight\":25}]}},\"relationships\":{\"app\":"
                + "{\"data\":{\"guid\":\"" + app + "\"}}}}").post("/v3/deployments").then().statusCode(201).extract()
                .path("guid");
        await("PAUSED at the canary step", ROLLOUT,
                () -> "PAUSED".equals(deployment(deployment).getString("status.reason")));
        String canary = deployment(deployment).getString("new_processes[0].guid");
        await("the canary instance routable", START, () -> LocalInstances.allRunning(canary, 1));

        List<Traffic.Answer> paused = Traffic.burst(router.port(), host, 200);
        long canaryAnswers = paused.stream().filter(answer -> "v2".equals(answer.version())).count();
        System.out.printf("ROLLOUT-NUMBERS canary: %d requests, %d failed, %d v2 (%.0f %%), web instances %s + %s%n",
                paused.size(), paused.stream().filter(Traffic.Answer::failed).count(), canaryAnswers,
                100.0 * canaryAnswers / paused.size(), LocalInstances.states(app), LocalInstances.states(canary));
        assertEquals(0, paused.stream().filter(Traffic.Answer::failed).count());
        assertTrue(canaryAnswers >= 20 && canaryAnswers <= 80, () -> canaryAnswers + " of 200 answers from v2");

        List<Traffic.Answer> duringCancel;
        try (Traffic traffic = Traffic.start(router.port(), host)) {
            Api.asAdmin().post("/v3/deployments/" + deployment + "/actions/cancel").then().statusCode(200);
            await("CANCELED", ROLLOUT, () -> "CANCELED".equals(deployment(deployment).getString("status.reason")));
            await("the canary's instances gone", START, () -> rows(canary).isEmpty());
            await("4 v1 instances RUNNING", START, () -> LocalInstances.allRunning(app, 4));
            Thread.sleep(1000);
            traffic.close();
            duringCancel = traffic.answers();
        }
        assertEquals(List.of(), duringCancel.stream().filter(Traffic.Answer::failed).toList(),
                "no request failed during the cancel");
        List<Traffic.Answer> after = Traffic.burst(router.port(), host, 40);
        assertTrue(after.stream().allMatch(answer -> "v1".equals(answer.version())), "v1 serves again: " + after);
    }

    @Test
    void cfPushRunsTheAppForReal_andARollingPushMovesItsClientsToTheNewVersion() throws Exception {
        String space = Fixtures.space(Fixtures.org());
        String name = Fixtures.uniqueName("hello");
        String source = new String(SampleApps.class.getResourceAsStream("/sample-app/Server.java").readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        String procfile = "web: " + SampleApps.JAVA_COMMAND + "\n";
        CfPushReplay.push(Tokens.admin(), space, name).file("Server.java", source, 0644)
                .file("version.txt", "v1\n", 0644).file("Procfile", procfile, 0644).run();
        String host = name + "." + DOMAIN;
        await("the router serving v1", START, () -> "v1".equals(Traffic.burst(router.port(), host, 1).get(0).version()));

        List<Traffic.Answer> answers;
        try (Traffic traffic = Traffic.start(router.port(), host)) {
            CfPushReplay.Outcome pushed = CfPushReplay.push(Tokens.admin(), space, name)
                    .file("Server.java", source, 0644).file("version.txt", "v2\n", 0644)
                    .file("Procfile", procfile, 0644).strategy("rolling").run();
            await("FINALIZED", ROLLOUT,
                    () -> "FINALIZED".equals(deployment(pushed.deployment()).getString("status.value")));
            Thread.sleep(1000);
            traffic.close();
            answers = traffic.answers();
        }
        assertEquals(List.of(), answers.stream().filter(Traffic.Answer::failed).toList());
        assertEquals("v2", answers.get(answers.size() - 1).version());
    }

    /** A new route on the default domain mapped to the app's web processes; returns its host name. */
    static String routeTo(String space, String app) {
        String name = "r" + java.util.UUID.randomUUID().toString().substring(0, 8);
        String domain = Api.asAdmin().get("/v3/domains?names=" + DOMAIN).then().statusCode(200).extract()
                .path("resources[0].guid");
        String route = Api.asAdmin().body("{\"host\":\"" + name + "\",\"relationships\":{\"space\":{\"data\":{"
                + "\"guid\":\"" + space + "\"}},\"domain\":{\"data\":{\"guid\":\"" + domain + "\"}}}}")
                .post("/v3/routes").then().statusCode(201).extract().path("guid");
        Api.asAdmin().body("{\"destinations\":[{\"app\":{\"guid\":\"" + app + "\"}}]}")
                .post("/v3/routes/" + route + "/destinations").then().statusCode(200);
        return name + "." + DOMAIN;
    }

    @Test
    void aDeploymentWhoseInstancesCrashStaysDeploying_whileTheOldOnesServe_untilCanceled() {
        String space = Fixtures.space(Fixtures.org());
        String app = SampleApps.start(space, "v1", 2, Map.of());
        await("v1 RUNNING", START, () -> LocalInstances.allRunning(app, 2));
        List<Long> oldPids = pids(app);

        String crashing = SampleApps.uploadDroplet(app, SampleApps.droplet("v2"), "{\"web\":\"exit 3\"}");
        String deployment = deploy(app, crashing, 1);
        String deploying = deployment(deployment).getString("new_processes[0].guid");
        await("the new instance crashing", Duration.ofSeconds(30),
                () -> ((Number) row(deploying, 0).get("crash_count")).intValue() >= 3);

        JsonPath shown = deployment(deployment);
        assertEquals("DEPLOYING", shown.getString("status.reason"), "CAPI keeps a deployment of crashing instances");
        assertEquals("ACTIVE", shown.getString("status.value"));
        assertEquals(oldPids, pids(app), "the old instances were not touched");
        for (Map<String, Object> old : rows(app)) {
            HttpResponse<String> answer = get(((Number) old.get("port")).intValue(), "/");
            assertNotNull(answer);
            assertTrue(answer.body().startsWith("version=v1 "), answer.body());
        }

        Api.asAdmin().post("/v3/deployments/" + deployment + "/actions/cancel").then().statusCode(200);
        await("CANCELED", ROLLOUT, () -> "CANCELED".equals(deployment(deployment).getString("status.reason")));
        await("the crashing process's instances gone", Duration.ofSeconds(15), () -> rows(deploying).isEmpty());
        assertEquals(oldPids, pids(app), "v1 kept serving throughout");
    }

    @Test
    void aServerRestartMidRolloutAdoptsTheRunningInstances_andTheRolloutCompletes() throws Exception {
        String space = Fixtures.space(Fixtures.org());
        String app = SampleApps.start(space, "v1", 3, Map.of());
        await("v1 RUNNING", START, () -> LocalInstances.allRunning(app, 3));
        String v2 = SampleApps.sampleDroplet(app, "v2", SampleApps.JAVA_COMMAND);
        String deployment = deploy(app, v2, 1);
        String deploying = deployment(deployment).getString("new_processes[0].guid");
        await("a first v2 instance RUNNING", ROLLOUT, () -> rows(deploying).stream()
                .anyMatch(instance -> "RUNNING".equals(instance.get("state"))));

        // the server dies (its instances keep running); one old instance dies while nobody watches
        supervisor.simulateCrash();
        List<Long> v2Pids = rows(deploying).stream().filter(instance -> "RUNNING".equals(instance.get("state")))
                .map(instance -> ((Number) instance.get("pid")).longValue()).toList();
        long killed = ((Number) rows(app).get(rows(app).size() - 1).get("pid")).longValue();
        new ProcessBuilder("kill", "-KILL", "--", "-" + killed).start().waitFor();
        await("the killed instance gone", Duration.ofSeconds(10), () -> group(killed).isEmpty());
        supervisor.simulateStart();

        await("FINALIZED", ROLLOUT, () -> "FINALIZED".equals(deployment(deployment).getString("status.value")));
        assertEquals("DEPLOYED", deployment(deployment).getString("status.reason"));
        await("3 v2 instances RUNNING", START, () -> LocalInstances.allRunning(deploying, 3));
        assertTrue(pids(deploying).containsAll(v2Pids), "the v2 instances running at the crash were adopted");
        for (Map<String, Object> instance : rows(deploying)) {
            HttpResponse<String> answer = get(((Number) instance.get("port")).intValue(), "/");
            assertNotNull(answer);
            assertTrue(answer.body().startsWith("version=v2 index=" + instance.get("index") + " "), answer.body());
        }
        assertTrue(rows(app).isEmpty(), "the v1 process is gone");
    }

    static String deploy(String app, String droplet, int maxInFlight) {
        return Api.asAdmin().body("{\"droplet\":{\"guid\":\"" + droplet + "\"},\"strategy\":\"rolling\","
                + "\"options\":{\"max_in_flight\":" + maxInFlight + "},\"relationships\":{\"app\":{\"data\":"
                + "{\"guid\":\"" + app + "\"}}}}").post("/v3/deployments").then().statusCode(201).extract()
                .path("guid");
    }

    static JsonPath deployment(String guid) {
        return Api.asAdmin().get("/v3/deployments/" + guid).then().statusCode(200).extract().jsonPath();
    }

    static List<Long> pids(String processGuid) {
        List<Long> pids = new ArrayList<>();
        rows(processGuid).forEach(instance -> pids.add(instance.get("pid") == null ? -1L
                : ((Number) instance.get("pid")).longValue()));
        return pids;
    }

    static int port(String processGuid, int index) {
        return ((Number) row(processGuid, index).get("port")).intValue();
    }
}

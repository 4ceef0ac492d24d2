package io.cfdeploy.runtime.kubernetes;

import static io.cfdeploy.support.SampleApps.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cfdeploy.support.Api;
import io.cfdeploy.support.Fixtures;
import io.cfdeploy.support.SampleApps;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;

/**
 * The kubernetes runtime against the CRUD mock API server, the test playing the StatefulSet controller and the
 * kubelet ({@link FakeKubelet}): the objects a push makes, rollouts walked pod by pod as the test turns pods Ready,
 * crashes, a server restart, an app delete and a lost watch. The rollout engine does the rollouts; the runtime only
 * writes StatefulSets and reports pods.
 */
@QuarkusTest
@TestProfile(KubernetesRuntimeProfile.class)
@WithKubernetesTestServer
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubernetesRuntimeTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NS = KubernetesRuntimeProfile.NAMESPACE;

    /** The test's own requests (its look-ups and the fake kubelet's) carry this agent; the runtime's do not. */
    private static final String TEST_AGENT = "cfdeploy-test-kubelet";
    private static KubernetesClient client;

    @Inject
    KubernetesClient runtimeClient;

    @Inject
    KubernetesController controller;

    @KubernetesTestServer
    KubernetesServer server;

    FakeKubelet kubelet;

    @BeforeEach
    void kubelet() {
        if (client == null) {
            client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(runtimeClient.getConfiguration())
                    .withUserAgent(TEST_AGENT).build()).build();
        }
        kubelet = new FakeKubelet(client, NS);
    }

    @AfterAll
    static void closeClient() {
        if (client != null) {
            client.close();
            client = null;
        }
    }

    /**
     * Runs last: every request the runtime made to the API server in this class is allowed by the Role of
     * deploy/kubernetes/rbac.yaml, and the Role allows nothing the runtime never asked for.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void theRbacManifestAllowsExactlyWhatTheRuntimeDid() throws Exception {
        Set<String> used = new TreeSet<>();
        RecordedRequest request;
        while ((request = server.getKubernetesMockServer().takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
            if (!TEST_AGENT.equals(request.getHeader("User-Agent"))) {
                used.add(permission(request.getMethod(), request.getPath()));
            }
        }
        Set<String> allowed = new TreeSet<>();
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        try (MappingIterator<JsonNode> documents = yaml.readerFor(JsonNode.class)
                .readValues(Path.of("deploy/kubernetes/rbac.yaml").toFile())) {
            for (JsonNode document : documents.readAll()) {
                if (!"Role".equals(document.path("kind").asText())) {
                    continue;
                }
                for (JsonNode rule : document.path("rules")) {
                    for (JsonNode group : rule.path("apiGroups")) {
                        for (JsonNode resource : rule.path("resources")) {
                            for (JsonNode verb : rule.path("verbs")) {
                                allowed.add(group.asText() + "/" + resource.asText() + ":" + verb.asText());
                            }
                        }
                    }
                }
            }
        }
        assertEquals(allowed, used, "the Role's rules against the runtime's requests");
    }

    /** "group/resource:verb" of a namespaced request, as RBAC names it. */
    static String permission(String method, String pathAndQuery) {
        String path = pathAndQuery.split("\\?", 2)[0];
        String query = pathAndQuery.contains("?") ? pathAndQuery.substring(pathAndQuery.indexOf('?') + 1) : "";
        String[] parts = path.split("/");
        boolean core = parts[1].equals("api");
        int namespaces = core ? 3 : 4;
        if (parts.length <= namespaces + 2 || !parts[namespaces].equals("namespaces")) {
            return "non-namespaced " + method + " " + path;
        }
        String group = core ? "" : parts[2];
        String resource = parts[namespaces + 2];
        boolean named = parts.length > namespaces + 3;
        if (parts.length > namespaces + 4) {
            resource += "/" + parts[namespaces + 4];
        }
        String verb = switch (method) {
            case "GET" -> named ? "get" : query.contains("watch=true") ? "watch" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> named ? "delete" : "deletecollection";
            default -> method;
        };
        return group + "/" + resource + ":" + verb;
    }

    @Test
    void aPushMakesTheStatefulSetSecretAndService_asSpecified_andPodsBecomeInstanceStates() throws Exception {
        String space = Fixtures.space(Fixtures.org());
        String app = SampleApps.start(space, "v1", 2, Map.of("GREETING", "hello"));
        StatefulSet set = awaitSet(app, 2);

        assertEquals("Parallel", set.getSpec().getPodManagementPolicy());
        assertEquals("OnDelete", set.getSpec().getUpdateStrategy().getType());
        assertEquals(Map.of(Workloads.PROCESS_GUID, app), set.getSpec().getSelector().getMatchLabels());
        Map<String, String> labels = set.getMetadata().getLabels();
        assertEquals("cfdeploy", labels.get("app.kubernetes.io/managed-by"));
        assertEquals(app, labels.get("cfdeploy.io/app-guid"));
        assertEquals(app, labels.get("cfdeploy.io/process-guid"));
        assertEquals("web", labels.get("cfdeploy.io/process-type"));
        assertNotNull(labels.get("cfdeploy.io/process-version"));
        String droplet = labels.get("cfdeploy.io/droplet-guid");
        assertNotNull(droplet);
        assertTrue(Long.parseLong(set.getMetadata().getAnnotations().get("cfdeploy.io/desired-generation")) > 0);

        var pod = set.getSpec().getTemplate().getSpec();
        assertEquals(10L, pod.getTerminationGracePeriodSeconds());
        assertEquals(false, pod.getAutomountServiceAccountToken());
        assertEquals("default", pod.getServiceAccountName());
        assertEquals("registry-credentials", pod.getImagePullSecrets().get(0).getName());
        assertEquals(2000L, pod.getSecurityContext().getRunAsUser());
        Container app0 = pod.getContainers().get(0);
        assertEquals(KubernetesRuntimeProfile.BASE_IMAGE, app0.getImage());
        assertEquals(List.of("/bin/bash", "-c", Workloads.LAUNCHER, "launcher", SampleApps.JAVA_COMMAND),
                app0.getCommand());
        assertEquals(List.of("ALL"), app0.getSecurityContext().getCapabilities().getDrop());
        assertEquals("100m", app0.getResources().getRequests().get("cpu").toString());
        assertEquals("1024Mi", app0.getResources().getLimits().get("memory").toString());
        assertEquals("1024Mi", app0.getResources().getLimits().get("ephemeral-storage").toString());
        // http health check on /health: startup every 2 s for 60 s, liveness every 30 s, no readiness probe
        assertEquals("/health", app0.getStartupProbe().getHttpGet().getPath());
        assertEquals(2, app0.getStartupProbe().getPeriodSeconds());
        assertEquals(30, app0.getStartupProbe().getFailureThreshold());
        assertEquals(1, app0.getStartupProbe().getTimeoutSeconds());
        assertEquals(30, app0.getLivenessProbe().getPeriodSeconds());
        assertEquals(1, app0.getLivenessProbe().getFailureThreshold());
        assertNull(app0.getReadinessProbe());
        assertEquals(List.of("metadata.name", "metadata.uid", "status.hostIP", "status.podIP"), app0.getEnv()
                .stream().map(env -> env.getValueFrom().getFieldRef().getFieldPath()).toList());

        // the init container fetches the droplet with a signed URL the server answers without a token
        Container fetch = pod.getInitContainers().get(0);
        String url = fetch.getEnv().stream().filter(env -> env.getName().equals("DROPLET_URL"))
                .map(EnvVar::getValue).findFirst().orElseThrow();
        assertTrue(url.startsWith(KubernetesRuntimeProfile.DROPLET_BASE_URL + "/internal/v1/droplets/" + droplet
                + "/"), url);
        URI signed = URI.create(url);
        byte[] bits = RestAssured.given().get(signed.getRawPath() + "?" + signed.getRawQuery()).then()
                .statusCode(200).extract().asByteArray();
        assertArrayEquals(Api.asAdmin().get("/v3/droplets/" + droplet + "/download").then().statusCode(200)
                .extract().asByteArray(), bits);
        Api.anonymous().get(signed.getRawPath() + "?sig=00" + signed.getRawQuery().substring(6)).then()
                .statusCode(403).body("errors[0].code", org.hamcrest.Matchers.is(10003));

        Secret secret = client.secrets().inNamespace(NS).withName(app0.getEnvFrom().get(0).getSecretRef()
                .getName()).get();
        assertNotNull(secret);
        Map<String, String> env = secret.getStringData();
        assertEquals("hello", env.get("GREETING"));
        assertEquals("8080", env.get("PORT"));
        assertEquals("1024m", env.get("MEMORY_LIMIT"));
        JsonNode vcap = JSON.readTree(env.get("VCAP_APPLICATION"));
        assertEquals(app, vcap.get("application_id").asText());
        assertEquals(app, vcap.get("process_id").asText());
        assertEquals("web", vcap.get("process_type").asText());
        assertEquals(set.getMetadata().getName(), secret.getMetadata().getOwnerReferences().get(0).getName());

        Service service = client.services().inNamespace(NS).withName("cf-" + app + "-web").get();
        assertNotNull(service);
        assertEquals(Map.of("cfdeploy.io/app-guid", app, "cfdeploy.io/process-type", "web"),
                service.getSpec().getSelector());
        assertEquals(8080, service.getSpec().getPorts().get(0).getPort());

        // pods: missing → DOWN, pending → STARTING, Ready → RUNNING, started and unready → RUNNING, crash loop
        assertEquals(List.of("DOWN", "DOWN"), states(app));
        kubelet.sync();
        awaitK("STARTING", () -> states(app).equals(List.of("STARTING", "STARTING")));
        kubelet.ready(app, 0);
        awaitK("index 0 RUNNING", () -> states(app).equals(List.of("RUNNING", "STARTING")));
        kubelet.crashLoop(app, 1);
        awaitK("index 1 CRASHED", () -> states(app).equals(List.of("RUNNING", "CRASHED")));
        JsonPath stats = stats(app);
        assertEquals("10.1.0.", stats.getString("resources[0].host").substring(0, 7));
        assertEquals(8080, stats.getInt("resources[0].instance_ports[0].internal"));
        assertTrue(stats.getString("resources[1].details").startsWith("CrashLoopBackOff"));
    }

    @Test
    void theSignedDropletEndpointRefusesABadSignature_andAnswers404ForAMissingDroplet() {
        DropletUrls urls = new DropletUrls(KubernetesRuntimeProfile.DROPLET_URL_SECRET);
        String guid = Fixtures.newGuid();
        String sha = "ab".repeat(32);
        Api.anonymous().get(urls.path(guid, sha)).then().statusCode(404)
                .body("errors[0].code", org.hamcrest.Matchers.is(10010));
        Api.anonymous().get("/internal/v1/droplets/" + guid + "/" + sha + "?sig=" + "0".repeat(64)).then()
                .statusCode(403);
        Api.anonymous().get("/internal/v1/droplets/" + guid + "/" + sha).then().statusCode(403);
        Api.anonymous().get("/internal/v1/droplets/" + guid + "/" + sha + "?sig=zz").then().statusCode(403);
    }

    @Test
    void aRollingDeploymentOfFourInstancesMaxInFlightOne_walksPodByPod_andDeletesTheOldSetAtTheEnd() {
        String app = runningApp(4);
        String v2 = SampleApps.sampleDroplet(app, "v2", SampleApps.JAVA_COMMAND);
        String deployment = deploy(app, v2, "rolling", 1, "");
        String next = deployment(deployment).getString("new_processes[0].guid");

        for (int step = 1; step <= 4; step++) {
            int newInstances = step;
            int oldInstances = 5 - step;
            awaitK("step " + step + ": new " + newInstances + ", old " + oldInstances,
                    () -> replicas(next) == newInstances && replicas(app) == oldInstances);
            assertEquals("DEPLOYING", deployment(deployment).getString("status.reason"));
            kubelet.sync();
            assertEquals("STARTING", states(next).get(step - 1));
            kubelet.ready(next, step - 1);
        }
        awaitK("FINALIZED", () -> "FINALIZED".equals(deployment(deployment).getString("status.value")));
        assertEquals("DEPLOYED", deployment(deployment).getString("status.reason"));
        awaitK("the old set deleted", () -> set(app) == null);
        assertEquals(4, replicas(next));
        kubelet.sync();
        assertTrue(kubelet.pods().stream().noneMatch(pod -> app.equals(pod.getMetadata().getLabels()
                .get(Workloads.PROCESS_GUID))), "the old pods are gone");
        assertNotNull(client.services().inNamespace(NS).withName("cf-" + app + "-web").get(),
                "the app's web Service stays, now selecting the new process");
    }

    @Test
    void aCanaryPausesWithOneNewInstance_andContinueFinishesIt() {
        String app = runningApp(3);
        String v2 = SampleApps.sampleDroplet(app, "v2", SampleApps.JAVA_COMMAND);
        String deployment = deploy(app, v2, "canary", 1, "");
        String canary = deployment(deployment).getString("new_processes[0].guid");
        awaitK("the canary set", () -> replicas(canary) == 1);
        kubelet.sync();
        kubelet.ready(canary, 0);
        awaitK("PAUSED", () -> "PAUSED".equals(deployment(deployment).getString("status.reason")));
        assertEquals(3, replicas(app), "the old instances all stay while paused");
        assertEquals(1, replicas(canary));

        Api.asAdmin().post("/v3/deployments/" + deployment + "/actions/continue").then().statusCode(200);
        awaitK("FINALIZED", () -> {
            kubelet.readyAll(canary);
            return "FINALIZED".equals(deployment(deployment).getString("status.value"));
        });
        awaitK("old set gone", () -> set(app) == null);
        assertEquals(3, replicas(canary));
    }

    @Test
    void cancelRemovesTheNewSet_andKeepsTheOldOne() {
        String app = runningApp(2);
        String v2 = SampleApps.sampleDroplet(app, "v2", SampleApps.JAVA_COMMAND);
        String deployment = deploy(app, v2, "rolling", 1, "");
        String next = deployment(deployment).getString("new_processes[0].guid");
        awaitK("the new set", () -> replicas(next) == 1);
        Api.asAdmin().post("/v3/deployments/" + deployment + "/actions/cancel").then().statusCode(200);
        awaitK("CANCELED", () -> "CANCELED".equals(deployment(deployment).getString("status.reason")));
        awaitK("the new set gone", () -> set(next) == null);
        assertEquals(2, replicas(app));
        assertEquals(List.of("RUNNING", "RUNNING"), states(app));
    }

    @Test
    void aCrashLoopIsCrashed_andTheDeploymentStaysDeploying() {
        String app = runningApp(2);
        String v2 = SampleApps.sampleDroplet(app, "v2", SampleApps.JAVA_COMMAND);
        String deployment = deploy(app, v2, "rolling", 1, "");
        String next = deployment(deployment).getString("new_processes[0].guid");
        awaitK("the new set", () -> replicas(next) == 1);
        kubelet.sync();
        kubelet.crashLoop(next, 0);
        awaitK("CRASHED", () -> states(next).equals(List.of("CRASHED")));
        JsonPath shown = deployment(deployment);
        assertEquals("ACTIVE", shown.getString("status.value"));
        assertEquals("DEPLOYING", shown.getString("status.reason"), "CAPI keeps a deployment of crashing instances");
        assertEquals(2, replicas(app), "the old instances are untouched");
        assertEquals(1, replicas(next));
        Api.asAdmin().post("/v3/deployments/" + deployment + "/actions/cancel").then().statusCode(200);
        awaitK("the crashing set gone", () -> set(next) == null);
    }

    /**
     * The server stops mid-rollout (informers and cache gone; the cluster keeps everything) while pods turn Ready
     * and somebody scales the new set by hand; at start it converges the set back and the informers' first list
     * wakes the engine, which completes the rollout.
     */
    @Test
    void aRestartMidRolloutConverges_andTheRolloutCompletes() {
        String app = runningApp(3);
        String v2 = SampleApps.sampleDroplet(app, "v2", SampleApps.JAVA_COMMAND);
        String deployment = deploy(app, v2, "rolling", 1, "");
        String next = deployment(deployment).getString("new_processes[0].guid");
        awaitK("the new set", () -> replicas(next) == 1);
        kubelet.sync();
        kubelet.ready(next, 0);
        awaitK("step 2", () -> replicas(next) == 2 && replicas(app) == 2);

        controller.stop();
        kubelet.sync();
        kubelet.readyAll(next);
        client.apps().statefulSets().inNamespace(NS).withName(Workloads.setName(next))
                .edit(set -> {
                    set.getSpec().setReplicas(5);
                    return set;
                });
        controller.start();

        awaitK("FINALIZED", () -> {
            kubelet.readyAll(next);
            return "FINALIZED".equals(deployment(deployment).getString("status.value"));
        });
        assertEquals("DEPLOYED", deployment(deployment).getString("status.reason"));
        awaitK("3 new instances, the old set gone", () -> replicas(next) == 3 && set(app) == null);
    }

    /** A restart (new process version, new instances): a new template, the old pods deleted, the old Secret too. */
    @Test
    void aRestartReplacesThePods_andTheOldVersionsSecretGoes() {
        String app = runningApp(2);
        StatefulSet before = set(app);
        String oldSecret = before.getSpec().getTemplate().getSpec().getContainers().get(0).getEnvFrom().get(0)
                .getSecretRef().getName();
        String oldInstances = before.getSpec().getTemplate().getMetadata().getLabels().get(Workloads.INSTANCES_GUID);
        List<String> oldUids = kubelet.pods().stream().filter(pod -> app.equals(pod.getMetadata().getLabels()
                .get(Workloads.PROCESS_GUID))).map(pod -> pod.getMetadata().getUid()).toList();

        Api.asAdmin().post("/v3/apps/" + app + "/actions/restart").then().statusCode(200);
        awaitK("new pods from the new template, all RUNNING", () -> {
            kubelet.readyAll(app);
            List<io.fabric8.kubernetes.api.model.Pod> pods = kubelet.pods().stream().filter(pod -> app.equals(
                    pod.getMetadata().getLabels().get(Workloads.PROCESS_GUID))).toList();
            return pods.size() == 2 && pods.stream().noneMatch(pod -> oldUids.contains(pod.getMetadata().getUid())
                    || oldInstances.equals(pod.getMetadata().getLabels().get(Workloads.INSTANCES_GUID)))
                    && states(app).equals(List.of("RUNNING", "RUNNING"));
        });
        StatefulSet after = set(app);
        assertFalse(oldInstances.equals(after.getSpec().getTemplate().getMetadata().getLabels()
                .get(Workloads.INSTANCES_GUID)));
        awaitK("the old version's Secret gone", () -> client.secrets().inNamespace(NS).withName(oldSecret).get()
                == null);
        assertNotNull(client.secrets().inNamespace(NS).withName(after.getSpec().getTemplate().getSpec()
                .getContainers().get(0).getEnvFrom().get(0).getSecretRef().getName()).get());
    }

    /** A set written from a newer desired state (another replica) is not rolled back by an older one. */
    @Test
    void aWriterSkipsASetHoldingANewerGeneration() {
        String app = runningApp(2);
        client.apps().statefulSets().inNamespace(NS).withName(Workloads.setName(app)).edit(set -> {
            set.getMetadata().getAnnotations().put(Workloads.DESIRED_GENERATION, "1000000");
            return set;
        });
        Api.asAdmin().body("{\"instances\":3}").post("/v3/processes/" + app + "/actions/scale").then()
                .statusCode(202);
        Api.asAdmin().body("{\"instances\":1}").post("/v3/processes/" + app + "/actions/scale").then()
                .statusCode(202);
        // the scale to 1 was seen (the process's stats follow the rows) but the set kept the newer writer's spec
        awaitK("one desired instance", () -> states(app).size() == 1);
        controller.reconcile(app);
        assertEquals(2, replicas(app));
        assertEquals("1000000", set(app).getMetadata().getAnnotations().get(Workloads.DESIRED_GENERATION));
    }

    @Test
    void deletingTheAppRemovesItsObjects() {
        String app = runningApp(2);
        String secret = set(app).getSpec().getTemplate().getSpec().getContainers().get(0).getEnvFrom().get(0)
                .getSecretRef().getName();
        Api.asAdmin().delete("/v3/apps/" + app).then().statusCode(202);
        awaitK("the set, its pods, secret and service gone", () -> set(app) == null
                && client.secrets().inNamespace(NS).withName(secret).get() == null
                && client.services().inNamespace(NS).withName("cf-" + app + "-web").get() == null
                && kubelet.pods().stream().noneMatch(pod -> app.equals(pod.getMetadata().getLabels()
                        .get(Workloads.PROCESS_GUID))));
    }

    /**
     * While the watches are lost, pods turn Ready and somebody deletes a set; once the informers list again they
     * tell both: the set is written anew, and the instances are RUNNING.
     */
    @Test
    void aLostWatchIsResynced() {
        String app = SampleApps.start(Fixtures.space(Fixtures.org()), "v1", 2, Map.of());
        awaitSet(app, 2);
        kubelet.sync();
        awaitK("STARTING", () -> states(app).equals(List.of("STARTING", "STARTING")));
        String other = runningApp(1);

        controller.loseWatch();
        kubelet.readyAll(app);
        client.apps().statefulSets().inNamespace(NS).withName(Workloads.setName(other)).delete();
        controller.resumeWatching();

        awaitK("the ready pods seen", () -> states(app).equals(List.of("RUNNING", "RUNNING")));
        awaitK("the deleted set written again", () -> replicas(other) == 1);
    }

    @Test
    void aRouteBecomesAnHttpRouteToTheAppsService_andGoesWithIt() {
        String app = runningApp(1);
        String domain = Api.asAdmin().get("/v3/domains?names=apps.localhost").then().statusCode(200).extract()
                .path("resources[0].guid");
        String host = "r" + Fixtures.newGuid().substring(0, 8);
        String route = Api.asAdmin().body("{\"host\":\"" + host + "\",\"path\":\"/api\",\"relationships\":{"
                + "\"space\":{\"data\":{\"guid\":\"" + space(app) + "\"}},\"domain\":{\"data\":{\"guid\":\""
                + domain + "\"}}}}").post("/v3/routes").then().statusCode(201).extract().path("guid");
        Api.asAdmin().body("{\"destinations\":[{\"app\":{\"guid\":\"" + app + "\"}}]}")
                .post("/v3/routes/" + route + "/destinations").then().statusCode(200);

        awaitK("the HTTPRoute with its backend", () -> {
            HTTPRoute written = httpRoute(route);
            return written != null && !written.getSpec().getRules().get(0).getBackendRefs().isEmpty();
        });
        HTTPRoute written = httpRoute(route);
        assertEquals(List.of(host + ".apps.localhost"), written.getSpec().getHostnames());
        assertEquals("cfdeploy", written.getSpec().getParentRefs().get(0).getName());
        assertEquals("/api", written.getSpec().getRules().get(0).getMatches().get(0).getPath().getValue());
        assertEquals("PathPrefix", written.getSpec().getRules().get(0).getMatches().get(0).getPath().getType());
        assertEquals("cf-" + app + "-web", written.getSpec().getRules().get(0).getBackendRefs().get(0).getName());
        assertEquals(8080, written.getSpec().getRules().get(0).getBackendRefs().get(0).getPort());

        Api.asAdmin().delete("/v3/routes/" + route).then().statusCode(202);
        awaitK("the HTTPRoute gone", () -> httpRoute(route) == null);
    }

    private HTTPRoute httpRoute(String routeGuid) {
        return client.resources(HTTPRoute.class).inNamespace(NS).withName("cf-route-" + routeGuid).get();
    }

    private static String space(String app) {
        return Api.asAdmin().get("/v3/apps/" + app).then().statusCode(200).extract()
                .path("relationships.space.data.guid");
    }

    // ---- helpers ----

    /** A started app whose {@code instances} web instances are all RUNNING; returns its guid (= its web process). */
    private String runningApp(int instances) {
        String app = SampleApps.start(Fixtures.space(Fixtures.org()), "v1", instances, Map.of());
        awaitSet(app, instances);
        awaitK("all RUNNING", () -> {
            kubelet.readyAll(app);
            return states(app).stream().allMatch("RUNNING"::equals) && states(app).size() == instances;
        });
        return app;
    }

    /** Awaits the process's set (the fake controller makes no pods meanwhile). */
    private StatefulSet awaitSet(String processGuid, int replicas) {
        await("set cf-" + processGuid + " with " + replicas + " replicas", WAIT,
                () -> replicas(processGuid) == replicas);
        return set(processGuid);
    }

    /** Awaits the condition, one pass of the fake StatefulSet controller before each look. */
    private void awaitK(String what, BooleanSupplier condition) {
        await(what, WAIT, () -> {
            kubelet.sync();
            return condition.getAsBoolean();
        });
    }

    private StatefulSet set(String processGuid) {
        return client.apps().statefulSets().inNamespace(NS).withName(Workloads.setName(processGuid)).get();
    }

    private int replicas(String processGuid) {
        StatefulSet set = set(processGuid);
        return set == null ? -1 : set.getSpec().getReplicas();
    }

    private static List<String> states(String processGuid) {
        return stats(processGuid).getList("resources.state");
    }

    private static JsonPath stats(String processGuid) {
        return Api.asAdmin().get("/v3/processes/" + processGuid + "/stats").then().statusCode(200).extract()
                .jsonPath();
    }

    private static String deploy(String app, String droplet, String strategy, int maxInFlight, String ignored) {
        return Api.asAdmin().body("{\"droplet\":{\"guid\":\"" + droplet + "\"},\"strategy\":\"" + strategy + "\","
                + "\"options\":{\"max_in_flight\":" + maxInFlight + "},\"relationships\":{\"app\":{\"data\":"
                + "{\"guid\":\"" + app + "\"}}}}").post("/v3/deployments").then().statusCode(201).extract()
                .path("guid");
    }

    private static JsonPath deployment(String guid) {
        return Api.asAdmin().get("/v3/deployments/" + guid).then().statusCode(200).extract().jsonPath();
    }

    /** The server's signing, reproduced from the secret alone (what an attacker without it cannot do). */
    private record DropletUrls(String secret) {
        String path(String guid, String sha256) {
            try {
                javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
                mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(), "HmacSHA256"));
                return "/internal/v1/droplets/" + guid + "/" + sha256 + "?sig=" + java.util.HexFormat.of()
                        .formatHex(mac.doFinal((guid + "|" + sha256).getBytes()));
            } catch (java.security.GeneralSecurityException e) {
                throw new AssertionError(e);
            }
        }
    }
}

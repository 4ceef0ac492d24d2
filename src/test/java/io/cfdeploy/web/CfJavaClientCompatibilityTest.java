package io.cfdeploy.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import io.cfdeploy.support.Api;
import io.cfdeploy.support.AppModelFixtures;
import io.cfdeploy.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import io.cfdeploy.support.AppFixtures;
import org.cloudfoundry.client.v3.LifecycleType;
import org.cloudfoundry.client.v3.applications.ApplicationState;
import org.cloudfoundry.client.v3.applications.GetApplicationCurrentDropletResponse;
import org.cloudfoundry.client.v3.applications.GetApplicationEnvironmentVariablesResponse;
import org.cloudfoundry.client.v3.applications.GetApplicationResponse;
import org.cloudfoundry.client.v3.applications.ListApplicationsResponse;
import org.cloudfoundry.client.v3.deployments.Revision;
import org.cloudfoundry.client.v3.droplets.DropletState;
import org.cloudfoundry.client.v3.droplets.GetDropletResponse;
import org.cloudfoundry.client.v3.droplets.ListDropletsResponse;
import org.cloudfoundry.client.v3.processes.GetProcessResponse;
import org.cloudfoundry.client.v3.processes.GetProcessStatisticsResponse;
import org.cloudfoundry.client.v3.processes.HealthCheckType;
import org.cloudfoundry.client.v3.processes.ListProcessesResponse;
import org.cloudfoundry.client.v3.processes.ProcessState;
import org.cloudfoundry.client.v3.processes.ProcessStatisticsResource;
import org.cloudfoundry.client.v3.processes.ReadinessHealthCheckType;
import org.cloudfoundry.client.v3.processes.ScaleProcessResponse;
import org.cloudfoundry.client.v3.processes.UpdateProcessResponse;
import io.cfdeploy.support.RolloutFixtures;
import io.cfdeploy.support.RolloutFixtures.StartedApp;
import org.awaitility.Awaitility;
import org.cloudfoundry.client.v3.Relationship;
import org.cloudfoundry.client.v3.ToOneRelationship;
import org.cloudfoundry.client.v3.deployments.CreateDeploymentRequest;
import org.cloudfoundry.client.v3.deployments.CreateDeploymentResponse;
import org.cloudfoundry.client.v3.deployments.DeploymentRelationships;
import org.cloudfoundry.client.v3.deployments.DeploymentStatusReason;
import org.cloudfoundry.client.v3.deployments.DeploymentStatusValue;
import org.cloudfoundry.client.v3.deployments.DeploymentStrategy;
import org.cloudfoundry.client.v3.deployments.GetDeploymentResponse;
import org.cloudfoundry.client.v3.deployments.ListDeploymentsResponse;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.cloudfoundry.client.v3.deployments.DeploymentResource;
import org.junit.jupiter.api.Test;

/**
 * cf-java-client 5.14's models parse our real process, stats and revision responses, read with the mapper its
 * reactor connection context builds (research §7; a separate mapper, so Quarkus's own Jackson set-up is untouched).
 * Apps and droplets too. Its Immutables builders reject a missing required attribute, so this checks the strict fields: process
 * {@code command} a string, {@code metadata} and {@code relationships} present, stats {@code uptime} present.
 */
@QuarkusTest
class CfJavaClientCompatibilityTest {
    private static final ObjectMapper CLIENT = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .registerModule(new Jdk8Module())
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    @Inject
    DataSource db;

    private void sql(String statement, Object... args) {
        try (Connection connection = db.getConnection(); PreparedStatement update = connection.prepareStatement(
                statement)) {
            for (int i = 0; i < args.length; i++) {
                update.setObject(i + 1, args[i]);
            }
            update.executeUpdate();
        } catch (SQLException exception) {
            throw new IllegalStateException(exception);
        }
    }

    /** The body 5.14's CreateDeploymentRequest serialises to: droplet (when set) and the app, nothing else. */
    private static String clientCreateBody(String app, String droplet) throws JsonProcessingException {
        CreateDeploymentRequest.Builder request = CreateDeploymentRequest.builder()
                .relationships(DeploymentRelationships.builder().app(ToOneRelationship.builder()
                        .data(Relationship.builder().id(app).build()).build()).build());
        if (droplet != null) {
            request.droplet(Relationship.builder().id(droplet).build());
        }
        return CLIENT.writeValueAsString(request.build());
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return CLIENT.readValue(json, type);
        } catch (JsonProcessingException exception) {
            throw new AssertionError("cf-java-client cannot read " + type.getSimpleName() + ": " + json, exception);
        }
    }

    private static String get(String path) {
        return Api.asAdmin().get(path).then().statusCode(200).extract().asString();
    }

    @Test
    void processResponsesParse() {
        String space = Fixtures.space(Fixtures.org());
        String app = AppModelFixtures.app(space);
        AppModelFixtures.currentDroplet(app, "bundle exec rackup", null);

        GetProcessResponse process = read(get("/v3/processes/" + app), GetProcessResponse.class);
        assertEquals(app, process.getId());
        assertEquals("web", process.getType());
        assertEquals("bundle exec rackup", process.getCommand());
        assertEquals(1, process.getInstances());
        assertEquals(1024, process.getMemoryInMb());
        assertEquals(1024, process.getDiskInMb());
        assertEquals(-1, process.getLogRateLimitInBytesPerSecond());
        assertEquals(HealthCheckType.PORT, process.getHealthCheck().getType());
        assertEquals(ReadinessHealthCheckType.PROCESS, process.getReadinessHealthCheck().getType());
        assertEquals(app, process.getRelationships().getApp().getData().getId());
        assertNull(process.getRelationships().getRevision());
        assertTrue(process.getMetadata().getLabels().isEmpty());
        assertTrue(process.getLinks().containsKey("stats"));

        // An empty detected command is still a string.
        String bare = AppModelFixtures.app(space);
        assertEquals("", read(get("/v3/processes/" + bare), GetProcessResponse.class).getCommand());

        UpdateProcessResponse updated = read(Api.asAdmin().body("{\"health_check\":{\"type\":\"http\",\"data\":"
                + "{\"endpoint\":\"/health\",\"timeout\":60}},\"metadata\":{\"labels\":{\"a\":\"b\"}}}")
                .patch("/v3/processes/" + app).then().statusCode(200).extract().asString(),
                UpdateProcessResponse.class);
        assertEquals(HealthCheckType.HTTP, updated.getHealthCheck().getType());
        assertEquals("/health", updated.getHealthCheck().getData().getEndpoint());
        assertEquals(60, updated.getHealthCheck().getData().getTimeout());
        assertEquals("b", updated.getMetadata().getLabels().get("a"));

        ScaleProcessResponse scaled = read(Api.asAdmin().body("{\"instances\":2}").post("/v3/processes/" + app
                + "/actions/scale").then().statusCode(202).extract().asString(), ScaleProcessResponse.class);
        assertEquals(2, scaled.getInstances());

        ListProcessesResponse list = read(get("/v3/apps/" + app + "/processes"), ListProcessesResponse.class);
        assertEquals(1, list.getPagination().getTotalResults());
        assertEquals(1, list.getPagination().getTotalPages());
        assertEquals("[PRIVATE DATA HIDDEN IN LISTS]", list.getResources().get(0).getCommand());

        Map<String, String> processes = new LinkedHashMap<>();
        processes.put("web", null);
        String dropletGuid = AppModelFixtures.droplet(app, Map.of("web", "x"), null);
        String revisionGuid = AppModelFixtures.revision(app, 3, dropletGuid, processes);
        AppModelFixtures.updateProcess(app, Map.of("revision_guid", revisionGuid));
        GetProcessResponse withRevision = read(get("/v3/processes/" + app), GetProcessResponse.class);
        assertEquals(revisionGuid, withRevision.getRelationships().getRevision().getData().getId());
        Revision revision = read(get("/v3/revisions/" + revisionGuid), Revision.class);
        assertEquals(revisionGuid, revision.getId());
        assertEquals(3, revision.getVersion());
    }

    @Test
    void statsResponsesParseInEveryState() {
        String space = Fixtures.space(Fixtures.org());
        String app = AppModelFixtures.app(space);
        AppModelFixtures.currentDroplet(app, "run", null);
        Api.asAdmin().body("{\"instances\":2}").post("/v3/processes/" + app + "/actions/scale").then()
                .statusCode(202);

        GetProcessStatisticsResponse down = read(get("/v3/processes/" + app + "/stats"),
                GetProcessStatisticsResponse.class);
        assertEquals(2, down.getResources().size());
        ProcessStatisticsResource first = down.getResources().get(0);
        assertEquals(ProcessState.DOWN, first.getState());
        assertEquals("web", first.getType());
        assertEquals(0, first.getIndex());
        assertEquals(0L, first.getUptime());
        assertNull(first.getHost());

        AppModelFixtures.start(app);
        GetProcessStatisticsResponse starting = read(get("/v3/apps/" + app + "/processes/web/stats"),
                GetProcessStatisticsResponse.class);
        assertEquals(ProcessState.STARTING, starting.getResources().get(0).getState());

        AppModelFixtures.age(app, Duration.ofSeconds(5));
        ProcessStatisticsResource running = read(get("/v3/processes/" + app + "/stats"),
                GetProcessStatisticsResponse.class).getResources().get(1);
        assertEquals(ProcessState.RUNNING, running.getState());
        assertEquals(1, running.getIndex());
        assertTrue(running.getUptime() >= 5);
        assertEquals(1073741824L, running.getMemoryQuota());
        assertEquals(1073741824L, running.getDiskQuota());
        assertEquals(16384L, running.getFileDescriptorQuota());
        assertEquals("127.0.0.1", running.getHost());
        assertEquals(8080, running.getInstancePorts().get(0).getInternal());
        assertEquals(61001, running.getInstancePorts().get(0).getExternal());
        assertNull(running.getInstancePorts().get(0).getExternalTlsProxyPort());
        assertNull(running.getUsage().getCpu());

        String crashing = AppModelFixtures.app(space);
        AppModelFixtures.currentDroplet(crashing, "run", "crash");
        AppModelFixtures.start(crashing);
        AppModelFixtures.age(crashing, Duration.ofSeconds(5));
        ProcessStatisticsResource crashed = read(get("/v3/processes/" + crashing + "/stats"),
                GetProcessStatisticsResponse.class).getResources().get(0);
        assertEquals(ProcessState.CRASHED, crashed.getState());
        assertFalse(crashed.getInstancePorts().isEmpty());
    }

    @Test
    void appAndDropletResponsesParse() {
        String space = Fixtures.space(Fixtures.org());
        String app = AppFixtures.app(space);
        String droplet = AppFixtures.droplet(app, "{\"web\":\"bundle exec rackup\"}");

        GetDropletResponse fresh = read(get("/v3/droplets/" + droplet), GetDropletResponse.class);
        assertEquals(DropletState.AWAITING_UPLOAD, fresh.getState());
        assertEquals("", fresh.getExecutionMetadata());

        AppFixtures.upload(io.cfdeploy.support.Tokens.admin(), droplet, AppFixtures.bits(512), "droplet.tgz").then()
                .statusCode(202);
        AppFixtures.setCurrent(app, droplet);

        GetApplicationResponse application = read(get("/v3/apps/" + app), GetApplicationResponse.class);
        assertEquals(app, application.getId());
        assertEquals(ApplicationState.STOPPED, application.getState());
        assertEquals(LifecycleType.BUILDPACK, application.getLifecycle().getType());
        ListApplicationsResponse apps = read(get("/v3/apps?guids=" + app), ListApplicationsResponse.class);
        assertEquals(1, apps.getResources().size());
        assertEquals(1, apps.getPagination().getTotalPages());

        GetDropletResponse staged = read(get("/v3/droplets/" + droplet), GetDropletResponse.class);
        assertEquals(DropletState.STAGED, staged.getState());
        assertEquals(app, staged.getRelationships().getApplication().getData().getId());
        assertEquals("bundle exec rackup", staged.getProcessTypes().get("web"));
        GetApplicationCurrentDropletResponse current = read(get("/v3/apps/" + app + "/droplets/current"),
                GetApplicationCurrentDropletResponse.class);
        assertEquals(droplet, current.getId());
        ListDropletsResponse list = read(get("/v3/apps/" + app + "/droplets"), ListDropletsResponse.class);
        assertEquals(1, list.getResources().size());
        GetApplicationEnvironmentVariablesResponse env = read(get("/v3/apps/" + app + "/environment_variables"),
                GetApplicationEnvironmentVariablesResponse.class);
        assertTrue(env.getVars().isEmpty());
    }

    /**
     * The four deployment calls of 5.14's DeploymentsV3 (clients.md §2.1) as it sends them — the create body
     * written by the client's own request model — and every response read with its models: create, get, the
     * list the client pages with, cancel (body {@code {}}, empty 200), and the finished deployment.
     */
    @Test
    void deploymentCallsRoundTrip() throws JsonProcessingException {
        StartedApp app = RolloutFixtures.startedApp(Fixtures.space(Fixtures.org()), 2, "slow:30");
        CreateDeploymentRequest request = CreateDeploymentRequest.builder()
                .droplet(Relationship.builder().id(app.nextDroplet()).build())
                .relationships(DeploymentRelationships.builder().app(ToOneRelationship.builder()
                        .data(Relationship.builder().id(app.app()).build()).build()).build())
                .build();
        String body = CLIENT.writeValueAsString(request);
        assertFalse(body.contains("strategy"), "5.14 cannot send a strategy: " + body);

        CreateDeploymentResponse created = read(Api.asAdmin().body(body).post("/v3/deployments").then()
                .statusCode(201).extract().asString(), CreateDeploymentResponse.class);
        String deployment = created.getId();
        assertEquals(DeploymentStatusValue.ACTIVE, created.getStatus().getValue());
        assertEquals(DeploymentStatusReason.DEPLOYING, created.getStatus().getReason());
        assertEquals(DeploymentStrategy.ROLLING, created.getStrategy());
        assertEquals(1, created.getOptions().getMaxInFlight());
        assertEquals(app.nextDroplet(), created.getDroplet().getId());
        assertEquals(app.app(), created.getRelationships().getApp().getData().getId());
        assertEquals("web", created.getNewProcesses().get(0).getType());
        assertTrue(created.getStatus().getDetails().containsKey("last_successful_healthcheck"));

        GetDeploymentResponse fetched = read(get("/v3/deployments/" + deployment), GetDeploymentResponse.class);
        assertEquals(deployment, fetched.getId());
        assertEquals(created.getNewProcesses().get(0).getId(), fetched.getNewProcesses().get(0).getId());

        ListDeploymentsResponse listed = read(Api.asAdmin().queryParam("app_guids", app.app())
                .queryParam("status_values", "ACTIVE").queryParam("order_by", "-created_at").queryParam("page", 1)
                .queryParam("per_page", 1).get("/v3/deployments").then().statusCode(200).extract().asString(),
                ListDeploymentsResponse.class);
        assertEquals(1, listed.getPagination().getTotalResults());
        assertEquals(deployment, listed.getResources().get(0).getId());

        String canceled = Api.asAdmin().body("{}").post("/v3/deployments/" + deployment + "/actions/cancel").then()
                .statusCode(200).extract().asString();
        assertEquals("", canceled);
        GetDeploymentResponse finished = Awaitility.await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> read(get("/v3/deployments/" + deployment), GetDeploymentResponse.class),
                        d -> d.getStatus().getReason() == DeploymentStatusReason.CANCELED);
        assertEquals(DeploymentStatusValue.FINALIZED, finished.getStatus().getValue());
    }

    /**
     * 5.14 knows neither the strategy {@code canary} nor the reason {@code PAUSED} (clients.md §2.2), so it cannot
     * read a canary deployment at all. Everything else of ours it reads: with those two enum values swapped for
     * ones it knows, the same paused canary (with {@code status.canary}, {@code options.canary} and the continue
     * link) parses, the extra keys ignored.
     */
    @Test
    void canaryFailsOnlyOnTheEnumsFiveFourteenDoesNotKnow() {
        StartedApp app = RolloutFixtures.startedApp(Fixtures.space(Fixtures.org()), 5, "unready");
        String deployment = Api.asAdmin().body("{\"droplet\":{\"guid\":\"" + app.nextDroplet() + "\"},\"strategy\":"
                + "\"canary\",\"options\":{\"canary\":{\"steps\":[{\"instance_weight\":20},{\"instance_weight\":60}]}},"
                + "\"relationships\":{\"app\":{\"data\":{\"guid\":\"" + app.app() + "\"}}}}").post("/v3/deployments")
                .then().statusCode(201).extract().path("guid");
        String json = get("/v3/deployments/" + deployment);
        assertThrows(AssertionError.class, () -> read(json, GetDeploymentResponse.class));
        GetDeploymentResponse readable = read(json.replace("\"strategy\":\"canary\"", "\"strategy\":\"rolling\""),
                GetDeploymentResponse.class);
        assertEquals(DeploymentStatusReason.DEPLOYING, readable.getStatus().getReason());
        assertEquals(1, readable.getOptions().getMaxInFlight());
        assertEquals(deployment, readable.getId());
        assertTrue(json.contains("\"canary\":{\"steps\":{\"current\":1,\"total\":2}}"), json);
    }

    /**
     * Every state a rolling deployment can be in, as 5.14 reads it from a get and from a list page (states the API
     * cannot hold still are set in the database; the droplet is unready, so nothing moves it meanwhile, and a list by
     * {@code guids} never advances a deployment): the status value and reason enums, {@code status.details} as a
     * string map (with the error), the cancel link only while active, the revision and the new process.
     */
    @Test
    void rollingDeploymentParsesInEveryState() throws JsonProcessingException {
        StartedApp app = RolloutFixtures.startedApp(Fixtures.space(Fixtures.org()), 2, "unready");
        CreateDeploymentResponse created = read(Api.asAdmin().body(clientCreateBody(app.app(), app.nextDroplet()))
                .post("/v3/deployments").then().statusCode(201).extract().asString(), CreateDeploymentResponse.class);
        String deployment = created.getId();
        assertNotNull(created.getCreatedAt());
        assertNotNull(created.getUpdatedAt());
        assertEquals(2, created.getRevision().getVersion());
        assertNotNull(created.getRevision().getId());
        assertEquals(app.nextDroplet(), created.getDroplet().getId());
        assertNotNull(created.getPreviousDroplet().getId());
        assertEquals(1, created.getNewProcesses().size());
        assertEquals("web", created.getNewProcesses().get(0).getType());
        assertTrue(created.getMetadata().getLabels().isEmpty());
        assertTrue(created.getLinks().containsKey("cancel"));
        assertTrue(created.getLinks().get("self").getHref().endsWith("/v3/deployments/" + deployment));
        assertTrue(created.getLinks().get("app").getHref().endsWith("/v3/apps/" + app.app()));

        record Case(String state, String value, String reason, String error, DeploymentStatusValue clientValue,
                DeploymentStatusReason clientReason) {
        }
        List<Case> cases = List.of(
                new Case("DEPLOYING", "ACTIVE", "DEPLOYING", "memory quota_exceeded", DeploymentStatusValue.ACTIVE,
                        DeploymentStatusReason.DEPLOYING),
                new Case("CANCELING", "ACTIVE", "CANCELING", null, DeploymentStatusValue.ACTIVE,
                        DeploymentStatusReason.CANCELING),
                new Case("DEPLOYED", "FINALIZED", "DEPLOYED", null, DeploymentStatusValue.FINALIZED,
                        DeploymentStatusReason.DEPLOYED),
                new Case("DEPLOYED", "FINALIZED", "SUPERSEDED", null, DeploymentStatusValue.FINALIZED,
                        DeploymentStatusReason.SUPERSEDED),
                new Case("CANCELED", "FINALIZED", "CANCELED", null, DeploymentStatusValue.FINALIZED,
                        DeploymentStatusReason.CANCELED));
        for (Case c : cases) {
            sql("UPDATE deployments SET state = ?, status_value = ?, status_reason = ?, error = ? WHERE guid = ?",
                    c.state(), c.value(), c.reason(), c.error(), deployment);
            ListDeploymentsResponse page = read(Api.asAdmin().queryParam("guids", deployment).get("/v3/deployments")
                    .then().statusCode(200).extract().asString(), ListDeploymentsResponse.class);
            assertEquals(1, page.getPagination().getTotalResults(), c.toString());
            DeploymentResource listed = page.getResources().get(0);
            assertEquals(deployment, listed.getId());
            assertEquals(c.clientValue(), listed.getStatus().getValue(), c.toString());
            assertEquals(c.clientReason(), listed.getStatus().getReason(), c.toString());
            assertEquals(DeploymentStrategy.ROLLING, listed.getStrategy());
            assertEquals(1, listed.getOptions().getMaxInFlight());
            assertNotNull(listed.getStatus().getDetails().get("last_successful_healthcheck"));
            assertNotNull(listed.getStatus().getDetails().get("last_status_change"));
            assertEquals(c.error(), listed.getStatus().getDetails().get("error"), c.toString());
            assertEquals("ACTIVE".equals(c.value()), listed.getLinks().containsKey("cancel"), c.toString());
            assertFalse(listed.getLinks().containsKey("continue"));
            assertNull(listed.getState(), "state is not rendered");
            assertEquals(created.getNewProcesses().get(0).getId(), listed.getNewProcesses().get(0).getId());
            assertEquals(created.getRevision().getId(), listed.getRevision().getId());
            // a get of a finalized deployment changes nothing; an active one the engine may move on
            GetDeploymentResponse fetched = read(get("/v3/deployments/" + deployment), GetDeploymentResponse.class);
            assertEquals(deployment, fetched.getId());
            if ("FINALIZED".equals(c.value())) {
                assertEquals(c.clientReason(), fetched.getStatus().getReason());
            }
        }
    }
}

package io.cfdeploy.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cfdeploy.support.Api;
import io.cfdeploy.support.Fixtures;
import io.cfdeploy.support.RolloutFixtures;
import io.cfdeploy.support.RolloutFixtures.StartedApp;
import io.cfdeploy.support.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.cloudfoundry.client.v3.Relationship;
import org.cloudfoundry.client.v3.ToOneRelationship;
import org.cloudfoundry.client.v3.ClientV3Exception;
import org.cloudfoundry.client.v3.deployments.CancelDeploymentRequest;
import org.cloudfoundry.client.v3.deployments.CreateDeploymentRequest;
import org.cloudfoundry.client.v3.deployments.CreateDeploymentResponse;
import org.cloudfoundry.client.v3.deployments.DeploymentRelationships;
import org.cloudfoundry.client.v3.deployments.DeploymentResource;
import org.cloudfoundry.client.v3.deployments.DeploymentStatusReason;
import org.cloudfoundry.client.v3.deployments.DeploymentStatusValue;
import org.cloudfoundry.client.v3.deployments.DeploymentStrategy;
import org.cloudfoundry.client.v3.deployments.DeploymentsV3;
import org.cloudfoundry.client.v3.deployments.GetDeploymentRequest;
import org.cloudfoundry.client.v3.deployments.GetDeploymentResponse;
import org.cloudfoundry.client.v3.deployments.ListDeploymentsRequest;
import org.cloudfoundry.client.v3.deployments.ListDeploymentsResponse;
import org.cloudfoundry.reactor.DefaultConnectionContext;
import org.cloudfoundry.reactor.client.ReactorCloudFoundryClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * cf-java-client 5.14's real reactor client (ReactorCloudFoundryClient) against the running server, over HTTP:
 * root discovery, then the four calls its DeploymentsV3 has — create, get, list, cancel (clients.md §2). The same
 * exchanges, made through support/Api and checked against the contract, are in CfJavaClientCompatibilityTest.
 */
@QuarkusTest
class CfJavaClientDeploymentsTest {
    private static final Duration CALL = Duration.ofSeconds(30);

    @TestHTTPResource("/")
    URL server;

    private DefaultConnectionContext context;
    private ReactorCloudFoundryClient client;

    @BeforeEach
    void connect() {
        String token = Tokens.admin();
        context = DefaultConnectionContext.builder().apiHost(server.getHost()).port(server.getPort()).secure(false)
                .build();
        client = ReactorCloudFoundryClient.builder().connectionContext(context)
                .tokenProvider(connectionContext -> Mono.just("bearer " + token)).build();
    }

    @AfterEach
    void disconnect() {
        context.dispose();
    }

    @Test
    void createGetListCancel() {
        StartedApp app = RolloutFixtures.startedApp(Fixtures.space(Fixtures.org()), 2, "slow:30");

        CreateDeploymentResponse created = client.deploymentsV3().create(CreateDeploymentRequest.builder()
                .droplet(Relationship.builder().id(app.nextDroplet()).build())
                .relationships(DeploymentRelationships.builder().app(ToOneRelationship.builder()
                        .data(Relationship.builder().id(app.app()).build()).build()).build())
                .build()).block(CALL);
        assertNotNull(created);
        assertEquals(DeploymentStatusValue.ACTIVE, created.getStatus().getValue());
        assertEquals(DeploymentStatusReason.DEPLOYING, created.getStatus().getReason());
        assertEquals(1, created.getOptions().getMaxInFlight());
        String deployment = created.getId();

        GetDeploymentResponse fetched = client.deploymentsV3().get(GetDeploymentRequest.builder()
                .deploymentId(deployment).build()).block(CALL);
        assertEquals(app.nextDroplet(), fetched.getDroplet().getId());
        assertEquals(app.app(), fetched.getRelationships().getApp().getData().getId());

        ListDeploymentsResponse listed = client.deploymentsV3().list(ListDeploymentsRequest.builder()
                .applicationId(app.app()).statusValue(DeploymentStatusValue.ACTIVE).orderBy("-created_at").page(1)
                .perPage(1).build()).block(CALL);
        assertEquals(1, listed.getPagination().getTotalResults());
        assertEquals(deployment, listed.getResources().get(0).getId());

        client.deploymentsV3().cancel(CancelDeploymentRequest.builder().deploymentId(deployment).build())
                .block(CALL);
        GetDeploymentResponse canceled = Awaitility.await().atMost(CALL).pollInterval(Duration.ofMillis(200))
                .until(() -> client.deploymentsV3().get(GetDeploymentRequest.builder().deploymentId(deployment)
                        .build()).block(CALL), d -> d.getStatus().getReason() == DeploymentStatusReason.CANCELED);
        assertEquals(DeploymentStatusValue.FINALIZED, canceled.getStatus().getValue());
    }

    /**
     * More than one of each: two rolling deployments (the second, without a droplet, supersedes the first), got,
     * listed filtered by app, by status value and by status reasons, the active one cancelled, and our errors (404,
     * a refused cancel's 422) read as ClientV3Exception — every answer parsed by the client itself. 5.14 has no continue and cannot send or read a
     * canary (clients.md §2.1, §2.2): see CfJavaClientCompatibilityTest#canaryFailsOnlyOnTheEnumsFiveFourteenDoesNotKnow.
     */
    @Test
    void supersedeFiltersAndErrors() {
        StartedApp app = RolloutFixtures.startedApp(Fixtures.space(Fixtures.org()), 2, "slow:30");
        String original = currentDroplet(app.app());
        DeploymentsV3 deployments = client.deploymentsV3();
        DeploymentRelationships relationships = DeploymentRelationships.builder().app(ToOneRelationship.builder()
                .data(Relationship.builder().id(app.app()).build()).build()).build();

        CreateDeploymentResponse first = deployments.create(CreateDeploymentRequest.builder()
                .droplet(Relationship.builder().id(app.nextDroplet()).build()).relationships(relationships).build())
                .block(CALL);
        assertEquals(DeploymentStatusValue.ACTIVE, first.getStatus().getValue());
        assertEquals(DeploymentStatusReason.DEPLOYING, first.getStatus().getReason());
        assertEquals(DeploymentStrategy.ROLLING, first.getStrategy());
        assertEquals(1, first.getOptions().getMaxInFlight());
        assertEquals(app.nextDroplet(), first.getDroplet().getId());
        assertEquals(original, first.getPreviousDroplet().getId());
        assertEquals(app.app(), first.getRelationships().getApp().getData().getId());
        assertEquals(1, first.getNewProcesses().size());
        assertEquals("web", first.getNewProcesses().get(0).getType());
        assertEquals(2, first.getRevision().getVersion());
        assertTrue(first.getLinks().containsKey("cancel"));
        assertNotNull(first.getCreatedAt());

        // no droplet: the app's current droplet (the first one's, assigned at create) again, as a new deployment
        CreateDeploymentResponse second = deployments.create(CreateDeploymentRequest.builder()
                .relationships(relationships).build()).block(CALL);
        assertEquals(app.nextDroplet(), second.getDroplet().getId());
        assertEquals(app.nextDroplet(), second.getPreviousDroplet().getId());
        assertEquals(DeploymentStatusReason.DEPLOYING, second.getStatus().getReason());

        GetDeploymentResponse superseded = deployments.get(GetDeploymentRequest.builder()
                .deploymentId(first.getId()).build()).block(CALL);
        assertEquals(DeploymentStatusValue.FINALIZED, superseded.getStatus().getValue());
        assertEquals(DeploymentStatusReason.SUPERSEDED, superseded.getStatus().getReason());
        assertFalse(superseded.getLinks().containsKey("cancel"));
        assertEquals(first.getNewProcesses().get(0).getId(), superseded.getNewProcesses().get(0).getId());

        ListDeploymentsResponse all = deployments.list(ListDeploymentsRequest.builder().applicationId(app.app())
                .build()).block(CALL);
        assertEquals(2, all.getPagination().getTotalResults());
        assertEquals(1, all.getPagination().getTotalPages());
        assertEquals(List.of(first.getId(), second.getId()), all.getResources().stream()
                .map(DeploymentResource::getId).toList());
        ListDeploymentsResponse active = deployments.list(ListDeploymentsRequest.builder().applicationId(app.app())
                .statusValue(DeploymentStatusValue.ACTIVE).orderBy("-created_at").page(1).perPage(1).build())
                .block(CALL);
        assertEquals(1, active.getPagination().getTotalResults());
        assertEquals(second.getId(), active.getResources().get(0).getId());
        ListDeploymentsResponse bySupersede = deployments.list(ListDeploymentsRequest.builder()
                .applicationIds(app.app(), UUID.randomUUID().toString())
                .statusReasons(DeploymentStatusReason.SUPERSEDED, DeploymentStatusReason.CANCELED).build())
                .block(CALL);
        assertEquals(List.of(first.getId()), bySupersede.getResources().stream().map(DeploymentResource::getId)
                .toList());

        deployments.cancel(CancelDeploymentRequest.builder().deploymentId(second.getId()).build())
                .block(CALL);
        GetDeploymentResponse canceled = Awaitility.await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> deployments.get(GetDeploymentRequest.builder().deploymentId(second.getId()).build())
                        .block(CALL), d -> d.getStatus().getReason() == DeploymentStatusReason.CANCELED);
        assertEquals(DeploymentStatusValue.FINALIZED, canceled.getStatus().getValue());
        assertEquals(second.getPreviousDroplet().getId(), currentDroplet(app.app()),
                "cancel restores the deployment's previous droplet");

        ClientV3Exception refused = assertThrows(ClientV3Exception.class, () -> deployments.cancel(
                CancelDeploymentRequest.builder().deploymentId(first.getId()).build()).block(CALL));
        assertEquals(422, refused.getStatusCode());
        assertEquals(10008, refused.getErrors().get(0).getCode());
        assertEquals("CF-UnprocessableEntity", refused.getErrors().get(0).getTitle());
        assertEquals("Cannot cancel a deployment with status: FINALIZED and reason: SUPERSEDED",
                refused.getErrors().get(0).getDetail());
        ClientV3Exception missing = assertThrows(ClientV3Exception.class, () -> deployments.get(
                GetDeploymentRequest.builder().deploymentId(UUID.randomUUID().toString()).build())
                .block(CALL));
        assertEquals(404, missing.getStatusCode());
        assertEquals(10010, missing.getErrors().get(0).getCode());
        assertEquals("Deployment not found", missing.getErrors().get(0).getDetail());
        // the same answers, checked against the contract
        Api.asAdmin().queryParam("app_guids", app.app()).get("/v3/deployments").then().statusCode(200);
    }

    private static String currentDroplet(String app) {
        return Api.asAdmin().get("/v3/apps/" + app + "/droplets/current").then().statusCode(200).extract()
                .path("guid");
    }
}

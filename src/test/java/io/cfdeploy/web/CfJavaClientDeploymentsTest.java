package io.cfdeploy.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.cfdeploy.support.Fixtures;
import io.cfdeploy.support.RolloutFixtures;
import io.cfdeploy.support.RolloutFixtures.StartedApp;
import io.cfdeploy.support.TestIssuerKey;
import io.cfdeploy.support.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.cloudfoundry.client.v3.Relationship;
import org.cloudfoundry.client.v3.ToOneRelationship;
import org.cloudfoundry.client.v3.deployments.CancelDeploymentRequest;
import org.cloudfoundry.client.v3.deployments.CreateDeploymentRequest;
import org.cloudfoundry.client.v3.deployments.CreateDeploymentResponse;
import org.cloudfoundry.client.v3.deployments.DeploymentRelationships;
import org.cloudfoundry.client.v3.deployments.DeploymentStatusReason;
import org.cloudfoundry.client.v3.deployments.DeploymentStatusValue;
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
@QuarkusTestResource(TestIssuerKey.class)
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
}

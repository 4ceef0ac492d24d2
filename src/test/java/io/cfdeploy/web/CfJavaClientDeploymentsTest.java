package io.cfdeploy.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cfdeploy.support.AppFixtures;

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
import java.util.List;
import org.awaitility.Awaitility;
import org.cloudfoundry.client.v3.ClientV3Exception;
import org.cloudfoundry.client.v3.Relationship;
import org.cloudfoundry.client.v3.ToOneRelationship;
import org.cloudfoundry.client.v3.deployments.CancelDeploymentRequest;
import org.cloudfoundry.client.v3.deployments.CreateDeploymentRequest;
import org.cloudfoundry.client.v3.deployments.CreateDeploymentResponse;
import org.cloudfoundry.client.v3.deployments.DeploymentRelationships;
import org.cloudfoundry.client.v3.deployments.DeploymentResource;
import org.cloudfoundry.client.v3.deployments.DeploymentStatusReason;
import org.cloudfoundry.client.v3.deployments.DeploymentStatusValue;
import org.cloudfoundry.client.v3.deployments.GetDeploymentRequest;
import org.cloudfoundry.client.v3.deployments.GetDeploymentResponse;
import org.cloudfoundry.client.v3.deployments.ListDeploymentsRequest;
import org.cloudfoundry.client.v3.deployments.ListDeploymentsResponse;
import org.cloudfoundry.reactor.DefaultConnectionContext;
import org.cloudfoundry.reactor.client.ReactorCloudFoundryClient;
import org.cloudfoundry.util.PaginationUtils;
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

    private CreateDeploymentResponse create(String app, String droplet) {
        return client.deploymentsV3().create(CreateDeploymentRequest.builder()
                .droplet(Relationship.builder().id(droplet).build())
                .relationships(DeploymentRelationships.builder().app(ToOneRelationship.builder()
                        .data(Relationship.builder().id(app).build()).build()).build())
                .build()).block(CALL);
    }

    /**
     * Three creates in a row, each superseding the one before (slow droplets keep them DEPLOYING); the client's own
     * pager walks {@code per_page=1} over every page by {@code total_pages}; a status_reasons filter; and CAPI's
     * errors as 5.14 reads them (ClientV3Exception with code, title, detail): cancel of a finalized deployment and a
     * get of an unknown one.
     */
    @Test
    void pagesSupersededDeploymentsAndReadsErrors() {
        StartedApp app = RolloutFixtures.startedApp(Fixtures.space(Fixtures.org()), 2, "slow:30");
        String second = AppFixtures.stagedDroplet(app.app());
        String third = AppFixtures.stagedDroplet(app.app());
        for (String droplet : List.of(second, third)) {
            io.cfdeploy.support.Api.asAdmin().body("{\"metadata\":{\"annotations\":{\"cfdeploy.io/simulate\":"
                    + "\"slow:30\"}}}").patch("/v3/droplets/" + droplet).then().statusCode(200);
        }
        List<String> created = List.of(create(app.app(), app.nextDroplet()).getId(), create(app.app(), second).getId(),
                create(app.app(), third).getId());

        List<DeploymentResource> all = PaginationUtils.requestClientV3Resources((Integer page) -> client
                .deploymentsV3().list(ListDeploymentsRequest.builder().applicationId(app.app()).orderBy("created_at")
                        .page(page).perPage(1).build())).collectList().block(CALL);
        assertEquals(created, all.stream().map(DeploymentResource::getId).toList());
        assertEquals(List.of(DeploymentStatusReason.SUPERSEDED, DeploymentStatusReason.SUPERSEDED),
                all.subList(0, 2).stream().map(d -> d.getStatus().getReason()).toList());
        all.subList(0, 2).forEach(d -> assertEquals(DeploymentStatusValue.FINALIZED, d.getStatus().getValue()));
        assertEquals(DeploymentStatusValue.ACTIVE, all.get(2).getStatus().getValue());
        assertEquals(List.of(app.nextDroplet(), second, third), all.stream().map(d -> d.getDroplet().getId())
                .toList());

        ListDeploymentsResponse superseded = client.deploymentsV3().list(ListDeploymentsRequest.builder()
                .applicationId(app.app()).statusReason(DeploymentStatusReason.SUPERSEDED).build()).block(CALL);
        assertEquals(2, superseded.getPagination().getTotalResults());

        ClientV3Exception refused = assertThrows(ClientV3Exception.class, () -> client.deploymentsV3()
                .cancel(CancelDeploymentRequest.builder().deploymentId(created.get(0)).build()).block(CALL));
        assertEquals(422, refused.getStatusCode());
        assertEquals(10008, refused.getErrors().get(0).getCode());
        assertEquals("CF-UnprocessableEntity", refused.getErrors().get(0).getTitle());
        assertEquals("Cannot cancel a deployment with status: FINALIZED and reason: SUPERSEDED",
                refused.getErrors().get(0).getDetail());

        ClientV3Exception missing = assertThrows(ClientV3Exception.class, () -> client.deploymentsV3()
                .get(GetDeploymentRequest.builder().deploymentId("no-such-deployment").build()).block(CALL));
        assertEquals(404, missing.getStatusCode());
        assertEquals(10010, missing.getErrors().get(0).getCode());
        assertEquals("CF-ResourceNotFound", missing.getErrors().get(0).getTitle());
        assertEquals("Deployment not found", missing.getErrors().get(0).getDetail());

        client.deploymentsV3().cancel(CancelDeploymentRequest.builder().deploymentId(created.get(2)).build())
                .block(CALL);
    }
}

package io.cfdeploy.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cfdeploy.support.Api;
import io.cfdeploy.support.Db;
import io.cfdeploy.support.Fixtures;
import io.cfdeploy.support.RolloutFixtures;
import io.cfdeploy.support.RolloutFixtures.StartedApp;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Without a scheduler (product.md §5, a replica that has just woken up), a client polling a deployment still sees
 * it move: {@code GET /v3/deployments/:guid} and a list filtered to exactly one app advance a due step first;
 * wider lists never step anything.
 */
@QuarkusTest
@TestProfile(DeploymentGoldenTest.EngineOff.class)
class DeploymentsAdvanceOnReadTest {
    private static final Duration STARTED = Duration.ofMillis(1_300); // past the test profile's 1 s start-up

    @Inject
    DataSource db;

    private String space;

    @BeforeEach
    void space() {
        space = Fixtures.space(Fixtures.org());
    }

    private static String deploy(StartedApp app) {
        return Api.asAdmin().body(RolloutFixtures.rollingBody(app, 1)).post("/v3/deployments").then()
                .statusCode(201).extract().path("guid");
    }

    private List<Integer> desired(String app) {
        return Db.rows(db, "SELECT p.instances FROM processes p JOIN apps a ON a.id = p.app_id WHERE a.guid = ? "
                + "AND p.type = 'web' ORDER BY p.created_at, p.id", app).stream()
                .map(row -> ((Number) row.get("instances")).intValue()).toList();
    }

    private static String reason(String deployment) {
        return Api.asAdmin().get("/v3/deployments/" + deployment).then().statusCode(200).extract()
                .path("status.reason");
    }

    @Test
    void eachReadOfTheDeploymentTakesTheStepThatIsDue() throws InterruptedException {
        StartedApp app = RolloutFixtures.startedApp(space, 2, null);
        String deployment = deploy(app);
        Thread.sleep(STARTED.toMillis());
        assertEquals(List.of(2, 1), desired(app.app()), "nothing moves on its own");

        assertEquals("DEPLOYING", reason(deployment));
        assertEquals(List.of(1, 2), desired(app.app()), "the read took spec §5.2's first tick");
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> reason(deployment), "DEPLOYED"::equals);
        assertEquals(List.of(2), desired(app.app()));
    }

    @Test
    void onlyAListOfOneAppAdvancesItsDeployments() throws InterruptedException {
        StartedApp first = RolloutFixtures.startedApp(space, 2, null);
        StartedApp second = RolloutFixtures.startedApp(space, 2, null);
        String deployment = deploy(first);
        deploy(second);
        Thread.sleep(STARTED.toMillis());

        Api.asAdmin().queryParam("app_guids", first.app() + "," + second.app()).get("/v3/deployments").then()
                .statusCode(200);
        Api.asAdmin().queryParam("guids", deployment).get("/v3/deployments").then().statusCode(200);
        assertEquals(List.of(2, 1), desired(first.app()), "a wider list steps nothing");
        assertEquals(List.of(2, 1), desired(second.app()));

        Api.asAdmin().queryParam("app_guids", first.app()).get("/v3/deployments").then().statusCode(200)
                .body("resources[0].status.reason", org.hamcrest.Matchers.equalTo("DEPLOYING"));
        assertEquals(List.of(1, 2), desired(first.app()), "the list the cf CLI polls took the step");
        assertEquals(List.of(2, 1), desired(second.app()));
    }
}

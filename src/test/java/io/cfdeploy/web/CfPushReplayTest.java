package io.cfdeploy.web;

import static io.cfdeploy.support.Fixtures.uniqueName;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.cfdeploy.support.Api;
import io.cfdeploy.support.CfPushReplay;
import io.cfdeploy.support.CfPushReplay.Outcome;
import io.cfdeploy.support.Db;
import io.cfdeploy.support.Members;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Every push variant of cf-push.md §1 (a–f), {@code cf restage --strategy rolling} and go-cfclient's rolling push,
 * replayed as the clients send them, ending in what the database and the API show afterwards.
 */
@QuarkusTest
class CfPushReplayTest {
    /** Plain JDBC, not injected, so that an …IT twin reads the same database from outside. */
    final DataSource db = Db.database();

    private static String defaultDomain(String token) {
        return Api.as(token).get("/v3/domains").then().statusCode(200).extract().path("resources[0].name");
    }

    private static CfPushReplay rubyApp(String token, String space, String name, String version) {
        return CfPushReplay.push(token, space, name).file("Procfile", "web: ruby app.rb\n", 0644)
                .file("app.rb", "puts '" + version + "'\n", 0755).file("empty.txt", "", 0644);
    }

    private String currentDroplet(String app) {
        return Api.asAdmin().get("/v3/apps/" + app + "/droplets/current").then().statusCode(200).extract()
                .path("guid");
    }

    @Test
    void aPushOfANewAppStagesItsBitsStartsItAndGivesItItsDefaultRoute() {
        Members members = Members.create();
        String name = uniqueName("pushed");
        Outcome pushed = rubyApp(members.developer(), members.space(), name, "v1").run();
        assertEquals("STARTED", pushed.summaryApp().get("state").asText());
        assertEquals(pushed.droplet(), currentDroplet(pushed.app()));
        assertEquals(List.of(name + "." + defaultDomain(members.developer())), pushed.routes());
        Api.asAdmin().get("/v3/droplets/" + pushed.droplet()).then().body("process_types.web",
                equalTo("ruby app.rb"));
        Api.asAdmin().get("/v3/apps/" + pushed.app() + "/processes").then().body("resources", hasSize(1))
                .body("resources[0].type", equalTo("web")).body("resources[0].instances", equalTo(1));
    }

    @Test
    void aPushWithAStrategyEndsInAFinalizedDeploymentOfTheNewDroplet() {
        Members members = Members.create();
        String name = uniqueName("rolled");
        Outcome first = rubyApp(members.developer(), members.space(), name, "v1").run();
        for (String strategy : List.of("rolling", "canary")) {
            Outcome next = rubyApp(members.developer(), members.space(), name, "v-" + strategy).strategy(strategy)
                    .run();
            assertEquals(first.app(), next.app());
            assertNotEquals(first.droplet(), next.droplet());
            if (strategy.equals("canary")) {
                Api.asAdmin().post("/v3/deployments/" + next.deployment() + "/actions/continue").then()
                        .statusCode(200);
            }
            Api.asAdmin().get("/v3/deployments/" + next.deployment()).then().statusCode(200)
                    .body("droplet.guid", equalTo(next.droplet())).body("strategy", equalTo(strategy));
            assertEquals(first.routes(), next.routes(), "the app keeps its route; default-route adds nothing");
        }
        Db.assertRow(Db.single(db, "SELECT count(*) AS routes FROM route_destinations m JOIN apps a ON a.id = m.app_id "
                + "WHERE a.guid = ?", first.app()), "routes", 1L);
    }

    @Test
    void aDockerPushMakesADockerAppWhoseDropletCarriesTheImage() {
        Members members = Members.create();
        Outcome pushed = CfPushReplay.push(members.developer(), members.space(), uniqueName("docker"))
                .docker("registry.example.com/team/app:1.2").run();
        Api.asAdmin().get("/v3/apps/" + pushed.app() + "/droplets/current").then().statusCode(200)
                .body("image", equalTo("registry.example.com/team/app:1.2"));
        assertEquals("docker", pushed.summaryApp().get("lifecycle").get("type").asText());
    }

    @Test
    void noRouteUnmapsTheAppsRoutesAndKeepsTheRoutes() {
        Members members = Members.create();
        String name = uniqueName("unrouted");
        Outcome first = rubyApp(members.developer(), members.space(), name, "v1").run();
        assertEquals(1, first.routes().size());
        Outcome again = rubyApp(members.developer(), members.space(), name, "v2")
                .manifestOnly("applications:\n- name: " + name + "\n  no-route: true\n").run();
        assertEquals(List.of(), again.routes());
        Api.asAdmin().queryParam("hosts", name).get("/v3/routes").then().statusCode(200)
                .body("resources", hasSize(1));
    }

    @Test
    void aManifestFileIsDiffedThenAppliedWithItsProcessesEnvAndRoutes() {
        Members members = Members.create();
        String name = uniqueName("manifested");
        String domain = defaultDomain(members.developer());
        Outcome pushed = rubyApp(members.developer(), members.space(), name, "v1").manifestFile("""
                applications:
                - name: %s
                  instances: 2
                  processes:
                  - instances: 3
                    memory: 512M
                    type: web
                  - type: worker
                    command: ./worker
                  memory: 256M
                  default-route: true
                  env:
                    FOO: bar
                  routes:
                  - route: %s.%s
                  - route: %s-api.%s/v1
                """.formatted(name, name, domain, name, domain)).run();
        assertEquals(List.of(name + "." + domain, name + "-api." + domain + "/v1").stream().sorted().toList(),
                pushed.routes().stream().sorted().toList());
        Api.asAdmin().get("/v3/apps/" + pushed.app() + "/processes/web").then().body("instances", equalTo(3))
                .body("memory_in_mb", equalTo(512));
        Api.asAdmin().get("/v3/apps/" + pushed.app() + "/processes/worker").then().body("command",
                equalTo("./worker"));
        Api.asAdmin().get("/v3/apps/" + pushed.app() + "/environment_variables").then().body("var.FOO",
                equalTo("bar"));
    }

    @Test
    void noStartUploadsTheBitsAndStagesNothing() {
        Members members = Members.create();
        String name = uniqueName("unstarted");
        Outcome pushed = rubyApp(members.developer(), members.space(), name, "v1").noStart().run();
        assertEquals("STOPPED", pushed.summaryApp().get("state").asText());
        Api.asAdmin().queryParam("app_guids", pushed.app()).get("/v3/packages").then().statusCode(200)
                .body("resources", hasSize(1)).body("resources[0].state", equalTo("READY"));
        assertEquals(0, Db.count(db, "SELECT count(*) FROM builds b JOIN apps a ON a.id = b.app_id WHERE a.guid = ?",
                pushed.app()));
    }

    @Test
    void restageWithAStrategyStagesTheNewestPackageAndDeploysItsDroplet() {
        Members members = Members.create();
        String name = uniqueName("restaged");
        Outcome pushed = rubyApp(members.developer(), members.space(), name, "v1").run();
        // cf restage --strategy rolling: the newest package, a build, a deployment of its droplet
        String pkg = Api.as(members.developer()).queryParam("app_guids", pushed.app())
                .queryParam("order_by", "-created_at").queryParam("page", "1").queryParam("per_page", "1")
                .get("/v3/packages").then().statusCode(200).extract().path("resources[0].guid");
        String build = Api.as(members.developer()).body("{\"package\":{\"guid\":\"" + pkg + "\"}}")
                .post("/v3/builds").then().statusCode(201).extract().path("guid");
        String droplet = waitForBuild(members.developer(), build);
        assertNotEquals(pushed.droplet(), droplet);
        String deployment = Api.as(members.developer()).body("{\"droplet\":{\"guid\":\"" + droplet + "\"},"
                + "\"strategy\":\"rolling\",\"relationships\":{\"app\":{\"data\":{\"guid\":\"" + pushed.app()
                + "\"}}}}").post("/v3/deployments").then().statusCode(201).extract().path("guid");
        waitForFinalized(members.developer(), deployment);
        assertEquals(droplet, currentDroplet(pushed.app()));
    }

    @Test
    void goCfclientsRollingPushDeploysWithoutAStrategyKey() {
        Members members = Members.create();
        String name = uniqueName("terraform");
        Outcome first = rubyApp(members.developer(), members.space(), name, "v1").run();
        Api.as(members.developer()).get("/v3/apps/" + first.app() + "/revisions/deployed").then().statusCode(200);
        Outcome staged = rubyApp(members.developer(), members.space(), name, "v2").noStart().run();
        String pkg = Api.as(members.developer()).queryParam("app_guids", staged.app())
                .queryParam("order_by", "-created_at").get("/v3/packages").then().statusCode(200).extract()
                .path("resources[0].guid");
        String build = Api.as(members.developer()).body("{\"package\":{\"guid\":\"" + pkg + "\"}}")
                .post("/v3/builds").then().statusCode(201).extract().path("guid");
        String droplet = waitForBuild(members.developer(), build);
        String deployment = Api.as(members.developer()).body("{\"relationships\":{\"app\":{\"data\":{\"guid\":\""
                + first.app() + "\"}}},\"droplet\":{\"guid\":\"" + droplet + "\"}}").post("/v3/deployments").then()
                .statusCode(201).extract().path("guid");
        waitForFinalized(members.developer(), deployment);
        Api.as(members.developer()).get("/v3/apps/" + first.app()).then().body("state", equalTo("STARTED"));
        assertEquals(droplet, currentDroplet(first.app()));
    }

    private static String waitForBuild(String token, String build) {
        for (int attempt = 0; attempt < 600; attempt++) {
            String state = Api.as(token).get("/v3/builds/" + build).then().statusCode(200).extract().path("state");
            if (!state.equals("STAGING")) {
                assertEquals("STAGED", state);
                return Api.as(token).get("/v3/builds/" + build).then().extract().path("droplet.guid");
            }
            sleep();
        }
        throw new AssertionError("build still STAGING");
    }

    private static void waitForFinalized(String token, String deployment) {
        for (int attempt = 0; attempt < 600; attempt++) {
            String value = Api.as(token).get("/v3/deployments/" + deployment).then().statusCode(200).extract()
                    .path("status.value");
            if (value.equals("FINALIZED")) {
                Api.as(token).get("/v3/deployments/" + deployment).then().body("status.reason", equalTo("DEPLOYED"));
                return;
            }
            sleep();
        }
        throw new AssertionError("deployment never finalized");
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new AssertionError(interrupted);
        }
    }
}

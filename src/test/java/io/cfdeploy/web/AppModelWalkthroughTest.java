package io.cfdeploy.web;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cfdeploy.support.Api;
import io.cfdeploy.support.AppFixtures;
import io.cfdeploy.support.Fixtures;
import io.cfdeploy.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URI;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's walkthrough, over HTTP only (so it also runs against the packaged jar): org, space, app, droplet,
 * upload, current droplet, start, stats over time, scale, stop. The test profile's start-up time is 1 s.
 */
@QuarkusTest
class AppModelWalkthroughTest {

    @Test
    void fromNothingToRunningInstances() throws Exception {
        String admin = Tokens.admin();
        String org = Fixtures.org();
        String space = Fixtures.space(org);
        String name = Fixtures.uniqueName("walk");

        String app = Api.as(admin).body("{\"name\":\"" + name + "\",\"relationships\":{\"space\":{\"data\":{\"guid\":\""
                + space + "\"}}},\"environment_variables\":{\"GREETING\":\"hello\"}}").post("/v3/apps").then()
                .statusCode(201).body("state", equalTo("STOPPED")).body("lifecycle.type", equalTo("buildpack"))
                .body("relationships.current_droplet.data.guid", equalTo(null)).extract().path("guid");
        Api.as(admin).get("/v3/apps/" + app + "/processes/web").then().statusCode(200)
                .body("guid", equalTo(app)).body("instances", equalTo(1));

        String droplet = Api.as(admin).body(AppFixtures.dropletBody(app, "{\"web\":\"bundle exec rackup\"}"))
                .post("/v3/droplets").then().statusCode(201).body("state", equalTo("AWAITING_UPLOAD"))
                .extract().path("guid");
        byte[] bits = AppFixtures.bits(64 * 1024);
        Response upload = AppFixtures.upload(admin, droplet, bits, "droplet.tgz");
        upload.then().statusCode(202);
        String job = URI.create(upload.header("Location")).getPath();
        Api.as(admin).get(job).then().statusCode(200).body("operation", equalTo("droplet.upload"))
                .body("state", equalTo("COMPLETE"));
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bits));
        Api.as(admin).get("/v3/droplets/" + droplet).then().statusCode(200).body("state", equalTo("STAGED"))
                .body("checksum.type", equalTo("sha256")).body("checksum.value", equalTo(sha256));
        byte[] downloaded = Api.as(admin).accept("application/octet-stream").get("/v3/droplets/" + droplet
                + "/download").then().statusCode(200).extract().asByteArray();
        assertArrayEquals(bits, downloaded);

        AppFixtures.setCurrent(app, droplet);
        Api.as(admin).post("/v3/apps/" + app + "/actions/start").then().statusCode(200)
                .body("state", equalTo("STARTED"))
                .body("relationships.current_droplet.data.guid", equalTo(droplet));

        List<String> states = Api.as(admin).get("/v3/processes/" + app + "/stats").then().statusCode(200)
                .body("resources", hasSize(1)).extract().path("resources.state");
        assertTrue(List.of("STARTING", "RUNNING").contains(states.get(0)), states.toString());
        awaitStates(admin, app, List.of("RUNNING"));
        Api.as(admin).get("/v3/processes/" + app + "/stats").then()
                .body("resources[0].routable", equalTo(true))
                .body("resources[0].instance_guid", matchesPattern("[0-9a-f-]{36}"));

        Api.as(admin).get("/v3/apps/" + app + "/revisions").then().statusCode(200)
                .body("resources", hasSize(1))
                .body("resources[0].version", equalTo(1))
                .body("resources[0].description", equalTo("Initial revision."))
                .body("resources[0].droplet.guid", equalTo(droplet));

        Api.as(admin).body("{\"instances\":3}").post("/v3/processes/" + app + "/actions/scale").then()
                .statusCode(202).body("instances", equalTo(3));
        awaitStates(admin, app, List.of("RUNNING", "RUNNING", "RUNNING"));

        Api.as(admin).post("/v3/apps/" + app + "/actions/stop").then().statusCode(200)
                .body("state", equalTo("STOPPED"));
        Api.as(admin).get("/v3/processes/" + app + "/stats").then().statusCode(200)
                .body("resources", hasSize(3)).body("resources.state", equalTo(List.of("DOWN", "DOWN", "DOWN")));
    }

    /** Polls stats as a client would, until the states match (the simulated start-up takes 1 s here). */
    private static void awaitStates(String token, String process, List<String> expected) throws InterruptedException {
        List<String> states = null;
        for (int attempt = 0; attempt < 60; attempt++) {
            states = Api.as(token).get("/v3/processes/" + process + "/stats").then().statusCode(200).extract()
                    .path("resources.state");
            if (expected.equals(states)) {
                return;
            }
            Thread.sleep(250);
        }
        assertEquals(expected, states);
    }
}

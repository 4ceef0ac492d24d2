package io.cfdeploy.web;

import static io.cfdeploy.support.Fixtures.newGuid;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cfdeploy.support.Api;
import io.cfdeploy.support.AppModelFixtures;
import io.cfdeploy.support.Errors;
import io.cfdeploy.support.Fixtures;
import io.cfdeploy.support.Json;
import io.cfdeploy.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * CAPI's process instances: {@code GET /v3/processes/:guid/process_instances} and {@code embed=process_instances}
 * on the process reads (what the cf CLI's {@code cf apps} asks for at API 3.211.0 and later). The test profile's
 * start-up time is 1 s; ageing an instance moves its start back in time.
 */
@QuarkusTest
class ProcessInstancesTest {
    /** A STOPPED app with {@code instances} web instances, its droplet carrying {@code simulate}. */
    private static String app(int instances, String simulate) {
        String app = AppModelFixtures.app(Fixtures.space(Fixtures.org()));
        AppModelFixtures.currentDroplet(app, "run", simulate);
        Api.asAdmin().body("{\"instances\":" + instances + "}").post("/v3/processes/" + app + "/actions/scale")
                .then().statusCode(202);
        return app;
    }

    private static JsonNode get(String path) {
        return Json.parse(Api.asAdmin().get(path).then().statusCode(200).extract().asString());
    }

    private static List<String> states(JsonNode entries) {
        List<String> states = new ArrayList<>();
        entries.forEach(entry -> states.add(entry.get("state").asText()));
        return states;
    }

    @Test
    void aStoppedAppHasOneDownEntryPerDesiredInstance() {
        String app = app(2, null);
        JsonNode body = get("/v3/processes/" + app + "/process_instances");
        assertEquals(Json.parse("[{\"index\":0,\"state\":\"DOWN\",\"since\":null},"
                + "{\"index\":1,\"state\":\"DOWN\",\"since\":null}]"), body.get("resources"));
        assertThat(Json.keys(body), contains("resources", "links"));
        assertThat(body.at("/links/self/href").asText(), endsWith("/v3/processes/" + app + "/process_instances"));
        assertThat(body.at("/links/process/href").asText(), endsWith("/v3/processes/" + app));
    }

    @Test
    void startedInstancesShowTheirStateAndTheSecondsSpentInIt() {
        String app = app(2, null);
        AppModelFixtures.start(app);
        JsonNode starting = get("/v3/processes/" + app + "/process_instances").get("resources");
        assertEquals(List.of("STARTING", "STARTING"), states(starting));
        assertTrue(starting.get(0).get("since").asLong() <= 1, starting.toString());
        assertThat(Json.keys(starting.get(0)), contains("index", "state", "since"));

        AppModelFixtures.age(app, Duration.ofSeconds(60)); // started a minute ago, RUNNING after its 1 s start-up
        JsonNode running = get("/v3/processes/" + app + "/process_instances").get("resources");
        assertEquals(List.of("RUNNING", "RUNNING"), states(running));
        long since = running.get(1).get("since").asLong();
        assertTrue(since >= 58 && since <= 61, "seconds RUNNING: " + since);
    }

    @Test
    void aCrashedInstanceIsReportedAsCrashed() {
        String app = app(1, "crash");
        AppModelFixtures.start(app);
        AppModelFixtures.age(app, Duration.ofSeconds(30));
        assertEquals(List.of("CRASHED"), states(get("/v3/processes/" + app + "/process_instances").get("resources")));
    }

    @Test
    void embedAddsTheInstancesToListsAndShowsBeforeTheRelationships() {
        String app = app(2, null);
        AppModelFixtures.start(app);
        AppModelFixtures.age(app, Duration.ofSeconds(60));
        String worker = AppModelFixtures.process(app, "worker", Map.of("instances", 1));
        String embed = "embed=process_instances";

        JsonNode list = get("/v3/processes?app_guids=" + app + "&" + embed);
        assertEquals(2, list.get("resources").size());
        for (JsonNode process : list.get("resources")) {
            List<String> keys = Json.keys(process);
            assertEquals(keys.indexOf("readiness_health_check") + 1, keys.indexOf("process_instances"), keys.toString());
            assertEquals(keys.indexOf("process_instances") + 1, keys.indexOf("relationships"), keys.toString());
        }
        JsonNode web = list.get("resources").get(0).get("guid").asText().equals(app) ? list.get("resources").get(0)
                : list.get("resources").get(1);
        JsonNode other = web == list.get("resources").get(0) ? list.get("resources").get(1)
                : list.get("resources").get(0);
        assertEquals(List.of("RUNNING", "RUNNING"), states(web.get("process_instances")));
        assertEquals(worker, other.get("guid").asText());
        assertEquals(1, other.get("process_instances").size());
        assertThat(list.at("/pagination/first/href").asText(), containsString(embed));

        JsonNode ofApp = get("/v3/apps/" + app + "/processes?types=web&" + embed);
        assertEquals(List.of("RUNNING", "RUNNING"), states(ofApp.at("/resources/0/process_instances")));
        assertEquals(List.of("RUNNING", "RUNNING"), states(get("/v3/processes/" + app + "?" + embed)
                .get("process_instances")));
        assertEquals(List.of("RUNNING", "RUNNING"), states(get("/v3/apps/" + app + "/processes/web?" + embed)
                .get("process_instances")));

        // without embed there is no such key, only the link
        JsonNode plain = get("/v3/processes/" + app);
        assertFalse(plain.has("process_instances"));
        assertThat(plain.at("/links/process_instances/href").asText(),
                endsWith("/v3/processes/" + app + "/process_instances"));
        assertFalse(get("/v3/processes?app_guids=" + app).at("/resources/0").has("process_instances"));
    }

    @Test
    void embedTakesOnlyProcessInstancesAndShowsTakeNothingElse() {
        String app = app(1, null);
        Errors.badQuery(Api.asAdmin().get("/v3/processes?embed=stats"), "Embed is not included in the list");
        Errors.badQuery(Api.asAdmin().get("/v3/apps/" + app + "/processes?embed=process_instances,stats"),
                "Embed is not included in the list");
        Errors.badQuery(Api.asAdmin().get("/v3/processes/" + app + "?embed=stats"),
                "Embed is not included in the list");
        Errors.badQuery(Api.asAdmin().get("/v3/apps/" + app + "/processes/web?foo=1&embed=x"),
                "Unknown query parameter(s): 'foo'. Valid parameters are: 'embed', Embed is not included in the list");
    }

    @Test
    void onlyReadersOfTheSpaceSeeTheInstances() {
        String app = app(1, null);
        Errors.notFound(Api.as(Tokens.user(newGuid())).get("/v3/processes/" + app + "/process_instances"),
                "Process not found");
        Errors.notFound(Api.asAdmin().get("/v3/processes/" + newGuid() + "/process_instances"), "Process not found");
        Api.as(Tokens.user(newGuid())).get("/v3/processes?" + "embed=process_instances").then().statusCode(200)
                .body("resources.size()", equalTo(0));
    }
}

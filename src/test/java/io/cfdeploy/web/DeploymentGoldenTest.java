package io.cfdeploy.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.cfdeploy.support.Api;
import io.cfdeploy.support.AppFixtures;
import io.cfdeploy.support.Fixtures;
import io.cfdeploy.support.Json;
import io.cfdeploy.support.RolloutFixtures;
import io.cfdeploy.support.RolloutFixtures.StartedApp;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The deployment as rendered in each state (spec §1), compared whole — key order, omitted versus null keys,
 * {@code status.canary} only for canary, the conditional cancel/continue links — with the files under
 * {@code src/test/resources/golden/deployments/}. Guids are numbered by first appearance, timestamps and the host
 * replaced. States the API cannot hold still are set in the database; the list with {@code guids=} renders them
 * without advancing them, and this test's server runs no scheduler. {@code -Dgolden.update=true} rewrites the files (review the diff).
 */
@QuarkusTest
@TestProfile(DeploymentGoldenTest.EngineOff.class)
class DeploymentGoldenTest {

    /** Nothing moves the deployments behind the test's back: no scheduler, and lists never advance. */
    public static class EngineOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cfdeploy.rollout.enabled", "false");
        }
    }

    private static final Path GOLDEN = Path.of("src/test/resources/golden/deployments");
    private static final Pattern GUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
    private static final Pattern HOST = Pattern.compile("https?://[^/\"]+");
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Inject
    DataSource db;

    private void set(String deployment, String state, String value, String reason, String error) {
        try (Connection connection = db.getConnection(); PreparedStatement update = connection.prepareStatement(
                "UPDATE deployments SET state = ?, status_value = ?, status_reason = ?, error = ? WHERE guid = ?")) {
            update.setString(1, state);
            update.setString(2, value);
            update.setString(3, reason);
            update.setString(4, error);
            update.setString(5, deployment);
            update.executeUpdate();
        } catch (SQLException exception) {
            throw new IllegalStateException(exception);
        }
    }

    private static JsonNode listed(String deployment) {
        return Json.parse(Api.asAdmin().queryParam("guids", deployment).get("/v3/deployments").then()
                .statusCode(200).extract().asString()).get("resources").get(0);
    }

    static String normalised(JsonNode json) throws IOException {
        String text = PRETTY.writeValueAsString(json);
        Map<String, String> guids = new LinkedHashMap<>();
        Matcher matcher = GUID.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = guids.computeIfAbsent(matcher.group(), g -> "<guid-" + (guids.size() + 1) + ">");
            matcher.appendReplacement(out, Matcher.quoteReplacement(name));
        }
        matcher.appendTail(out);
        text = TIMESTAMP.matcher(out.toString()).replaceAll("<timestamp>");
        return HOST.matcher(text).replaceAll("https://api.example.org") + "\n";
    }

    private static JsonNode shown(String deployment) {
        return Json.parse(Api.asAdmin().get("/v3/deployments/" + deployment).then().statusCode(200).extract()
                .asString());
    }

    private static void assertGolden(String name, JsonNode json) throws IOException {
        Path file = GOLDEN.resolve(name + ".json");
        String actual = normalised(json);
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(file, actual, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual, name);
    }

    @Test
    void rollingInEveryState() throws IOException {
        StartedApp app = RolloutFixtures.startedApp(Fixtures.space(Fixtures.org()), 2, "unready");
        String deployment = Api.asAdmin().body("{\"droplet\":{\"guid\":\"" + app.nextDroplet() + "\"},\"options\":"
                + "{\"max_in_flight\":2,\"web_instances\":4,\"memory_in_mb\":512},\"metadata\":{\"labels\":"
                + "{\"release\":\"stable\"}},\"relationships\":{\"app\":{\"data\":{\"guid\":\"" + app.app()
                + "\"}}}}").post("/v3/deployments").then().statusCode(201).extract().path("guid");
        assertGolden("rolling-deploying", listed(deployment));
        assertGolden("rolling-deploying", shown(deployment));
        set(deployment, "DEPLOYING", "ACTIVE", "DEPLOYING", "memory quota_exceeded");
        assertGolden("rolling-deploying-error", listed(deployment));
        set(deployment, "CANCELING", "ACTIVE", "CANCELING", null);
        assertGolden("rolling-canceling", listed(deployment));
        set(deployment, "DEPLOYED", "FINALIZED", "DEPLOYED", null);
        assertGolden("rolling-deployed", listed(deployment));
        set(deployment, "DEPLOYED", "FINALIZED", "SUPERSEDED", null);
        assertGolden("rolling-superseded", listed(deployment));
        set(deployment, "CANCELED", "FINALIZED", "CANCELED", null);
        assertGolden("rolling-canceled", listed(deployment));

        // a recorded revision renders as null (the key kept) once the app's revisions are disabled
        Api.asAdmin().body("{\"enabled\":false}").patch("/v3/apps/" + app.app() + "/features/revisions").then()
                .statusCode(200);
        JsonNode hidden = shown(deployment);
        assertTrue(hidden.has("revision") && hidden.get("revision").isNull(), hidden.toString());
    }

    @Test
    void canaryInEveryState() throws IOException {
        StartedApp app = RolloutFixtures.startedApp(Fixtures.space(Fixtures.org()), 5, "unready");
        String deployment = Api.asAdmin().body("{\"droplet\":{\"guid\":\"" + app.nextDroplet() + "\"},\"strategy\":"
                + "\"canary\",\"options\":{\"canary\":{\"steps\":[{\"instance_weight\":20},{\"instance_weight\":60}]}},"
                + "\"relationships\":{\"app\":{\"data\":{\"guid\":\"" + app.app() + "\"}}}}").post("/v3/deployments")
                .then().statusCode(201).extract().path("guid");
        assertGolden("canary-prepaused", listed(deployment));
        set(deployment, "PAUSED", "ACTIVE", "PAUSED", null);
        assertGolden("canary-paused", listed(deployment));
        assertGolden("canary-paused", shown(deployment));
        set(deployment, "CANCELED", "FINALIZED", "SUPERSEDED", null);
        assertGolden("canary-superseded", listed(deployment));

        String plain = Api.asAdmin().body("{\"strategy\":\"canary\",\"relationships\":{\"app\":{\"data\":{\"guid\":\""
                + app.app() + "\"}}}}").post("/v3/deployments").then().statusCode(201).extract().path("guid");
        assertGolden("canary-without-steps", listed(plain));
    }

    /**
     * A canary past its first step: continue moves to step 2 (ACTIVE/DEPLOYING, current 2, only cancel linked), the
     * second pause links continue again, and cancel keeps {@code status.canary} with only the cancel link.
     */
    @Test
    void canaryThroughItsSecondStepAndCancel() throws IOException {
        StartedApp app = RolloutFixtures.startedApp(Fixtures.space(Fixtures.org()), 5, "unready");
        String deployment = Api.asAdmin().body("{\"droplet\":{\"guid\":\"" + app.nextDroplet() + "\"},\"strategy\":"
                + "\"canary\",\"options\":{\"max_in_flight\":2,\"canary\":{\"steps\":[{\"instance_weight\":20},"
                + "{\"instance_weight\":60}]}},\"relationships\":{\"app\":{\"data\":{\"guid\":\"" + app.app()
                + "\"}}}}").post("/v3/deployments").then().statusCode(201).extract().path("guid");
        set(deployment, "PAUSED", "ACTIVE", "PAUSED", null);
        Api.asAdmin().post("/v3/deployments/" + deployment + "/actions/continue").then().statusCode(200);
        assertGolden("canary-prepaused-step-2", listed(deployment));
        set(deployment, "PAUSED", "ACTIVE", "PAUSED", null);
        assertGolden("canary-paused-step-2", listed(deployment));
        Api.asAdmin().post("/v3/deployments/" + deployment + "/actions/cancel").then().statusCode(200);
        assertGolden("canary-canceling", listed(deployment));
        set(deployment, "CANCELED", "FINALIZED", "CANCELED", null);
        assertGolden("canary-canceled", listed(deployment));
    }

    /**
     * A stopped app without a current droplet and with revisions disabled, every option given: finalized at once,
     * {@code previous_droplet.guid} null, no new processes, {@code revision} null, options in the presenter's order
     * ({@code web_instances} 0 and {@code log_rate_limit_in_bytes_per_second} -1 rendered); create, show and list
     * render it alike.
     */
    @Test
    void stoppedAppWithoutRevisionsAndEveryOption() throws IOException {
        String app = AppFixtures.app(Fixtures.space(Fixtures.org()));
        String droplet = AppFixtures.stagedDroplet(app);
        Api.asAdmin().body("{\"enabled\":false}").patch("/v3/apps/" + app + "/features/revisions").then()
                .statusCode(200);
        String created = Api.asAdmin().body("{\"droplet\":{\"guid\":\"" + droplet + "\"},\"strategy\":\"rolling\","
                + "\"options\":{\"max_in_flight\":3,\"web_instances\":0,\"memory_in_mb\":256,\"disk_in_mb\":512,"
                + "\"log_rate_limit_in_bytes_per_second\":-1},\"metadata\":{\"annotations\":{\"note\":\"first\"}},"
                + "\"relationships\":{\"app\":{\"data\":{\"guid\":\"" + app + "\"}}}}").post("/v3/deployments").then()
                .statusCode(201).extract().asString();
        JsonNode json = Json.parse(created);
        assertGolden("stopped-app-without-revisions", json);
        String deployment = json.get("guid").asText();
        assertGolden("stopped-app-without-revisions", Json.parse(Api.asAdmin().get("/v3/deployments/" + deployment)
                .then().statusCode(200).extract().asString()));
        assertGolden("stopped-app-without-revisions", listed(deployment));
    }
}

package io.cfdeploy.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.cfdeploy.support.Api;
import io.cfdeploy.support.AppFixtures;
import io.cfdeploy.support.Fixtures;
import io.cfdeploy.support.Json;
import io.cfdeploy.support.RolloutFixtures;
import io.cfdeploy.support.RolloutFixtures.StartedApp;
import io.cfdeploy.support.TestIssuerKey;
import io.quarkus.test.common.QuarkusTestResource;
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
@QuarkusTestResource(TestIssuerKey.class)
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
     * A stopped app without a current droplet: finalized at once, no new process, {@code previous_droplet.guid}
     * null (the key kept), no cancel link; {@code web_instances} 0 and a log rate of -1 are rendered, unset scale
     * keys omitted. With revisions disabled afterwards the recorded revision renders as null (key kept).
     */
    @Test
    void stoppedAppAndRevisionsDisabled() throws IOException {
        String app = AppFixtures.app(Fixtures.space(Fixtures.org()));
        String droplet = AppFixtures.stagedDroplet(app);
        String deployment = Api.asAdmin().body("{\"droplet\":{\"guid\":\"" + droplet + "\"},\"options\":"
                + "{\"max_in_flight\":3,\"web_instances\":0,\"memory_in_mb\":null,\"disk_in_mb\":null,"
                + "\"log_rate_limit_in_bytes_per_second\":-1},\"relationships\":{\"app\":{\"data\":{\"guid\":\""
                + app + "\"}}}}").post("/v3/deployments").then().statusCode(201).extract().path("guid");
        assertGolden("stopped-app-deployed", listed(deployment));
        assertGolden("stopped-app-deployed", shown(deployment));

        Api.asAdmin().body("{\"enabled\":false}").patch("/v3/apps/" + app + "/features/revisions").then()
                .statusCode(200);
        assertGolden("revisions-disabled", shown(deployment));
    }
}

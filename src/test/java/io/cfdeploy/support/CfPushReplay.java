package io.cfdeploy.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * {@code cf push} as cf CLI v8 performs it (cf-push.md §1, clients.md §1.1, §1.10–§1.12): the same requests in the
 * same order, with the CLI's headers, the zip built as the CLI builds it, and every answer read as the CLI reads it
 * (a field the CLI needs and does not find fails the replay). Only the waits are shorter: the CLI polls every 3 s.
 */
public final class CfPushReplay {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER_AGENT = "cf/8.18.4+0b2b5ea.2025-08-20 (go1.24.6; amd64 linux)";
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final String token;
    private final String space;
    private final String appName;
    private String manifest;
    private boolean manifestFile;
    private final Map<String, byte[]> files = new LinkedHashMap<>();
    private final Map<String, Integer> modes = new LinkedHashMap<>();
    private String dockerImage;
    private String strategy;
    private boolean noStart;

    private CfPushReplay(String token, String space, String appName) {
        this.token = token;
        this.space = space;
        this.appName = appName;
        this.manifest = "applications:\n- name: " + appName + "\n  default-route: true\n";
    }

    /** {@code cf push APP} in a directory without a manifest file. */
    public static CfPushReplay push(String token, String space, String appName) {
        return new CfPushReplay(token, space, appName);
    }

    /** A file of the pushed directory with its unix mode. */
    public CfPushReplay file(String path, String content, int mode) {
        files.put(path, content.getBytes(StandardCharsets.UTF_8));
        modes.put(path, mode);
        return this;
    }

    /** {@code -f manifest.yml}: the manifest as the CLI rewrites and sends it; a diff is asked first. */
    public CfPushReplay manifestFile(String rewritten) {
        this.manifest = rewritten;
        this.manifestFile = true;
        return this;
    }

    /** {@code --no-route}, {@code --random-route}: the applied manifest carries that key instead of default-route. */
    public CfPushReplay manifestOnly(String rewritten) {
        this.manifest = rewritten;
        return this;
    }

    /** {@code --docker-image IMAGE}. */
    public CfPushReplay docker(String image) {
        this.dockerImage = image;
        this.manifest = "applications:\n- name: " + appName + "\n  docker:\n    image: " + image
                + "\n  default-route: true\n";
        return this;
    }

    /** {@code --strategy rolling|canary}. */
    public CfPushReplay strategy(String name) {
        this.strategy = name;
        return this;
    }

    /** {@code --no-start}. */
    public CfPushReplay noStart() {
        this.noStart = true;
        return this;
    }

    /** What the push did, as the CLI would report it. */
    public record Outcome(String app, String droplet, String deployment, List<String> routes, JsonNode summaryApp) {
    }

    public Outcome run() {
        if (manifestFile) {
            JsonNode diff = json(yaml().body(bytes(manifest)).post("/v3/spaces/" + space + "/manifest_diff"), 201);
            assertTrue(diff.get("diff").isArray(), "manifest_diff answers {diff: [...]}");
        }
        applyManifest();
        JsonNode app = appByName();
        String appGuid = text(app, "guid");
        String lifecycle = text(app.get("lifecycle"), "type");
        if (dockerImage != null) {
            assertEquals("docker", lifecycle, "a docker push needs the app's lifecycle to be docker");
        }
        String pkg = dockerImage != null ? dockerPackage(appGuid) : bitsPackage(appGuid);
        if (noStart) {
            if ("STARTED".equals(text(app, "state"))) {
                json(cli().post("/v3/apps/" + appGuid + "/actions/stop"), 200);
            }
            return summary(appGuid, null, null);
        }
        appByName(); // the CLI's staging-log setup, concurrent with the build in the real CLI
        String droplet = stage(pkg);
        String deployment = null;
        if (strategy != null) {
            deployment = deploy(appGuid, droplet);
        } else {
            json(cli().body("{\"data\":{\"guid\":\"" + droplet + "\"}}")
                    .patch("/v3/apps/" + appGuid + "/relationships/current_droplet"), 200);
            JsonNode restarted = json(cli().post("/v3/apps/" + appGuid + "/actions/restart"), 200);
            assertEquals(appGuid, text(restarted, "guid"), "restart answers with the app");
        }
        waitForInstances(appGuid);
        return summary(appGuid, droplet, deployment);
    }

    private void applyManifest() {
        Response accepted = yaml().body(bytes(manifest)).post("/v3/spaces/" + space + "/actions/apply_manifest");
        assertEquals(202, accepted.statusCode(), accepted.asString());
        String location = accepted.header("Location");
        assertNotNull(location, "apply_manifest answers with a Location");
        assertTrue(location.startsWith("http://") || location.startsWith("https://"),
                "Go's http.NewRequest needs an absolute Location: " + location);
        JsonNode job = poll(() -> json(cli().get(location), 200),
                current -> !"PROCESSING".equals(text(current, "state")));
        if ("FAILED".equals(text(job, "state"))) {
            fail("push failed: " + job.get("errors").get(0).get("detail").asText());
        }
        assertEquals("COMPLETE", text(job, "state"));
    }

    private JsonNode appByName() {
        JsonNode list = json(cli().queryParam("names", appName).queryParam("space_guids", space).get("/v3/apps"),
                200);
        JsonNode resources = list.get("resources");
        assertEquals(1, resources.size(), "the app of the manifest");
        JsonNode app = resources.get(0);
        for (String field : List.of("guid", "name", "state")) {
            text(app, field);
        }
        assertNotNull(app.get("relationships").get("space").get("data").get("guid"));
        return app;
    }

    private String dockerPackage(String appGuid) {
        JsonNode pkg = json(cli().body("{\"relationships\":{\"app\":{\"data\":{\"guid\":\"" + appGuid + "\"}}},"
                + "\"type\":\"docker\",\"data\":{\"image\":\"" + dockerImage + "\"}}").post("/v3/packages"), 201);
        assertEquals("READY", text(pkg, "state"), "a docker package is born READY");
        return text(pkg, "guid");
    }

    private String bitsPackage(String appGuid) {
        List<ObjectNode> resources = new ArrayList<>();
        files.forEach((path, content) -> {
            if (content.length > 0) {
                ObjectNode resource = JSON.createObjectNode();
                resource.put("path", path).put("mode", Integer.toOctalString(modes.get(path)));
                resource.putObject("checksum").put("value", sha1(content));
                resource.put("size_in_bytes", content.length);
                resources.add(resource);
            }
        });
        List<String> matched = new ArrayList<>();
        if (!resources.isEmpty()) {
            ObjectNode body = JSON.createObjectNode();
            body.putArray("resources").addAll(resources);
            JsonNode matches = json(cli().body(body.toString()).post("/v3/resource_matches"), 201);
            for (JsonNode match : matches.get("resources")) {
                Integer.parseInt(text(match, "mode"), 8); // strconv.ParseUint(mode, 8, 32)
                matched.add(text(match.get("checksum"), "value"));
            }
        }
        JsonNode pkg = json(cli().body("{\"relationships\":{\"app\":{\"data\":{\"guid\":\"" + appGuid + "\"}}},"
                + "\"type\":\"bits\"}").post("/v3/packages"), 201);
        String guid = text(pkg, "guid");
        Zips zip = Zips.zip();
        files.forEach((path, content) -> {
            if (!matched.contains(sha1(content))) {
                zip.file(path, content, modes.get(path));
            }
        });
        ArrayNode matchedResources = JSON.createArrayNode();
        resources.stream().filter(resource -> matched.contains(resource.get("checksum").get("value").asText()))
                .forEach(matchedResources::add);
        JsonNode uploaded = json(Api.anonymous().header("Authorization", Tokens.bearer(token))
                .header("User-Agent", USER_AGENT).contentType("multipart/form-data")
                .multiPart("resources", matchedResources.toString())
                .multiPart("bits", "package.zip", zip.bytes(), "application/octet-stream")
                .post("/v3/packages/" + guid + "/upload"), 200);
        JsonNode ready = List.of("READY", "FAILED", "EXPIRED").contains(text(uploaded, "state")) ? uploaded
                : poll(() -> json(cli().get("/v3/packages/" + guid), 200),
                        current -> List.of("READY", "FAILED", "EXPIRED").contains(text(current, "state")));
        assertEquals("READY", text(ready, "state"), "Package failed to process correctly after upload");
        return guid;
    }

    private String stage(String pkg) {
        JsonNode build = json(cli().body("{\"package\":{\"guid\":\"" + pkg + "\"}}").post("/v3/builds"), 201);
        String guid = text(build, "guid");
        JsonNode done = poll(() -> json(cli().get("/v3/builds/" + guid), 200),
                current -> !"STAGING".equals(text(current, "state")));
        if ("FAILED".equals(text(done, "state"))) {
            fail("staging failed: " + text(done, "error"));
        }
        String droplet = text(done.get("droplet"), "guid");
        JsonNode staged = json(cli().get("/v3/droplets/" + droplet), 200);
        assertEquals("STAGED", text(staged, "state"));
        text(staged, "created_at");
        return droplet;
    }

    private String deploy(String appGuid, String droplet) {
        JsonNode created = json(cli().body("{\"droplet\":{\"guid\":\"" + droplet + "\"},\"strategy\":\"" + strategy
                + "\",\"relationships\":{\"app\":{\"data\":{\"guid\":\"" + appGuid + "\"}}}}")
                .post("/v3/deployments"), 201);
        String guid = text(created, "guid");
        JsonNode processed = poll(() -> json(cli().get("/v3/deployments/" + guid), 200), current -> {
            JsonNode status = current.get("status");
            String value = text(status, "value");
            String reason = status.get("reason").asText();
            if (value.equals("FINALIZED") && !reason.equals("DEPLOYED")) {
                fail("Deployment has been " + reason.toLowerCase());
            }
            return value.equals("FINALIZED") || (strategy.equals("canary") && reason.equals("PAUSED"));
        });
        assertNotNull(processed.get("status").get("value"));
        return guid;
    }

    /** PollStart: every process has no instances or at least one RUNNING; all CRASHED fails. */
    private void waitForInstances(String appGuid) {
        JsonNode processes = json(cli().get("/v3/apps/" + appGuid + "/processes"), 200).get("resources");
        for (JsonNode process : processes) {
            String guid = text(process, "guid");
            poll(() -> json(cli().get("/v3/processes/" + guid + "/stats"), 200).get("resources"), stats -> {
                boolean running = false;
                boolean allCrashed = !stats.isEmpty();
                for (JsonNode instance : stats) {
                    running |= "RUNNING".equals(text(instance, "state"));
                    allCrashed &= "CRASHED".equals(text(instance, "state"));
                }
                if (allCrashed) {
                    fail("Start unsuccessful");
                }
                return stats.isEmpty() || running;
            });
        }
    }

    /** The end-of-command summary (clients.md §1.11), plus {@code GET /v3/processes/P} as push shows commands. */
    private Outcome summary(String appGuid, String droplet, String deployment) {
        JsonNode app = appByName();
        for (JsonNode process : json(cli().get("/v3/apps/" + appGuid + "/processes"), 200).get("resources")) {
            String guid = text(process, "guid");
            json(cli().get("/v3/processes/" + guid), 200);
            json(cli().get("/v3/processes/" + guid + "/sidecars"), 200);
            json(cli().get("/v3/processes/" + guid + "/stats"), 200);
        }
        List<String> routes = new ArrayList<>();
        for (JsonNode route : json(cli().get("/v3/apps/" + appGuid + "/routes"), 200).get("resources")) {
            routes.add(text(route, "url"));
        }
        Response current = cli().get("/v3/apps/" + appGuid + "/droplets/current");
        if (current.statusCode() == 404) {
            assertEquals("Droplet not found", errorDetail(current), "the only 404 the summary tolerates");
        } else {
            json(current, 200);
        }
        json(cli().queryParam("app_guids", appGuid).queryParam("order_by", "-created_at").queryParam("page", "1")
                .queryParam("per_page", "1").queryParam("status_values", "ACTIVE").get("/v3/deployments"), 200);
        return new Outcome(appGuid, droplet, deployment, routes, app);
    }

    private static String errorDetail(Response response) {
        try {
            return JSON.readTree(response.asString()).get("errors").get(0).get("detail").asText();
        } catch (Exception notJson) {
            throw new AssertionError("not a CF error: " + response.asString(), notJson);
        }
    }

    private RequestSpecification cli() {
        return Api.anonymous().header("Authorization", Tokens.bearer(token)).header("User-Agent", USER_AGENT);
    }

    private RequestSpecification yaml() {
        return cli().contentType("application/x-yaml");
    }

    private JsonNode json(Response response, int status) {
        assertEquals(status, response.statusCode(), response.asString());
        try {
            return JSON.readTree(response.asString());
        } catch (Exception notJson) {
            throw new AssertionError("the CLI decodes this answer as JSON: " + response.asString(), notJson);
        }
    }

    private static String text(JsonNode node, String field) {
        assertNotNull(node, "missing object holding " + field);
        JsonNode value = node.get(field);
        assertTrue(value != null && value.isTextual(), "the CLI reads " + field + " as a string: " + node);
        return value.textValue();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String sha1(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(content));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static <T> T poll(java.util.function.Supplier<T> read, Predicate<T> done) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            T value = read.get();
            if (done.test(value)) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                fail("still waiting after " + WAIT + ": " + value);
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new AssertionError(interrupted);
            }
        }
    }
}

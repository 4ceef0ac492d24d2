package io.cfdeploy.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cfdeploy.support.Api;
import io.cfdeploy.support.AppModelFixtures;
import io.cfdeploy.support.Db;
import io.cfdeploy.support.Errors;
import io.cfdeploy.support.Fixtures;
import io.cfdeploy.support.Json;
import io.cfdeploy.support.Members;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** POST /v3/deployments against PostgreSQL: each create path, the rendered JSON, the database afterwards. */
@QuarkusTest
class DeploymentsCreateTest {
    static final List<String> KEYS = List.of("guid", "created_at", "updated_at", "status", "strategy", "options",
            "droplet", "previous_droplet", "new_processes", "revision", "relationships", "metadata", "links");

    /** Plain JDBC, not injected, so that the …IT twin reads the same database from outside. */
    final DataSource db = Db.database();

    static String body(String app, String extra) {
        return "{\"relationships\":{\"app\":{\"data\":{\"guid\":\"" + app + "\"}}}"
                + (extra == null ? "" : "," + extra) + "}";
    }

    static Response create(String token, String app, String extra) {
        return Api.as(token).body(body(app, extra)).post("/v3/deployments");
    }

    static JsonNode created(String token, String app, String extra) {
        return Json.parse(create(token, app, extra).then().statusCode(201).extract().asString());
    }

    /** A stopped app with its web process and a current STAGED droplet (made through the API). */
    static String appWithDroplet(String space) {
        String app = AppModelFixtures.app(space);
        AppModelFixtures.currentDroplet(app, "rackup", null);
        return app;
    }

    /** Another STAGED droplet of the app. */
    static String stagedDroplet(String app) {
        return AppModelFixtures.droplet(app, Map.of("web", "rackup"), null);
    }

    /**
     * A started app with a current droplet and {@code instances} web instances. New instances of that droplet take
     * 30 s to start, so a deployment of it stays where the test put it while the test looks (the engine runs).
     */
    static String startedApp(String space, int instances) {
        String app = AppModelFixtures.app(space);
        AppModelFixtures.currentDroplet(app, "rackup", "slow:30");
        Api.asAdmin().body("{\"instances\":" + instances + "}").post("/v3/processes/" + app + "/actions/scale")
                .then().statusCode(202);
        AppModelFixtures.start(app);
        return app;
    }

    @Test
    void rollingDeploymentOfAStartedAppRendersAsCapiDoes() {
        Members members = Members.create();
        String app = startedApp(members.space(), 3);
        String droplet = Api.asAdmin().get("/v3/apps/" + app + "/droplets/current").then().statusCode(200)
                .extract().path("guid");
        JsonNode json = created(members.developer(), app, null);

        assertEquals(KEYS, Json.keys(json));
        String guid = json.get("guid").asText();
        String created = json.get("created_at").asText();
        assertEquals(created, json.get("updated_at").asText());
        assertEquals(Json.parse("{\"value\":\"ACTIVE\",\"reason\":\"DEPLOYING\",\"details\":{"
                + "\"last_successful_healthcheck\":\"" + created + "\",\"last_status_change\":\"" + created + "\"}}"),
                json.get("status"));
        assertEquals(List.of("value", "reason", "details"), Json.keys(json.get("status")));
        assertEquals(List.of("last_successful_healthcheck", "last_status_change"),
                Json.keys(json.get("status").get("details")));
        assertEquals("rolling", json.get("strategy").asText());
        assertEquals(Json.parse("{\"max_in_flight\":1}"), json.get("options"));
        assertEquals(droplet, json.get("droplet").get("guid").asText());
        assertEquals(droplet, json.get("previous_droplet").get("guid").asText());
        assertEquals(1, json.get("new_processes").size());
        String process = json.get("new_processes").get(0).get("guid").asText();
        assertEquals("web", json.get("new_processes").get(0).get("type").asText());
        assertEquals(List.of("guid", "version"), Json.keys(json.get("revision")));
        assertEquals(1, json.get("revision").get("version").asInt());
        assertEquals(Json.parse("{\"app\":{\"data\":{\"guid\":\"" + app + "\"}}}"), json.get("relationships"));
        assertEquals(Json.parse("{\"labels\":{},\"annotations\":{}}"), json.get("metadata"));
        String self = json.get("links").get("self").get("href").asText();
        assertTrue(self.endsWith("/v3/deployments/" + guid));
        assertEquals(List.of("self", "app", "cancel"), Json.keys(json.get("links")));
        assertTrue(json.get("links").get("app").get("href").asText().endsWith("/v3/apps/" + app));
        assertEquals(self + "/actions/cancel", json.get("links").get("cancel").get("href").asText());
        assertEquals("POST", json.get("links").get("cancel").get("method").asText());

        Db.assertRow(Db.single(db, "SELECT * FROM deployments WHERE guid = ?", guid), "state", "DEPLOYING",
                "status_value", "ACTIVE", "status_reason", "DEPLOYING", "original_web_process_instance_count", 3,
                "deploying_web_process_guid", process, "droplet_guid", droplet, "previous_droplet_guid", droplet);
        // the deploying process: a web clone with min(max_in_flight 1, 3 original) instances
        Db.assertRow(Db.single(db, "SELECT * FROM processes WHERE guid = ?", process), "type", "web",
                "instances", 1);
        assertEquals(2, Db.count(db, "SELECT count(*) FROM processes p JOIN apps a ON a.id = p.app_id"
                + " WHERE a.guid = ? AND p.type = 'web'", app));
        Map<String, Object> event = Db.single(db, "SELECT * FROM audit_events WHERE type = "
                + "'audit.app.deployment.create' AND target_guid = ?", app);
        Db.assertRow(event, "target_type", "app", "space_guid", members.space(), "organization_guid", members.org());
        assertEquals(Json.parse("{\"deployment_guid\":\"" + guid + "\",\"droplet_guid\":\"" + droplet + "\","
                + "\"type\":null,\"revision_guid\":\"" + json.get("revision").get("guid").asText() + "\","
                + "\"request\":" + body(app, null) + ",\"strategy\":\"rolling\"}"),
                Json.parse((String) event.get("data")));

        // GET /v3/apps/:guid/processes/web is the newest web process: the deploying one
        Api.as(members.developer()).get("/v3/apps/" + app + "/processes/web").then().statusCode(200)
                .body("guid", org.hamcrest.Matchers.equalTo(process));
        // the same deployment is shown by GET
        assertEquals(json, Json.parse(Api.as(members.auditor()).get("/v3/deployments/" + guid).then()
                .statusCode(200).extract().asString()));
    }

    @Test
    void optionsAreEchoedAndApplied() {
        Members members = Members.create();
        String app = startedApp(members.space(), 3);
        JsonNode json = created(members.supporter(), app, "\"options\":{\"max_in_flight\":2,\"web_instances\":0,"
                + "\"memory_in_mb\":512,\"disk_in_mb\":256,\"log_rate_limit_in_bytes_per_second\":-1}");
        assertEquals(List.of("max_in_flight", "web_instances", "memory_in_mb", "disk_in_mb",
                "log_rate_limit_in_bytes_per_second"), Json.keys(json.get("options")));
        assertEquals(Json.parse("{\"max_in_flight\":2,\"web_instances\":0,\"memory_in_mb\":512,\"disk_in_mb\":256,"
                + "\"log_rate_limit_in_bytes_per_second\":-1}"), json.get("options"));
        String process = json.get("new_processes").get(0).get("guid").asText();
        Db.assertRow(Db.single(db, "SELECT * FROM processes WHERE guid = ?", process), "instances", 0,
                "memory_in_mb", 512, "disk_in_mb", 256, "log_rate_limit_in_bytes_per_second", -1L);
    }

    @Test
    void initialInstancesFollowMaxInFlightAndWebInstances() {
        Members members = Members.create();
        assertEquals(2, instancesOf(created(Api(), startedApp(members.space(), 3), "\"options\":{\"max_in_flight\":2}")));
        assertEquals(3, instancesOf(created(Api(), startedApp(members.space(), 3), "\"options\":{\"max_in_flight\":100}")));
        assertEquals(5, instancesOf(created(Api(), startedApp(members.space(), 3),
                "\"options\":{\"max_in_flight\":200,\"web_instances\":5}")));
    }

    private static String Api() {
        return io.cfdeploy.support.Tokens.admin();
    }

    private int instancesOf(JsonNode deployment) {
        return ((Number) Db.single(db, "SELECT instances FROM processes WHERE guid = ?",
                deployment.get("new_processes").get(0).get("guid").asText()).get("instances")).intValue();
    }

    @Test
    void canaryWithoutStepsStartsOneInstance() {
        Members members = Members.create();
        JsonNode json = created(members.developer(), startedApp(members.space(), 3), "\"strategy\":\"canary\","
                + "\"options\":{\"max_in_flight\":5}");
        assertEquals(List.of("value", "reason", "details", "canary"), Json.keys(json.get("status")));
        assertEquals(Json.parse("{\"steps\":{\"current\":1,\"total\":1}}"), json.get("status").get("canary"));
        assertEquals(Json.parse("{\"max_in_flight\":5}"), json.get("options"));
        assertEquals("DEPLOYING", json.get("status").get("reason").asText());
        assertEquals(List.of("self", "app", "cancel"), Json.keys(json.get("links")));
        assertEquals(1, instancesOf(json));
        Db.assertRow(Db.single(db, "SELECT state FROM deployments WHERE guid = ?", json.get("guid").asText()),
                "state", "PREPAUSED");
    }

    @Test
    void canaryWithStepsUsesTheFirstWeight() {
        Members members = Members.create();
        JsonNode json = created(members.developer(), startedApp(members.space(), 10), "\"strategy\":\"canary\","
                + "\"options\":{\"max_in_flight\":100,\"canary\":{\"steps\":[{\"instance_weight\":20},"
                + "{\"instance_weight\":60}]}}");
        assertEquals(Json.parse("{\"steps\":{\"current\":1,\"total\":2}}"), json.get("status").get("canary"));
        assertEquals(Json.parse("{\"max_in_flight\":100,\"canary\":{\"steps\":[{\"instance_weight\":20},"
                + "{\"instance_weight\":60}]}}"), json.get("options"));
        assertEquals(2, instancesOf(json));
    }

    @Test
    void aStoppedAppIsDeployedAtOnceAndStarted() {
        Members members = Members.create();
        String app = appWithDroplet(members.space());
        JsonNode json = created(members.developer(), app, "\"options\":{\"web_instances\":4,\"memory_in_mb\":256}");
        assertEquals("FINALIZED", json.get("status").get("value").asText());
        assertEquals("DEPLOYED", json.get("status").get("reason").asText());
        assertEquals(0, json.get("new_processes").size());
        assertEquals(List.of("self", "app"), Json.keys(json.get("links")));
        Db.assertRow(Db.single(db, "SELECT desired_state FROM apps WHERE guid = ?", app), "desired_state",
                "STARTED");
        Db.assertRow(Db.single(db, "SELECT instances, memory_in_mb FROM processes WHERE guid = ?", app),
                "instances", 4, "memory_in_mb", 256);
        assertEquals(1, Db.count(db, "SELECT count(*) FROM audit_events WHERE type = 'audit.app.start'"
                + " AND target_guid = ?", app));
        Db.assertRow(Db.single(db, "SELECT state FROM deployments WHERE guid = ?", json.get("guid").asText()),
                "state", "DEPLOYED");
    }

    @Test
    void aSecondDeploymentSupersedesTheActiveOne() {
        Members members = Members.create();
        String app = startedApp(members.space(), 2);
        String first = created(members.developer(), app, null).get("guid").asText();
        JsonNode second = created(members.developer(), app, null);
        JsonNode old = Json.parse(Api.as(members.developer()).get("/v3/deployments/" + first).then().statusCode(200)
                .extract().asString());
        assertEquals("FINALIZED", old.get("status").get("value").asText());
        assertEquals("SUPERSEDED", old.get("status").get("reason").asText());
        assertEquals(List.of("self", "app"), Json.keys(old.get("links")));
        Db.assertRow(Db.single(db, "SELECT state, original_web_process_instance_count FROM deployments"
                + " WHERE guid = ?", first), "state", "DEPLOYED", "original_web_process_instance_count", 2);
        Db.assertRow(Db.single(db, "SELECT original_web_process_instance_count FROM deployments WHERE guid = ?",
                second.get("guid").asText()), "original_web_process_instance_count", 2);
        // the same droplet again reuses the revision
        assertEquals(1, second.get("revision").get("version").asInt());

        // a canary superseded while PREPAUSED ends CANCELED
        String canary = created(members.developer(), app, "\"strategy\":\"canary\"").get("guid").asText();
        created(members.developer(), app, null);
        Db.assertRow(Db.single(db, "SELECT state, status_value, status_reason FROM deployments WHERE guid = ?",
                canary), "state", "CANCELED", "status_value", "FINALIZED", "status_reason", "SUPERSEDED");
        assertEquals(1, Db.count(db, "SELECT count(*) FROM deployments d JOIN apps a ON a.id = d.app_id"
                + " WHERE a.guid = ? AND d.status_value = 'ACTIVE'", app));
    }

    @Test
    void aGivenDropletBecomesCurrentWithANewRevision() {
        Members members = Members.create();
        String app = startedApp(members.space(), 1);
        String previous = Api.asAdmin().get("/v3/apps/" + app + "/droplets/current").then().extract().path("guid");
        String droplet = stagedDroplet(app);
        JsonNode json = created(members.developer(), app, "\"droplet\":{\"guid\":\"" + droplet + "\"}");
        assertEquals(droplet, json.get("droplet").get("guid").asText());
        assertEquals(previous, json.get("previous_droplet").get("guid").asText());
        Db.assertRow(Db.single(db, "SELECT droplet_guid FROM apps WHERE guid = ?", app), "droplet_guid", droplet);
        // the start made revision 1 ("Initial revision."); the deployment's droplet makes the next one
        Db.assertRow(Db.single(db, "SELECT version, description FROM revisions WHERE guid = ?",
                json.get("revision").get("guid").asText()), "version", 2, "description", "New droplet deployed.");
        assertEquals(1, Db.count(db, "SELECT count(*) FROM audit_events WHERE type = 'audit.app.droplet.mapped'"
                + " AND target_guid = ? AND data -> 'request' ->> 'droplet_guid' = ?", app, droplet));

        Errors.unprocessable(create(members.developer(), app, "\"droplet\":{\"guid\":\"" + Fixtures.newGuid() + "\"}"),
                "Unable to assign current droplet. Ensure the droplet exists and belongs to this app.");
        Errors.unprocessable(create(members.developer(), app, "\"droplet\":{\"guid\":\"" + AppModelFixtures.droplet(app, "AWAITING_UPLOAD", Map.of("web", "rackup"), null)
                + "\"}"), "droplet must be in staged state");
        // nothing of a refused create is left behind
        Db.assertRow(Db.single(db, "SELECT droplet_guid FROM apps WHERE guid = ?", app), "droplet_guid", droplet);
    }

    @Test
    void rollbackToARevision() {
        Members members = Members.create();
        String app = startedApp(members.space(), 1);
        JsonNode first = created(members.developer(), app, null);
        String droplet = stagedDroplet(app);
        created(members.developer(), app, "\"droplet\":{\"guid\":\"" + droplet + "\"}");
        String revision1 = first.get("revision").get("guid").asText();

        JsonNode rollback = created(members.developer(), app, "\"revision\":{\"guid\":\"" + revision1 + "\"}");
        assertEquals(3, rollback.get("revision").get("version").asInt());
        assertEquals(first.get("droplet").get("guid").asText(), rollback.get("droplet").get("guid").asText());
        Db.assertRow(Db.single(db, "SELECT description FROM revisions WHERE guid = ?",
                rollback.get("revision").get("guid").asText()), "description",
                "New droplet deployed. Rolled back to revision 1.");
        Map<String, Object> event = Db.single(db, "SELECT data FROM audit_events WHERE type = "
                + "'audit.app.deployment.create' AND data ->> 'deployment_guid' = ?", rollback.get("guid").asText());
        assertEquals("rollback", Json.parse((String) event.get("data")).get("type").asText());

        Errors.unprocessable(create(members.developer(), app, "\"revision\":{\"guid\":\""
                + rollback.get("revision").get("guid").asText() + "\"}"), "Unable to rollback. The code and "
                + "configuration you are rolling back to is the same as the deployed revision.");
        Errors.unprocessable(create(members.developer(), app, "\"revision\":{\"guid\":\"" + Fixtures.newGuid()
                + "\"}"), "The revision does not exist");
    }

    @Test
    void badRevisionsWeightsAndInstanceCountsAreRefusedAndNothingIsCreated() {
        Members members = Members.create();
        String app = startedApp(members.space(), 1);
        for (String revision : new String[] { "[]", "\"\"", "false" }) {
            Errors.unprocessable(create(members.developer(), app, "\"revision\":" + revision),
                    "Revision must be an object");
        }
        Errors.unprocessable(create(members.developer(), app, "\"strategy\":\"canary\",\"options\":{\"canary\":"
                + "{\"steps\":[{\"instance_weight\":50},{\"instance_weight\":0}]}}"),
                "Options canary steps instance weight must be an Integer between 1-100 (inclusive), "
                        + "Options canary steps instance weight must be sorted in ascending order");
        Errors.unprocessable(create(members.developer(), app, "\"options\":{\"web_instances\":2147483647,"
                + "\"max_in_flight\":2147483647}"), "Web instances must be less than or equal to 1000, "
                + "Max in flight must be less than or equal to 1000");
        assertEquals(0L, Db.single(db, "SELECT count(*) AS n FROM deployments d JOIN apps a ON a.id = d.app_id "
                + "WHERE a.guid = ?", app).get("n"));
    }

    @Test
    void deploymentsWithTheSameTimestampsListInGuidOrderBothWays() {
        Members members = Members.create();
        String app = startedApp(members.space(), 1);
        List<String> guids = new java.util.ArrayList<>();
        for (int index = 0; index < 3; index++) {
            guids.add(created(members.developer(), app, null).get("guid").asText());
        }
        Db.update(db, "UPDATE deployments SET created_at = '2026-01-02T03:04:05Z', updated_at = "
                + "'2026-01-02T03:04:05Z' WHERE guid = ANY (?)", (Object) guids.toArray(new String[0]));
        java.util.Collections.sort(guids);
        List<String> descending = new java.util.ArrayList<>(guids);
        java.util.Collections.reverse(descending);
        for (String order : List.of("created_at", "-created_at", "updated_at", "-updated_at")) {
            List<String> listed = new java.util.ArrayList<>();
            for (int page = 1; page <= 3; page++) {
                listed.addAll(Api.as(members.developer()).queryParam("app_guids", app).queryParam("order_by", order)
                        .queryParam("per_page", 1).queryParam("page", page).get("/v3/deployments").then()
                        .statusCode(200).extract().<List<String>>path("resources.guid"));
            }
            assertEquals(order.startsWith("-") ? descending : guids, listed, order);
        }
    }

    @Test
    void revisionsDisabled() {
        Members members = Members.create();
        String app = startedApp(members.space(), 1);
        Api.asAdmin().body("{\"enabled\":false}").patch("/v3/apps/" + app + "/features/revisions").then()
                .statusCode(200);
        Errors.unprocessable(create(members.developer(), app, "\"revision\":{\"guid\":\"" + Fixtures.newGuid()
                + "\"}"), "Cannot create deployment from a revision for an app without revisions enabled");
        JsonNode json = created(members.developer(), app, null);
        assertTrue(json.get("revision").isNull());
    }

    @Test
    void anAppWithoutDropletCannotBeDeployed() {
        Members members = Members.create();
        String app = AppModelFixtures.app(members.space());
        Errors.unprocessable(create(members.developer(), app, null), "Invalid droplet. Please specify a droplet in "
                + "the request or set a current droplet for the app.");
    }

    @Test
    void validationComesBeforeAccessAndAccessProblemsAre422() {
        Members members = Members.create();
        String app = appWithDroplet(members.space());
        Errors.unprocessable(create(members.noRole(), app, "\"strategy\":\"potato\""),
                "Strategy 'potato' is not a supported deployment strategy");
        String unable = "Unable to use app. Ensure that the app exists and you have access to it.";
        for (String token : List.of(members.noRole(), members.auditor(), members.spaceManager(),
                members.orgManager(), members.orgAuditor())) {
            Errors.unprocessable(create(token, app, null), unable);
        }
        // a global auditor's token in Members has no cloud_controller.write: 403 before anything else
        Errors.notAuthorized(create(members.globalAuditor(), app, null));
        Errors.unprocessable(create(members.developer(), Fixtures.newGuid(), null), unable);
        Errors.unprocessable(Api.as(members.developer()).body("{}").post("/v3/deployments"), unable);
        Errors.unprocessable(Api.as(members.developer()).body("{\"options\":\"\",\"relationships\":5}")
                .post("/v3/deployments"), "Relationships must be an object, Options must be an object");
        Errors.unprocessable(create(members.developer(), app, "\"strategy\":\"canary\",\"options\":{\"canary\":"
                + "{\"steps\":[]}}"), "Options canary steps must contain at least one step");
        Errors.expect(Api.as(members.developer()).body("{").post("/v3/deployments"), 400, "CF-MessageParseError",
                1001, "Request invalid due to parse error: invalid request body");
        assertEquals(0, Db.count(db, "SELECT count(*) FROM deployments d JOIN apps a ON a.id = d.app_id"
                + " WHERE a.guid = ?", app));
    }

    @Test
    void suspendedOrganization() {
        Members members = Members.create();
        String app = appWithDroplet(members.space());
        Fixtures.suspend(members.org());
        Errors.orgSuspended(create(members.developer(), app, null));
        created(io.cfdeploy.support.Tokens.admin(), app, null);
    }

    @Test
    void metadataIsAppliedOnCreate() {
        Members members = Members.create();
        JsonNode json = created(members.developer(), appWithDroplet(members.space()),
                "\"metadata\":{\"labels\":{\"release\":\"stable\"},\"annotations\":{\"note\":\"x\"}}");
        assertEquals(Json.parse("{\"labels\":{\"release\":\"stable\"},\"annotations\":{\"note\":\"x\"}}"),
                json.get("metadata"));
    }

    @Test
    void writeScopeIsNeeded() {
        Members members = Members.create();
        String app = appWithDroplet(members.space());
        String readOnly = io.cfdeploy.support.Tokens.forUser(Fixtures.newGuid(), List.of("cloud_controller.read"));
        Errors.notAuthorized(create(readOnly, app, null));
        Errors.expect(Api.anonymous().body(body(app, null)).post("/v3/deployments"), 401, "CF-NotAuthenticated",
                10002, "Authentication error");
    }

    @Test
    void concurrentCreatesLeaveOneActiveDeployment() throws Exception {
        Members members = Members.create();
        String app = startedApp(members.space(), 2);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Integer>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(pool.submit(() -> create(members.developer(), app, null).statusCode()));
            }
            for (java.util.concurrent.Future<Integer> result : results) {
                assertEquals(201, result.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, Db.count(db, "SELECT count(*) FROM deployments d JOIN apps a ON a.id = d.app_id"
                + " WHERE a.guid = ? AND d.status_value = 'ACTIVE'", app));
        assertEquals(3, Db.count(db, "SELECT count(*) FROM deployments d JOIN apps a ON a.id = d.app_id"
                + " WHERE a.guid = ? AND d.status_reason = 'SUPERSEDED'", app));
        // one new process per deployment, never a duplicate (the engine may already have removed interim ones)
        assertEquals(4, Db.count(db, "SELECT count(DISTINCT d.deploying_web_process_guid) FROM deployments d "
                + "JOIN apps a ON a.id = d.app_id WHERE a.guid = ?", app));
        long web = Db.count(db, "SELECT count(*) FROM processes p JOIN apps a ON a.id = p.app_id"
                + " WHERE a.guid = ? AND p.type = 'web'", app);
        assertTrue(web >= 1 && web <= 5, "web processes: " + web);
    }
}

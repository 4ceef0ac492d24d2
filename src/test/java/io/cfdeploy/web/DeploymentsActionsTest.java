package io.cfdeploy.web;

import static io.cfdeploy.support.Fixtures.newGuid;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cfdeploy.support.Api;
import io.cfdeploy.support.Db;
import io.cfdeploy.support.Errors;
import io.cfdeploy.support.Fixtures;
import io.cfdeploy.support.Json;
import io.cfdeploy.support.Members;
import io.cfdeploy.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.awaitility.Awaitility;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** GET, list, PATCH, cancel, continue, the role matrix of spec §7 and the in-flight guards. */
@QuarkusTest
class DeploymentsActionsTest {
    private static final String NOT_FOUND = "Deployment not found";

    /** Plain JDBC, not injected, so that the …IT twin reads the same database from outside. */
    final DataSource db = Db.database();

    private void sql(String statement, Object... args) {
        try (Connection connection = db.getConnection();
                PreparedStatement prepared = connection.prepareStatement(statement)) {
            for (int i = 0; i < args.length; i++) {
                prepared.setObject(i + 1, args[i]);
            }
            prepared.executeUpdate();
        } catch (SQLException exception) {
            throw new IllegalStateException(exception);
        }
    }

    /** Puts the deployment in an internal state with its usual status (what the engine will do). */
    private void setState(String deployment, String state, String value, String reason) {
        sql("UPDATE deployments SET state = ?, status_value = ?, status_reason = ? WHERE guid = ?", state, value,
                reason, deployment);
    }

    private static String deploy(String token, String app, String extra) {
        return DeploymentsCreateTest.created(token, app, extra).get("guid").asText();
    }

    private static Response cancel(String token, String deployment) {
        return Api.as(token).post("/v3/deployments/" + deployment + "/actions/cancel");
    }

    private static Response proceed(String token, String deployment) {
        return Api.as(token).post("/v3/deployments/" + deployment + "/actions/continue");
    }

    /** A STAGED droplet whose instances never turn routable: a deployment of it stays in flight. */
    static String unreadyDroplet(String app) {
        String droplet = DeploymentsCreateTest.stagedDroplet(app);
        Api.asAdmin().body("{\"metadata\":{\"annotations\":{\"cfdeploy.io/simulate\":\"unready\"}}}")
                .patch("/v3/droplets/" + droplet).then().statusCode(200);
        return droplet;
    }

    /** Polls the deployment (each GET advances it if a step is due) until its status reason is the one given. */
    static JsonNode awaitReason(String deployment, String reason) {
        return Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> show(deployment), json -> reason.equals(json.get("status").get("reason").asText()));
    }

    private static JsonNode show(String deployment) {
        return Json.parse(Api.asAdmin().get("/v3/deployments/" + deployment).then().statusCode(200).extract()
                .asString());
    }

    /** A token per role of spec §7, in the members' org and space. */
    private static Map<String, String> tokens(Members members) {
        Map<String, String> tokens = new LinkedHashMap<>();
        List<String> writeScopes = List.of("cloud_controller.read", "cloud_controller.write");
        tokens.put("admin", Tokens.admin());
        tokens.put("admin_read_only", Tokens.forUser(newGuid(), List.of("cloud_controller.admin_read_only",
                "cloud_controller.read", "cloud_controller.write")));
        tokens.put("global_auditor", Tokens.forUser(newGuid(), List.of("cloud_controller.global_auditor",
                "cloud_controller.read", "cloud_controller.write")));
        for (String orgRole : List.of("organization_manager", "organization_auditor",
                "organization_billing_manager")) {
            String user = newGuid();
            Fixtures.orgRole(orgRole, user, members.org());
            tokens.put(orgRole, Tokens.forUser(user, writeScopes));
        }
        for (String spaceRole : List.of("space_developer", "space_supporter", "space_manager", "space_auditor")) {
            tokens.put(spaceRole, Tokens.user(Fixtures.spaceMember(spaceRole, members.org(), members.space())));
        }
        tokens.put("no_role", Tokens.user(newGuid()));
        return tokens;
    }

    @Test
    void roleMatrixOfSpecSection7() {
        Members members = Members.create();
        Set<String> readers = Set.of("admin", "admin_read_only", "global_auditor", "organization_manager",
                "space_developer", "space_supporter", "space_manager", "space_auditor");
        Set<String> creators = Set.of("admin", "space_developer", "space_supporter");
        Set<String> patchers = Set.of("admin", "space_developer");
        String unable = "Unable to use app. Ensure that the app exists and you have access to it.";
        for (Map.Entry<String, String> role : tokens(members).entrySet()) {
            String name = role.getKey();
            String token = role.getValue();
            String app = DeploymentsCreateTest.startedApp(members.space(), 1);
            String deployment = deploy(Tokens.admin(), app, "\"strategy\":\"canary\"");
            setState(deployment, "PAUSED", "ACTIVE", "PAUSED");

            // show and list
            if (readers.contains(name)) {
                Api.as(token).get("/v3/deployments/" + deployment).then().statusCode(200);
                Api.as(token).get("/v3/deployments?app_guids=" + app).then().statusCode(200)
                        .body("resources.guid", contains(deployment));
            } else {
                Errors.notFound(Api.as(token).get("/v3/deployments/" + deployment), NOT_FOUND);
                Api.as(token).get("/v3/deployments?app_guids=" + app).then().statusCode(200)
                        .body("resources", empty());
            }
            // PATCH: invisible → 404, visible non-writer → 403
            Response patch = Api.as(token).body("{\"metadata\":{\"labels\":{\"k\":\"v\"}}}")
                    .patch("/v3/deployments/" + deployment);
            if (patchers.contains(name)) {
                patch.then().statusCode(200).body("metadata.labels.k", equalTo("v"));
            } else if (readers.contains(name)) {
                Errors.notAuthorized(patch);
            } else {
                Errors.notFound(patch, NOT_FOUND);
            }
            // continue and cancel: anyone but admin / developer / supporter gets 404
            if (creators.contains(name)) {
                proceed(token, deployment).then().statusCode(200);
                cancel(token, deployment).then().statusCode(200);
                DeploymentsCreateTest.create(token, app, null).then().statusCode(201);
            } else {
                Errors.notFound(proceed(token, deployment), NOT_FOUND);
                Errors.notFound(cancel(token, deployment), NOT_FOUND);
                Errors.unprocessable(DeploymentsCreateTest.create(token, app, null), unable);
            }
        }
    }

    @Test
    void showAndListOfUnknownGuids() {
        Errors.notFound(Api.asAdmin().get("/v3/deployments/" + newGuid()), NOT_FOUND);
        Errors.notFound(Api.asAdmin().body("{}").patch("/v3/deployments/" + newGuid()), NOT_FOUND);
        Errors.notFound(cancel(Tokens.admin(), newGuid()), NOT_FOUND);
        Errors.notFound(proceed(Tokens.admin(), newGuid()), NOT_FOUND);
    }

    @Test
    void listFiltersAndOrder() {
        Members members = Members.create();
        String app = DeploymentsCreateTest.startedApp(members.space(), 1);
        String other = DeploymentsCreateTest.startedApp(members.space(), 1);
        String first = deploy(members.developer(), app, "\"metadata\":{\"labels\":{\"tier\":\"one\"}}");
        String second = deploy(members.developer(), app, "\"strategy\":\"canary\"");
        String third = deploy(members.developer(), other, null);
        String list = "/v3/deployments?app_guids=" + app + "," + other;

        Api.as(members.auditor()).get(list).then().statusCode(200)
                .body("resources.guid", contains(first, second, third)).body("pagination.total_results", equalTo(3));
        Api.as(members.auditor()).get(list + "&order_by=-created_at").then().statusCode(200)
                .body("resources.guid", contains(third, second, first));
        Api.as(members.auditor()).get(list + "&order_by=updated_at").then().statusCode(200)
                .body("resources.guid", containsInAnyOrder(first, second, third));
        Api.as(members.auditor()).get("/v3/deployments?app_guids=" + other).then()
                .body("resources.guid", contains(third));
        Api.as(members.auditor()).get("/v3/deployments?guids=" + first + "," + third).then()
                .body("resources.guid", contains(first, third));
        Api.as(members.auditor()).get(list + "&states=PREPAUSED").then().body("resources.guid", contains(second));
        Api.as(members.auditor()).get(list + "&states=DEPLOYING,DEPLOYED").then()
                .body("resources.guid", contains(first, third));
        Api.as(members.auditor()).get(list + "&states=nonsense").then().body("resources", empty());
        Api.as(members.auditor()).get(list + "&status_values=FINALIZED").then()
                .body("resources.guid", contains(first));
        Api.as(members.auditor()).get(list + "&status_values=ACTIVE").then()
                .body("resources.guid", contains(second, third));
        Api.as(members.auditor()).get(list + "&status_reasons=SUPERSEDED").then()
                .body("resources.guid", contains(first));
        // an empty element also matches a reason that is NULL (legacy rows)
        sql("UPDATE deployments SET status_reason = NULL WHERE guid = ?", third);
        Api.as(members.auditor()).get(list + "&status_reasons=").then().body("resources.guid", contains(third));
        Api.as(members.auditor()).get(list + "&status_reasons=SUPERSEDED,,CANCELED").then()
                .body("resources.guid", contains(first, third));
        Api.as(members.auditor()).get(list + "&label_selector=tier=one").then()
                .body("resources.guid", contains(first));
        Api.as(members.auditor()).get(list + "&label_selector=!tier").then()
                .body("resources.guid", contains(second, third));
        String created = show(second).get("created_at").asText();
        Api.as(members.auditor()).get(list + "&created_ats[lt]=2000-01-01T00:00:00Z").then()
                .body("resources", empty());
        Api.as(members.auditor()).get(list + "&updated_ats[gte]=" + created).then().statusCode(200);
        Api.as(members.auditor()).get(list + "&per_page=2").then().body("resources.guid", contains(first, second))
                .body("pagination.total_pages", equalTo(2));
        Api.as(members.auditor()).get(list + "&per_page=2&page=2").then().body("resources.guid", contains(third));
        Errors.badQuery(Api.as(members.auditor()).get("/v3/deployments?foo=bar"), "Unknown query parameter(s): 'foo'. Valid parameters are: 'page', 'per_page', 'order_by', "
                + "'created_ats', 'updated_ats', 'guids', 'app_guids', 'states', 'status_reasons', 'status_values', "
                + "'label_selector'");
        Errors.badQuery(Api.as(members.auditor()).get("/v3/deployments?order_by=name"),
                "Order by can only be: 'created_at', 'updated_at'");
    }

    @Test
    void patchUpdatesMetadataOnly() {
        Members members = Members.create();
        String app = DeploymentsCreateTest.startedApp(members.space(), 1);
        String deployment = deploy(members.developer(), app, "\"metadata\":{\"labels\":{\"a\":\"1\",\"b\":\"2\"}}");
        JsonNode json = Json.parse(Api.as(members.developer())
                .body("{\"metadata\":{\"labels\":{\"a\":null,\"c\":\"3\"},\"annotations\":{\"n\":\"x\"}}}")
                .patch("/v3/deployments/" + deployment).then().statusCode(200).extract().asString());
        assertEquals(DeploymentsCreateTest.KEYS, Json.keys(json));
        assertEquals(Json.parse("{\"labels\":{\"b\":\"2\",\"c\":\"3\"},\"annotations\":{\"n\":\"x\"}}"),
                json.get("metadata"));
        Errors.unprocessable(Api.as(members.developer()).body("{\"strategy\":\"rolling\"}")
                .patch("/v3/deployments/" + deployment), "Unknown field(s): 'strategy'");
        Errors.unprocessable(Api.as(members.developer()).body("{\"metadata\":{\"labels\":{\"-x\":\"1\"}}}")
                .patch("/v3/deployments/" + deployment),
                "Metadata label key error: '-x' starts or ends with invalid characters");
        Fixtures.suspend(members.org());
        Errors.orgSuspended(Api.as(members.developer()).body("{}").patch("/v3/deployments/" + deployment));
    }

    @Test
    void cancelRestoresThePreviousDropletAndTheEngineFinishesIt() {
        Members members = Members.create();
        String app = DeploymentsCreateTest.startedApp(members.space(), 1);
        String previous = Api.asAdmin().get("/v3/apps/" + app + "/droplets/current").then().extract().path("guid");
        String droplet = unreadyDroplet(app);
        String deployment = deploy(members.developer(), app, "\"droplet\":{\"guid\":\"" + droplet + "\"}");

        Response response = cancel(members.supporter(), deployment);
        response.then().statusCode(200);
        assertEquals("", response.asString());
        // the droplet and the audit event are written before the answer
        Db.assertRow(Db.single(db, "SELECT droplet_guid FROM apps WHERE guid = ?", app), "droplet_guid", previous);
        Map<String, Object> event = Db.single(db, "SELECT * FROM audit_events WHERE type = "
                + "'audit.app.deployment.cancel' AND target_guid = ?", app);
        assertEquals(Json.parse("{\"deployment_guid\":\"" + deployment + "\",\"droplet_guid\":\"" + droplet + "\"}"),
                Json.parse((String) event.get("data")));
        // then the engine finishes the cancel: CANCELED, only the original process left
        JsonNode canceled = awaitReason(deployment, "CANCELED");
        assertEquals("FINALIZED", canceled.get("status").get("value").asText());
        assertEquals(List.of("self", "app"), Json.keys(canceled.get("links")));
        Db.assertRow(Db.single(db, "SELECT state FROM deployments WHERE guid = ?", deployment), "state", "CANCELED");
        assertEquals(1, Db.count(db, "SELECT count(*) FROM processes p JOIN apps a ON a.id = p.app_id "
                + "WHERE a.guid = ? AND p.type = 'web'", app));

        // a CANCELING deployment (put there directly: the engine is not told) refuses continue, accepts cancel
        setState(deployment, "CANCELING", "ACTIVE", "CANCELING");
        Errors.unprocessable(proceed(members.developer(), deployment),
                "Cannot continue a deployment with status: ACTIVE and reason: CANCELING");
        cancel(members.developer(), deployment).then().statusCode(200);
        assertEquals(2, Db.count(db, "SELECT count(*) FROM audit_events WHERE type = "
                + "'audit.app.deployment.cancel' AND target_guid = ?", app));
        awaitReason(deployment, "CANCELED");
    }

    @Test
    void cancelAndContinueFromEveryState() {
        Members members = Members.create();
        String app = DeploymentsCreateTest.startedApp(members.space(), 1);
        String deployment = deploy(members.developer(), app, "\"droplet\":{\"guid\":\"" + unreadyDroplet(app)
                + "\"}");
        Object[][] finalized = {{"DEPLOYED", "DEPLOYED"}, {"CANCELED", "CANCELED"}, {"DEPLOYED", "SUPERSEDED"},
                {"CANCELED", "SUPERSEDED"}};
        for (Object[] state : finalized) {
            setState(deployment, (String) state[0], "FINALIZED", (String) state[1]);
            Errors.unprocessable(cancel(members.developer(), deployment),
                    "Cannot cancel a deployment with status: FINALIZED and reason: " + state[1]);
            Errors.unprocessable(proceed(members.developer(), deployment),
                    "Cannot continue a deployment with status: FINALIZED and reason: " + state[1]);
        }
        for (String active : List.of("DEPLOYING", "PREPAUSED", "PAUSED")) {
            setState(deployment, active, "ACTIVE", active.equals("PAUSED") ? "PAUSED" : "DEPLOYING");
            if (!active.equals("PAUSED")) {
                Errors.unprocessable(proceed(members.developer(), deployment),
                        "Cannot continue a deployment with status: ACTIVE and reason: DEPLOYING");
            }
            cancel(members.developer(), deployment).then().statusCode(200);
            // CANCELING when answered, CANCELED once the engine has run
            assertTrue(Set.of("CANCELING", "CANCELED").contains(Db.single(db, "SELECT state FROM deployments "
                    + "WHERE guid = ?", deployment).get("state")));
            awaitReason(deployment, "CANCELED");
        }
    }

    @Test
    void continueWalksTheCanarySteps() {
        Members members = Members.create();
        String app = DeploymentsCreateTest.startedApp(members.space(), 4);
        String deployment = deploy(members.developer(), app, "\"strategy\":\"canary\",\"options\":{\"canary\":"
                + "{\"steps\":[{\"instance_weight\":25},{\"instance_weight\":50}]}}");
        setState(deployment, "PAUSED", "ACTIVE", "PAUSED");
        JsonNode paused = show(deployment);
        assertEquals(List.of("self", "app", "cancel", "continue"), Json.keys(paused.get("links")));
        assertEquals("POST", paused.get("links").get("continue").get("method").asText());
        assertEquals("PAUSED", paused.get("status").get("reason").asText());

        Response response = proceed(members.developer(), deployment);
        response.then().statusCode(200);
        assertEquals("", response.asString());
        JsonNode next = show(deployment);
        assertEquals(Json.parse("{\"steps\":{\"current\":2,\"total\":2}}"), next.get("status").get("canary"));
        assertEquals("DEPLOYING", next.get("status").get("reason").asText());
        Db.assertRow(Db.single(db, "SELECT state FROM deployments WHERE guid = ?", deployment), "state",
                "PREPAUSED");

        setState(deployment, "PAUSED", "ACTIVE", "PAUSED");
        proceed(members.supporter(), deployment).then().statusCode(200);
        Db.assertRow(Db.single(db, "SELECT state, canary_current_step FROM deployments WHERE guid = ?", deployment),
                "state", "DEPLOYING", "canary_current_step", 2);
        assertEquals(2, Db.count(db, "SELECT count(*) FROM audit_events WHERE type = "
                + "'audit.app.deployment.continue' AND target_guid = ?", app));
    }

    @Test
    void guardsWhileADeploymentIsInFlight() {
        Members members = Members.create();
        String app = DeploymentsCreateTest.startedApp(members.space(), 1);
        // an unready droplet: the deployment stays in flight
        String deployment = deploy(members.developer(), app, "\"droplet\":{\"guid\":\"" + unreadyDroplet(app)
                + "\"}");
        String web = show(deployment).get("new_processes").get(0).get("guid").asText();
        Errors.unprocessable(Api.as(members.developer()).body("{\"instances\":2}")
                .post("/v3/processes/" + web + "/actions/scale"),
                "Cannot scale this process while a deployment is in flight.");
        Errors.unprocessable(Api.as(members.developer()).body("{\"instances\":2}")
                .post("/v3/processes/" + app + "/actions/scale"),
                "Cannot scale this process while a deployment is in flight.");
        Errors.unprocessable(Api.as(members.developer()).body("{\"command\":\"x\"}")
                .patch("/v3/processes/" + web), "Cannot update this process while a deployment is in flight.");
        String droplet = DeploymentsCreateTest.stagedDroplet(app);
        Errors.unprocessable(Api.as(members.developer()).body("{\"data\":{\"guid\":\"" + droplet + "\"}}")
                .patch("/v3/apps/" + app + "/relationships/current_droplet"), "Unable to assign current droplet "
                + "while the app has a deployment in progress. Wait for the deployment to complete or cancel it.");

        // once cancelled nothing guards any more (the engine removes the deploying process)
        cancel(members.developer(), deployment).then().statusCode(200);
        Api.as(members.developer()).body("{\"instances\":2}").post("/v3/processes/" + app + "/actions/scale")
                .then().statusCode(202);
        Api.as(members.developer()).body("{\"data\":{\"guid\":\"" + droplet + "\"}}")
                .patch("/v3/apps/" + app + "/relationships/current_droplet").then().statusCode(200);
    }
}

package io.cfdeploy.web;

import static io.cfdeploy.support.Fixtures.newGuid;
import static io.cfdeploy.support.Fixtures.uniqueName;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cfdeploy.support.Api;
import io.cfdeploy.support.AppFixtures;
import io.cfdeploy.support.Db;
import io.cfdeploy.support.Errors;
import io.cfdeploy.support.Fixtures;
import io.cfdeploy.support.Json;
import io.cfdeploy.support.Members;
import io.cfdeploy.support.RolloutFixtures;
import io.cfdeploy.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AppsTest {
    private static final String APPS_VALID_PARAMETERS = "'page', 'per_page', 'order_by', 'created_ats', "
            + "'updated_ats', 'guids', 'names', 'organization_guids', 'space_guids', 'stacks', 'lifecycle_type', "
            + "'label_selector'";
    private static final String INVALID_SPACE =
            "Invalid space. Ensure that the space exists and you have access to it.";

    /** Plain JDBC, not injected, so that the …IT twin reads the same database from outside. */
    final DataSource db = Db.database();

    private static String body(String name, String space, String extra) {
        return "{\"name\":\"" + name + "\",\"relationships\":{\"space\":{\"data\":{\"guid\":\"" + space + "\"}}}"
                + (extra == null ? "" : "," + extra) + "}";
    }

    @Test
    void createRendersCapisShapeCreatesTheWebProcessAndRecordsTheEvent() {
        String org = Fixtures.org();
        String space = Fixtures.space(org);
        String name = uniqueName("app");
        String body = body(name, space, "\"environment_variables\":{\"GREETING\":\"hi\"},\"lifecycle\":{\"type\":"
                + "\"buildpack\",\"data\":{\"buildpacks\":[\"ruby_buildpack\"],\"stack\":\"cflinuxfs3\"}},"
                + "\"metadata\":{\"labels\":{\"tier\":\"web\"},\"annotations\":{\"owner\":\"me\"}}");
        Response response = Api.asAdmin().body(body).post("/v3/apps");
        response.then().statusCode(201).body("name", equalTo(name)).body("state", equalTo("STOPPED"))
                .body("lifecycle.type", equalTo("buildpack"))
                .body("lifecycle.data.buildpacks", contains("ruby_buildpack"))
                .body("lifecycle.data.stack", equalTo("cflinuxfs3"))
                .body("relationships.space.data.guid", equalTo(space))
                .body("metadata.labels.tier", equalTo("web")).body("metadata.annotations.owner", equalTo("me"));
        String guid = response.path("guid");
        JsonNode json = Json.parse(response.asString());
        assertThat(Json.keys(json), contains("guid", "created_at", "updated_at", "name", "state", "lifecycle",
                "relationships", "metadata", "links"));
        assertThat(Json.keys(json.get("relationships")), contains("space", "current_droplet"));
        assertTrue(json.at("/relationships/current_droplet/data").has("guid"));
        assertTrue(json.at("/relationships/current_droplet/data/guid").isNull());
        assertThat(Json.keys(json.get("links")), contains("self", "environment_variables", "space", "processes",
                "packages", "current_droplet", "droplets", "tasks", "start", "stop", "clear_buildpack_cache",
                "revisions", "deployed_revisions", "features"));
        response.then().body("links.self.href", endsWith("/v3/apps/" + guid))
                .body("links.current_droplet.href", endsWith("/v3/apps/" + guid + "/droplets/current"))
                .body("links.deployed_revisions.href", endsWith("/v3/apps/" + guid + "/revisions/deployed"))
                .body("links.space.href", endsWith("/v3/spaces/" + space))
                .body("links.start.method", equalTo("POST")).body("links.stop.method", equalTo("POST"))
                .body("links.clear_buildpack_cache.method", equalTo("POST"))
                .body("links.self.method", nullValue());

        Map<String, Object> process = Db.single(db, "SELECT p.* FROM processes p JOIN apps a ON a.id = p.app_id"
                + " WHERE a.guid = ?", guid);
        Db.assertRow(process, "guid", guid, "type", "web", "instances", 1, "memory_in_mb", 1024, "disk_in_mb", 1024,
                "log_rate_limit_in_bytes_per_second", -1L, "health_check_type", "port",
                "readiness_health_check_type", "process", "command", null, "revision_guid", null);
        Map<String, Object> event = Db.single(db, "SELECT * FROM audit_events WHERE type = 'audit.app.create'"
                + " AND target_guid = ?", guid);
        Db.assertRow(event, "target_type", "app", "target_name", name, "space_guid", space, "organization_guid", org,
                "actor_type", "user");
        JsonNode expected = Json.parse("{\"request\":" + body.replace("{\"GREETING\":\"hi\"}",
                "\"PRIVATE DATA HIDDEN\"") + "}");
        assertEquals(expected, Json.parse((String) event.get("data")));
        assertEquals(0, Db.count(db, "SELECT count(*) FROM audit_events WHERE target_guid = ? AND type <> ?", guid,
                "audit.app.create"));

        Api.asAdmin().get("/v3/apps/" + guid).then().statusCode(200).body("name", equalTo(name));
        Api.asAdmin().get("/v3/apps/" + guid + "/environment_variables").then().statusCode(200)
                .body("var.GREETING", equalTo("hi"));
    }

    @Test
    void lifecycleDefaultsAsCapi() {
        String space = Fixtures.space(Fixtures.org());
        Api.asAdmin().body(body(uniqueName("app"), space, null)).post("/v3/apps").then().statusCode(201)
                .body("lifecycle.type", equalTo("buildpack")).body("lifecycle.data.buildpacks", hasSize(0))
                .body("lifecycle.data.stack", equalTo("cflinuxfs4"));
        Response docker = Api.asAdmin().body(body(uniqueName("app"), space,
                "\"lifecycle\":{\"type\":\"docker\",\"data\":{}}")).post("/v3/apps");
        docker.then().statusCode(201).body("lifecycle.type", equalTo("docker"));
        assertEquals(0, Json.parse(docker.asString()).at("/lifecycle/data").size());
        Api.asAdmin().body(body(uniqueName("app"), space, "\"lifecycle\":{\"type\":\"buildpack\",\"data\":"
                + "{\"buildpacks\":null}}")).post("/v3/apps").then().statusCode(201)
                .body("lifecycle.data.buildpacks", hasSize(0)).body("lifecycle.data.stack", equalTo("cflinuxfs4"));
    }

    @Test
    void createValidatesTheBodyWithCapisTextsBeforeTheSpace() {
        String missing = newGuid();
        Errors.unprocessable(Api.asAdmin().body("{}").post("/v3/apps"),
                "Relationships 'relationships' is not an object, Name must be a string");
        Errors.unprocessable(Api.asAdmin().body(body("a", missing, "\"foo\":1,\"environment_variables\":\"x\""))
                .post("/v3/apps"), "Unknown field(s): 'foo', Environment variables must be an object");
        Errors.unprocessable(Api.asAdmin().body("{\"name\":5,\"relationships\":{\"space\":{\"guid\":\"x\"}}}")
                .post("/v3/apps"), "Relationships Space must be structured like this: \"space: {\"data\": "
                        + "{\"guid\": \"valid-guid\"}}\", Name must be a string");
        Errors.unprocessable(Api.asAdmin().body(body("a", missing, "\"lifecycle\":{\"type\":\"docker\"}"))
                .post("/v3/apps"), "Lifecycle data must be an object");
        Errors.unprocessable(Api.asAdmin().body(body("a", missing, "\"lifecycle\":{\"type\":\"cnb\",\"data\":{}}"))
                .post("/v3/apps"), "Lifecycle type is not included in the list: buildpack, docker");
        Errors.unprocessable(Api.asAdmin().body(body("a", missing, "\"lifecycle\":{\"type\":5,\"data\":{}}"))
                .post("/v3/apps"), "Lifecycle type is not included in the list: buildpack, docker, "
                        + "Lifecycle type must be a string");
        Errors.unprocessable(Api.asAdmin().body(body("a", missing, "\"lifecycle\":{\"type\":\"buildpack\",\"data\":"
                + "{\"buildpack\":\"x\",\"stack\":5,\"buildpacks\":\"ruby\"}}")).post("/v3/apps"),
                "Lifecycle Unknown field(s): 'buildpack', Lifecycle Stack must be a string, "
                        + "Lifecycle Buildpacks must be an array");
        Errors.unprocessable(Api.asAdmin().body(body("a", missing, "\"lifecycle\":{\"type\":\"buildpack\",\"data\":"
                + "{\"buildpacks\":[1],\"stack\":\"\"}}")).post("/v3/apps"),
                "Lifecycle Stack must be between 1 and 4096 characters, Lifecycle Buildpacks can only contain strings");
        Errors.unprocessable(Api.asAdmin().body(body("a", missing, "\"lifecycle\":{\"type\":\"docker\",\"data\":"
                + "{\"image\":\"x\"}}")).post("/v3/apps"), "Lifecycle Unknown field(s): 'image'");
        Errors.unprocessable(Api.asAdmin().body(body("a", missing, "\"metadata\":{\"labels\":5}")).post("/v3/apps"),
                "Metadata 'labels' is not an object");
        Errors.expect(Api.asAdmin().body("{\"name\":").post("/v3/apps"), 400, "CF-MessageParseError", 1001,
                "Request invalid due to parse error: invalid request body");
        Errors.unprocessable(Api.asAdmin().body(body("a", missing, null)).post("/v3/apps"), INVALID_SPACE);
    }

    @Test
    void createAppliesTheModelRulesAfterTheRoleChecks() {
        Members members = Members.create();
        String space = members.space();
        Errors.unprocessable(Api.asAdmin().body(body(" ", space, null)).post("/v3/apps"),
                "name is not present, name is invalid");
        Errors.unprocessable(Api.asAdmin().body(body("a", space, "\"environment_variables\":{\"VCAP_X\":\"1\","
                + "\"vmc_y\":\"2\",\"port\":\"3\",\"\":\"4\",\"N\":5,\"OK\":\"fine\"}")).post("/v3/apps"),
                "environment_variables cannot start with VCAP_, environment_variables cannot start with VMC_, "
                        + "environment_variables cannot set PORT, environment_variables key must be a minimum "
                        + "length of 1, Non-string value in environment variable for key 'N', value '5'");
        Errors.notAuthorized(Api.as(members.auditor()).body(body(" ", space, null)).post("/v3/apps"));
        String name = uniqueName("app");
        Api.asAdmin().body(body("  " + name + " ", space, "\"environment_variables\":{\"CF_X\":\"ok\"}"))
                .post("/v3/apps").then().statusCode(201).body("name", equalTo(name));
        Errors.unprocessable(Api.as(members.developer()).body(body(name, space, null)).post("/v3/apps"),
                "App with the name '" + name + "' already exists.");
        AppFixtures.app(Fixtures.space(members.org()), name); // another space: fine
        assertEquals(1, Db.count(db, "SELECT count(*) FROM apps a JOIN spaces s ON s.id = a.space_id"
                + " WHERE s.guid = ?", space));
    }

    @Test
    void createRoleMatrix() {
        Members members = Members.create();
        String space = members.space();
        Api.as(members.developer()).body(body(uniqueName("app"), space, null)).post("/v3/apps").then()
                .statusCode(201);
        for (String reader : members.readOnly()) {
            Errors.notAuthorized(Api.as(reader).body(body(uniqueName("app"), space, null)).post("/v3/apps"));
        }
        Errors.notAuthorized(Api.as(members.supporter()).body(body(uniqueName("app"), space, null))
                .post("/v3/apps"));
        for (String stranger : members.strangers()) {
            Errors.unprocessable(Api.as(stranger).body(body(uniqueName("app"), space, null)).post("/v3/apps"),
                    INVALID_SPACE);
        }
        Fixtures.suspend(members.org());
        Errors.orgSuspended(Api.as(members.developer()).body(body(uniqueName("app"), space, null)).post("/v3/apps"));
        Api.asAdmin().body(body(uniqueName("app"), space, null)).post("/v3/apps").then().statusCode(201);
        assertEquals(2, Db.count(db, "SELECT count(*) FROM apps a JOIN spaces s ON s.id = a.space_id"
                + " WHERE s.guid = ?", space));
    }

    @Test
    void readersSeeTheAppsOfSpacesTheyCanRead() {
        Members members = Members.create();
        String app = AppFixtures.app(members.space());
        String elsewhere = AppFixtures.app(Fixtures.space(Fixtures.org()));
        for (String reader : List.of(members.developer(), members.supporter(), members.auditor(),
                members.spaceManager(), members.orgManager())) {
            Api.as(reader).get("/v3/apps/" + app).then().statusCode(200).body("guid", equalTo(app));
            Errors.notFound(Api.as(reader).get("/v3/apps/" + elsewhere), "App not found");
        }
        Api.as(members.globalAuditor()).get("/v3/apps/" + elsewhere).then().statusCode(200);
        for (String stranger : members.strangers()) {
            Errors.notFound(Api.as(stranger).get("/v3/apps/" + app), "App not found");
            Api.as(stranger).get("/v3/apps").then().statusCode(200).body("pagination.total_results", equalTo(0))
                    .body("resources", hasSize(0));
        }
        Api.as(members.auditor()).get("/v3/apps").then().statusCode(200)
                .body("pagination.total_results", equalTo(1)).body("resources.guid", contains(app));
        Errors.notFound(Api.asAdmin().get("/v3/apps/" + newGuid()), "App not found");
    }

    @Test
    void listFiltersOrdersAndValidatesItsParameters() {
        String org = Fixtures.org();
        String space = Fixtures.space(org);
        String otherSpace = Fixtures.space(org);
        String prefix = uniqueName("list");
        String b = AppFixtures.app(space, prefix + "-b");
        String a = Api.asAdmin().body(body(prefix + "-a", space, "\"lifecycle\":{\"type\":\"buildpack\",\"data\":"
                + "{\"stack\":\"other-stack\"}},\"metadata\":{\"labels\":{\"env\":\"prod\"}}")).post("/v3/apps")
                .then().statusCode(201).extract().path("guid");
        String docker = Api.asAdmin().body(body(prefix + "-c", otherSpace, "\"lifecycle\":{\"type\":\"docker\","
                + "\"data\":{}}")).post("/v3/apps").then().statusCode(201).extract().path("guid");
        Api.asAdmin().queryParam("organization_guids", org).queryParam("order_by", "name").get("/v3/apps").then()
                .statusCode(200).body("resources.guid", contains(a, b, docker));
        Api.asAdmin().queryParam("organization_guids", org).queryParam("order_by", "-name").get("/v3/apps").then()
                .statusCode(200).body("resources.guid", contains(docker, b, a));
        Api.asAdmin().queryParam("space_guids", space).get("/v3/apps").then().statusCode(200)
                .body("resources.guid", contains(b, a));
        Api.asAdmin().queryParam("names", prefix + "-a," + prefix + "-c").get("/v3/apps").then().statusCode(200)
                .body("resources.guid", contains(a, docker));
        Api.asAdmin().queryParam("guids", b).get("/v3/apps").then().body("resources.guid", contains(b));
        Api.asAdmin().queryParam("organization_guids", org).queryParam("stacks", "other-stack").get("/v3/apps")
                .then().body("resources.guid", contains(a));
        Api.asAdmin().queryParam("organization_guids", org).queryParam("lifecycle_type", "docker").get("/v3/apps")
                .then().body("resources.guid", contains(docker));
        Api.asAdmin().queryParam("organization_guids", org).queryParam("label_selector", "env=prod")
                .get("/v3/apps").then().body("resources.guid", contains(a));
        Api.asAdmin().queryParam("organization_guids", org).queryParam("created_ats[lt]", "2000-01-01T00:00:00Z")
                .get("/v3/apps").then().body("pagination.total_results", equalTo(0));

        String start = AppFixtures.appWithDroplet(space);
        Api.asAdmin().post("/v3/apps/" + start + "/actions/start").then().statusCode(200);
        Response byState = Api.asAdmin().queryParam("space_guids", space).queryParam("order_by", "-state")
                .queryParam("per_page", "1").get("/v3/apps");
        byState.then().statusCode(200).body("resources", hasSize(1))
                .body("pagination.total_results", equalTo(3))
                .body("pagination.next.href", endsWith("/v3/apps?order_by=-state&page=2&per_page=1&space_guids="
                        + space));
        assertEquals("STOPPED", Json.parse(byState.asString()).at("/resources/0/state").asText());
        Api.asAdmin().queryParam("space_guids", space).queryParam("order_by", "state").queryParam("per_page", "1")
                .get("/v3/apps").then().body("resources.guid", contains(start))
                .body("pagination.first.href", endsWith("/v3/apps?order_by=%2Bstate&page=1&per_page=1&space_guids="
                        + space));

        Errors.badQuery(Api.asAdmin().queryParam("lifecycle_type", "cnb").get("/v3/apps"),
                "Invalid lifecycle_type: 'cnb'");
        Errors.badQuery(Api.asAdmin().queryParam("order_by", "size").get("/v3/apps"),
                "Order by can only be: 'created_at', 'updated_at', 'name', 'state'");
        Errors.badQuery(Api.asAdmin().queryParam("include", "space").get("/v3/apps"),
                "Unknown query parameter(s): 'include'. Valid parameters are: " + APPS_VALID_PARAMETERS);
    }

    @Test
    void updateChecksTheBodyThenVisibilityThenRoleThenSuspension() {
        Members members = Members.create();
        String name = uniqueName("app");
        String app = AppFixtures.app(members.space(), name);
        Errors.unprocessable(Api.asAdmin().body("{\"foo\":1}").patch("/v3/apps/" + newGuid()),
                "Unknown field(s): 'foo'");
        Errors.unprocessable(Api.asAdmin().body("{\"name\":5}").patch("/v3/apps/" + app), "Name must be a string");
        Errors.notFound(Api.asAdmin().body("{}").patch("/v3/apps/" + newGuid()), "App not found");
        for (String stranger : members.strangers()) {
            Errors.notFound(Api.as(stranger).body("{}").patch("/v3/apps/" + app), "App not found");
        }
        for (String reader : members.readOnly()) {
            Errors.notAuthorized(Api.as(reader).body("{}").patch("/v3/apps/" + app));
        }
        Errors.notAuthorized(Api.as(members.supporter()).body("{}").patch("/v3/apps/" + app));
        Errors.unprocessable(Api.asAdmin().body("{\"lifecycle\":{\"type\":\"docker\",\"data\":{}}}")
                .patch("/v3/apps/" + app), "Lifecycle type cannot be changed");
        Errors.unprocessable(Api.asAdmin().body("{\"name\":\"\"}").patch("/v3/apps/" + app),
                "name is not present, name is invalid");
        String taken = AppFixtures.app(members.space());
        String takenName = Api.asAdmin().get("/v3/apps/" + taken).path("name");
        Errors.unprocessable(Api.asAdmin().body("{\"name\":\"" + takenName + "\"}").patch("/v3/apps/" + app),
                "App with the name '" + takenName + "' already exists.");

        String renamed = uniqueName("renamed");
        String update = "{\"name\":\"" + renamed + "\",\"lifecycle\":{\"type\":\"buildpack\",\"data\":"
                + "{\"buildpacks\":[\"go_buildpack\"]}},\"metadata\":{\"labels\":{\"a\":\"b\"},\"annotations\":null}}";
        Api.as(members.developer()).body(update).patch("/v3/apps/" + app).then().statusCode(200)
                .body("name", equalTo(renamed)).body("lifecycle.data.buildpacks", contains("go_buildpack"))
                .body("lifecycle.data.stack", equalTo("cflinuxfs4")).body("metadata.labels.a", equalTo("b"));
        Map<String, Object> event = Db.single(db, "SELECT * FROM audit_events WHERE type = 'audit.app.update'"
                + " AND target_guid = ?", app);
        Db.assertRow(event, "target_name", renamed);
        assertEquals(Json.parse("{\"request\":" + update + "}"), Json.parse((String) event.get("data")));
        Api.asAdmin().body("{\"metadata\":{\"labels\":{\"a\":null}}}").patch("/v3/apps/" + app).then()
                .statusCode(200).body("metadata.labels.size()", equalTo(0)).body("name", equalTo(renamed));

        Fixtures.suspend(members.org());
        Errors.orgSuspended(Api.as(members.developer()).body("{}").patch("/v3/apps/" + app));
    }

    @Test
    void deleteRemovesTheAppWithEverythingItOwnsThroughACompleteJob() {
        Members members = Members.create();
        String app = AppFixtures.appWithDroplet(members.space());
        Api.asAdmin().post("/v3/apps/" + app + "/actions/start").then().statusCode(200);
        String blob = (String) Db.single(db, "SELECT d.blob_key FROM droplets d JOIN apps a ON a.id = d.app_id"
                + " WHERE a.guid = ?", app).get("blob_key");
        assertTrue(java.nio.file.Files.exists(DropletsTest.blobPath(blob)));

        for (String stranger : members.strangers()) {
            Errors.notFound(Api.as(stranger).delete("/v3/apps/" + app), "App not found");
        }
        for (String reader : members.readOnly()) {
            Errors.notAuthorized(Api.as(reader).delete("/v3/apps/" + app));
        }
        Errors.notAuthorized(Api.as(members.supporter()).delete("/v3/apps/" + app));

        Response deleted = Api.as(members.developer()).delete("/v3/apps/" + app);
        deleted.then().statusCode(202);
        String location = deleted.header("Location");
        assertThat(location, org.hamcrest.Matchers.matchesPattern(".*/v3/jobs/[0-9a-f-]{36}$"));
        Api.asAdmin().get(location.substring(location.indexOf("/v3/"))).then().statusCode(200)
                .body("operation", equalTo("app.delete")).body("state", equalTo("COMPLETE"))
                .body("links.app", nullValue());
        Errors.notFound(Api.asAdmin().get("/v3/apps/" + app), "App not found");
        assertEquals(0, Db.count(db, "SELECT count(*) FROM processes WHERE guid = ?", app));
        assertEquals(0, Db.count(db, "SELECT count(*) FROM droplets WHERE blob_key = ?", blob));
        assertEquals(0, Db.count(db, "SELECT count(*) FROM revisions r WHERE NOT EXISTS (SELECT 1 FROM apps a"
                + " WHERE a.id = r.app_id)"));
        assertTrue(java.nio.file.Files.notExists(DropletsTest.blobPath(blob)));
        Db.assertRow(Db.single(db, "SELECT * FROM audit_events WHERE type = 'audit.app.delete-request'"
                + " AND target_guid = ?", app), "data", "{}", "space_guid", members.space());
        Errors.notFound(Api.asAdmin().delete("/v3/apps/" + app), "App not found");
    }

    @Test
    void deleteRemovesTheAppsDeploymentsMidRollout() {
        Members members = Members.create();
        // the next droplet's instances take 30 s to start, so the rollout is still running at the delete
        RolloutFixtures.StartedApp started = RolloutFixtures.startedApp(members.space(), 2, "slow:30");
        String app = started.app();
        Response created = Api.as(members.developer()).body(RolloutFixtures.rollingBody(started, 1))
                .post("/v3/deployments");
        created.then().statusCode(201).body("status.value", equalTo("ACTIVE"));
        String deployment = created.path("guid");
        String deploying = created.path("new_processes[0].guid");
        assertEquals(deploying, Db.single(db, "SELECT deploying_web_process_guid FROM deployments WHERE guid = ?",
                deployment).get("deploying_web_process_guid"));

        Response deleted = Api.as(members.developer()).delete("/v3/apps/" + app);
        deleted.then().statusCode(202);
        String location = deleted.header("Location");
        Api.asAdmin().get(location.substring(location.indexOf("/v3/"))).then().statusCode(200)
                .body("operation", equalTo("app.delete")).body("state", equalTo("COMPLETE"));
        Errors.notFound(Api.asAdmin().get("/v3/deployments/" + deployment), "Deployment not found");
        Api.asAdmin().queryParam("app_guids", app).get("/v3/deployments").then().statusCode(200)
                .body("resources", hasSize(0));
        assertEquals(0, Db.count(db, "SELECT count(*) FROM deployments WHERE guid = ?", deployment));
        assertEquals(0, Db.count(db, "SELECT count(*) FROM deployments WHERE deploying_web_process_guid = ?",
                deploying));
        assertEquals(0, Db.count(db, "SELECT count(*) FROM processes WHERE guid IN (?, ?)", app, deploying));
    }

    @Test
    void environmentVariablesAreReadAndMergedWithCapisRules() {
        Members members = Members.create();
        String app = Api.asAdmin().body(body(uniqueName("app"), members.space(),
                "\"environment_variables\":{\"KEEP\":\"1\",\"DROP\":\"2\"}")).post("/v3/apps").then().statusCode(201)
                .extract().path("guid");
        Response read = Api.as(members.supporter()).get("/v3/apps/" + app + "/environment_variables");
        read.then().statusCode(200).body("var.KEEP", equalTo("1")).body("var.DROP", equalTo("2"))
                .body("links.self.href", endsWith("/v3/apps/" + app + "/environment_variables"))
                .body("links.app.href", endsWith("/v3/apps/" + app));
        assertThat(Json.keys(Json.parse(read.asString())), contains("var", "links"));
        Db.assertRow(Db.single(db, "SELECT * FROM audit_events WHERE type = 'audit.app.environment_variables.show'"
                + " AND target_guid = ?", app), "data", "{}");
        Api.as(members.developer()).get("/v3/apps/" + app + "/environment_variables").then().statusCode(200);
        for (String reader : members.readOnly()) {
            Errors.notAuthorized(Api.as(reader).get("/v3/apps/" + app + "/environment_variables"));
        }
        for (String stranger : members.strangers()) {
            Errors.notFound(Api.as(stranger).get("/v3/apps/" + app + "/environment_variables"), "App not found");
        }

        String patch = "/v3/apps/" + app + "/environment_variables";
        Errors.unprocessable(Api.asAdmin().body("{\"var\":\"x\"}").patch(patch), "Var must be an object");
        Errors.unprocessable(Api.asAdmin().body("{}").patch(patch), "Var must be an object");
        Errors.unprocessable(Api.asAdmin().body("{\"var\":{\"VCAP_A\":\"1\",\"B\":[1,2]},\"x\":1}").patch(patch),
                "Unknown field(s): 'x', Var cannot start with VCAP_, Non-string value in environment variable for "
                        + "key 'B', value '[1,2]'");
        for (String reader : members.readOnly()) {
            Errors.notAuthorized(Api.as(reader).body("{\"var\":{}}").patch(patch));
        }
        Errors.notFound(Api.as(members.noRole()).body("{\"var\":{}}").patch(patch), "App not found");
        Api.as(members.supporter()).body("{\"var\":{\"DROP\":null,\"NEW\":\"3\"}}").patch(patch).then()
                .statusCode(200).body("var.KEEP", equalTo("1")).body("var.NEW", equalTo("3"))
                .body("var.DROP", nullValue()).body("var.size()", equalTo(2));
        Db.assertRow(Db.single(db, "SELECT * FROM audit_events WHERE type = 'audit.app.update' AND target_guid = ?",
                app), "data", "{\"request\": {\"environment_variables\": \"PRIVATE DATA HIDDEN\"}}");
        Fixtures.suspend(members.org());
        Errors.orgSuspended(Api.as(members.developer()).body("{\"var\":{}}").patch(patch));
    }

    @Test
    void featuresListRevisionsAndAReadOnlySsh() {
        Members members = Members.create();
        String app = AppFixtures.app(members.space());
        Response list = Api.as(members.auditor()).get("/v3/apps/" + app + "/features");
        list.then().statusCode(200).body("resources.name", contains("ssh", "revisions"))
                .body("resources[0].description", equalTo("Enable SSHing into the app."))
                .body("resources[0].enabled", equalTo(false))
                .body("resources[1].description", equalTo("Enable versioning of an application"))
                .body("resources[1].enabled", equalTo(true))
                .body("pagination.total_results", equalTo(2)).body("pagination.total_pages", equalTo(1))
                .body("pagination.first.href", endsWith("/v3/apps/" + app + "/features"))
                .body("pagination.next", nullValue());
        Api.as(members.auditor()).get("/v3/apps/" + app + "/features/revisions").then().statusCode(200)
                .body("name", equalTo("revisions")).body("enabled", equalTo(true));
        Errors.notFound(Api.asAdmin().get("/v3/apps/" + app + "/features/bogus"), "Feature not found");
        Errors.notFound(Api.as(members.noRole()).get("/v3/apps/" + app + "/features"), "App not found");

        String revisions = "/v3/apps/" + app + "/features/revisions";
        Errors.notFound(Api.asAdmin().body("{\"enabled\":false}").patch("/v3/apps/" + app + "/features/bogus"),
                "Feature not found");
        Errors.notAuthorized(Api.as(members.auditor()).body("{\"enabled\":false}").patch(revisions));
        Errors.notFound(Api.as(members.orgAuditor()).body("{\"enabled\":false}").patch(revisions), "App not found");
        Errors.unprocessable(Api.asAdmin().body("{\"enabled\":\"no\",\"x\":1}").patch(revisions),
                "Unknown field(s): 'x', Enabled must be a boolean");
        Api.as(members.supporter()).body("{\"enabled\":false}").patch(revisions).then().statusCode(200)
                .body("name", equalTo("revisions")).body("enabled", equalTo(false));
        Db.assertRow(Db.single(db, "SELECT revisions_enabled FROM apps WHERE guid = ?", app), "revisions_enabled",
                false);

        String ssh = "/v3/apps/" + app + "/features/ssh";
        Errors.notAuthorized(Api.as(members.supporter()).body("{\"enabled\":true}").patch(ssh));
        Errors.unprocessable(Api.as(members.developer()).body("{\"enabled\":true}").patch(ssh),
                "The ssh feature cannot be changed: this server does not offer SSH access to apps.");
        Fixtures.suspend(members.org());
        Errors.orgSuspended(Api.as(members.supporter()).body("{\"enabled\":true}").patch(revisions));
    }

    @Test
    void startNeedsADropletBeforeTheRoleCheckThenRunsTheProcesses() {
        Members members = Members.create();
        String bare = AppFixtures.app(members.space());
        String assign = "Assign a droplet before starting this app.";
        for (String token : List.of(members.auditor(), members.developer(), Tokens.admin())) {
            Errors.unprocessable(Api.as(token).post("/v3/apps/" + bare + "/actions/start"), assign);
            Errors.unprocessable(Api.as(token).post("/v3/apps/" + bare + "/actions/restart"), assign);
        }
        Errors.notFound(Api.as(members.noRole()).post("/v3/apps/" + bare + "/actions/start"), "App not found");

        String app = AppFixtures.appWithDroplet(members.space());
        for (String reader : List.of(members.auditor(), members.spaceManager(), members.orgManager())) {
            Errors.notAuthorized(Api.as(reader).post("/v3/apps/" + app + "/actions/start"));
            Errors.notAuthorized(Api.as(reader).post("/v3/apps/" + app + "/actions/stop"));
            Errors.notAuthorized(Api.as(reader).post("/v3/apps/" + app + "/actions/restart"));
        }
        for (String stranger : members.strangers()) {
            Errors.notFound(Api.as(stranger).post("/v3/apps/" + app + "/actions/stop"), "App not found");
        }

        Api.as(members.supporter()).post("/v3/apps/" + app + "/actions/start").then().statusCode(200)
                .body("state", equalTo("STARTED")).body("guid", equalTo(app));
        assertEquals(1, Db.count(db, "SELECT count(*) FROM process_instances i JOIN processes p ON p.id ="
                + " i.process_id WHERE p.guid = ?", app));
        String version = (String) Db.single(db, "SELECT version FROM processes WHERE guid = ?", app).get("version");
        Api.as(members.developer()).post("/v3/apps/" + app + "/actions/start").then().statusCode(200)
                .body("state", equalTo("STARTED"));
        assertEquals(version, Db.single(db, "SELECT version FROM processes WHERE guid = ?", app).get("version"));

        Api.as(members.supporter()).post("/v3/apps/" + app + "/actions/restart").then().statusCode(200)
                .body("state", equalTo("STARTED"));
        assertTrue(!version.equals(Db.single(db, "SELECT version FROM processes WHERE guid = ?", app)
                .get("version")));
        assertEquals(1, Db.count(db, "SELECT count(*) FROM process_instances i JOIN processes p ON p.id ="
                + " i.process_id WHERE p.guid = ?", app));

        Api.as(members.supporter()).post("/v3/apps/" + app + "/actions/stop").then().statusCode(200)
                .body("state", equalTo("STOPPED"));
        assertEquals(0, Db.count(db, "SELECT count(*) FROM process_instances i JOIN processes p ON p.id ="
                + " i.process_id WHERE p.guid = ?", app));
        List<Map<String, Object>> events = Db.rows(db, "SELECT type, data FROM audit_events WHERE target_guid = ?"
                + " AND type IN ('audit.app.start', 'audit.app.stop', 'audit.app.restart') ORDER BY id", app);
        assertEquals(List.of("audit.app.start", "audit.app.start", "audit.app.restart", "audit.app.stop"),
                events.stream().map(row -> row.get("type")).toList());
        assertTrue(events.stream().allMatch(row -> "{}".equals(row.get("data"))));

        Fixtures.suspend(members.org());
        Errors.orgSuspended(Api.as(members.developer()).post("/v3/apps/" + app + "/actions/start"));
        Errors.orgSuspended(Api.as(members.developer()).post("/v3/apps/" + app + "/actions/stop"));
        Api.asAdmin().post("/v3/apps/" + app + "/actions/start").then().statusCode(200);
        assertThat(Db.rows(db, "SELECT p.type FROM processes p JOIN apps a ON a.id = p.app_id WHERE a.guid = ?", app)
                .stream().map(row -> row.get("type")).toList(), containsInAnyOrder("web"));
    }
}

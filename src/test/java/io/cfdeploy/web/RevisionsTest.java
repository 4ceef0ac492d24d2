package io.cfdeploy.web;

import static io.cfdeploy.support.Fixtures.newGuid;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.cfdeploy.model.DropletEntity;
import io.cfdeploy.support.Api;
import io.cfdeploy.support.AppModelFixtures;
import io.cfdeploy.support.Db;
import io.cfdeploy.support.Errors;
import io.cfdeploy.support.Fixtures;
import io.cfdeploy.support.Json;
import io.cfdeploy.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RevisionsTest {
    private static final String APP_LIST_PARAMETERS = "'page', 'per_page', 'order_by', 'created_ats', "
            + "'updated_ats', 'guids', 'versions', 'deployable', 'label_selector'";

    /** Plain JDBC, not injected, so that the …IT twin reads the same database from outside. */
    final DataSource db = Db.database();

    private record World(String org, String space, String app, String droplet) {
    }

    /** An app with a STAGED current droplet (web "bake rackup"). */
    private static World world() {
        String org = Fixtures.org();
        String space = Fixtures.space(org);
        String app = AppModelFixtures.app(space);
        String droplet = AppModelFixtures.currentDroplet(app, "bake rackup", null);
        return new World(org, space, app, droplet);
    }

    private static Map<String, String> webWithoutCommand() {
        Map<String, String> processes = new LinkedHashMap<>();
        processes.put("web", null);
        return processes;
    }

    private static String revision(World w, int version) {
        return AppModelFixtures.revision(w.app, version, w.droplet, webWithoutCommand());
    }

    @Test
    void showRendersCapisShapeInTheRevisionPresentersKeyOrder() {
        World w = world();
        Map<String, String> processes = webWithoutCommand();
        processes.put("worker", "./work");
        String guid = AppModelFixtures.revision(w.app, 42, w.droplet, processes, Map.of(
                "description", "Initial revision.",
                "sidecars", List.of(Map.of("name", "my-sidecar", "command", "run-sidecar", "process_types",
                        List.of("web"), "memory_in_mb", 300)),
                "labels", Map.of("release", "1")));
        Response response = Api.asAdmin().get("/v3/revisions/" + guid);
        response.then().statusCode(200);
        JsonNode json = Json.parse(response.asString());
        assertThat(Json.keys(json), contains("guid", "version", "droplet", "processes", "sidecars", "description",
                "relationships", "created_at", "updated_at", "links", "metadata", "deployable"));
        assertEquals(guid, json.get("guid").asText());
        assertEquals(42, json.get("version").asInt());
        assertEquals(Json.parse("{\"guid\":\"" + w.droplet + "\"}"), json.get("droplet"));
        assertEquals(Json.parse("{\"web\":{\"command\":null},\"worker\":{\"command\":\"./work\"}}"),
                json.get("processes"));
        assertEquals(Json.parse("[{\"name\":\"my-sidecar\",\"command\":\"run-sidecar\",\"process_types\":[\"web\"],"
                + "\"memory_in_mb\":300}]"), json.get("sidecars"));
        assertThat(Json.keys(json.get("sidecars").get(0)), contains("name", "command", "process_types",
                "memory_in_mb"));
        assertEquals("Initial revision.", json.get("description").asText());
        assertEquals(Json.parse("{\"app\":{\"data\":{\"guid\":\"" + w.app + "\"}}}"), json.get("relationships"));
        assertThat(Json.keys(json.get("links")), contains("self", "app", "environment_variables"));
        response.then().body("links.self.href", endsWith("/v3/revisions/" + guid))
                .body("links.app.href", endsWith("/v3/apps/" + w.app))
                .body("links.environment_variables.href", endsWith("/v3/revisions/" + guid + "/environment_variables"))
                .body("metadata.labels.release", equalTo("1")).body("deployable", equalTo(true));
    }

    @Test
    void aRevisionIsDeployableOnlyWhileItsDropletExistsAndIsStaged() {
        World w = world();
        String expired = AppModelFixtures.droplet(w.app, DropletEntity.EXPIRED, Map.of("web", "x"), null);
        String onExpired = AppModelFixtures.revision(w.app, 1, expired, webWithoutCommand());
        String onMissing = AppModelFixtures.revision(w.app, 2, newGuid(), webWithoutCommand());
        String onStaged = revision(w, 3);
        Api.asAdmin().get("/v3/revisions/" + onExpired).then().body("deployable", equalTo(false));
        Api.asAdmin().get("/v3/revisions/" + onMissing).then().body("deployable", equalTo(false));
        Api.asAdmin().get("/v3/revisions/" + onStaged).then().body("deployable", equalTo(true));

        String url = "/v3/apps/" + w.app + "/revisions";
        Api.asAdmin().get(url).then().body("resources.deployable", contains(false, false, true));
        Api.asAdmin().get(url + "?deployable=true").then().body("resources.guid", contains(onStaged));
        Api.asAdmin().get(url + "?deployable=false").then().body("resources.guid", contains(onExpired, onMissing));
        Errors.badQuery(Api.asAdmin().get(url + "?deployable=yes"), "Deployable must be a boolean");
    }

    @Test
    void showAnswers404RevisionNotFound() {
        World w = world();
        String guid = revision(w, 1);
        Errors.notFound(Api.asAdmin().get("/v3/revisions/" + newGuid()), "Revision not found");
        Errors.notFound(Api.as(Tokens.user(newGuid())).get("/v3/revisions/" + guid), "Revision not found");
        String orgAuditor = newGuid();
        Fixtures.orgRole("organization_auditor", orgAuditor, w.org);
        Errors.notFound(Api.as(Tokens.user(orgAuditor)).get("/v3/revisions/" + guid), "Revision not found");
        String spaceAuditor = Fixtures.spaceMember("space_auditor", w.org, w.space);
        Api.as(Tokens.user(spaceAuditor)).get("/v3/revisions/" + guid).then().statusCode(200);
    }

    @Test
    void updateMergesMetadataForAdminsAndSpaceDevelopers() {
        World w = world();
        String guid = revision(w, 1);
        String developer = Fixtures.spaceMember("space_developer", w.org, w.space);
        Api.as(Tokens.user(developer)).body("{\"metadata\":{\"labels\":{\"freaky\":\"thursday\",\"gone\":\"soon\"},"
                + "\"annotations\":{\"quality\":\"p sus\"}}}").patch("/v3/revisions/" + guid).then().statusCode(200)
                .body("guid", equalTo(guid)).body("metadata.labels.freaky", equalTo("thursday"))
                .body("metadata.annotations.quality", equalTo("p sus")).body("deployable", equalTo(true));
        Api.asAdmin().body("{\"metadata\":{\"labels\":{\"gone\":null}}}").patch("/v3/revisions/" + guid).then()
                .statusCode(200).body("metadata.labels", equalTo(Map.of("freaky", "thursday")))
                .body("metadata.annotations", equalTo(Map.of("quality", "p sus")));
        assertEquals("{\"freaky\": \"thursday\"}", Db.single(db, "SELECT labels FROM revisions WHERE guid = ?", guid)
                .get("labels"));
    }

    @Test
    void updateAnswers422ThenNotFoundThenForbiddenThenSuspended() {
        World w = world();
        String guid = revision(w, 1);
        String supporter = Fixtures.spaceMember("space_supporter", w.org, w.space);
        String developer = Fixtures.spaceMember("space_developer", w.org, w.space);
        String stranger = newGuid();
        Errors.unprocessable(Api.as(Tokens.user(stranger)).body("{\"foo\":1}").patch("/v3/revisions/" + newGuid()),
                "Unknown field(s): 'foo'");
        Errors.unprocessable(Api.asAdmin().body("{\"metadata\":{\"labels\":{\"a\":5}}}").patch("/v3/revisions/"
                + guid), "Metadata label value error: '5' must be a string");
        Errors.notFound(Api.as(Tokens.user(stranger)).body("{}").patch("/v3/revisions/" + guid), "Revision not found");
        Errors.notAuthorized(Api.as(Tokens.user(supporter)).body("{}").patch("/v3/revisions/" + guid));
        Fixtures.suspend(w.org);
        Errors.orgSuspended(Api.as(Tokens.user(developer)).body("{}").patch("/v3/revisions/" + guid));
        Api.asAdmin().body("{}").patch("/v3/revisions/" + guid).then().statusCode(200);
    }

    @Test
    void environmentVariablesNeedSecretAccessAndAreAudited() {
        World w = world();
        String guid = AppModelFixtures.revision(w.app, 7, w.droplet, webWithoutCommand(),
                Map.of("environment_variables", Map.of("key", "value")));
        String developer = Fixtures.spaceMember("space_developer", w.org, w.space);
        Response response = Api.as(Tokens.user(developer)).get("/v3/revisions/" + guid + "/environment_variables");
        response.then().statusCode(200)
                .body("links.self.href", endsWith("/v3/revisions/" + guid + "/environment_variables"))
                .body("links.revision.href", endsWith("/v3/revisions/" + guid))
                .body("links.app.href", endsWith("/v3/apps/" + w.app));
        JsonNode json = Json.parse(response.asString());
        assertEquals(Json.parse("{\"key\":\"value\"}"), json.get("var"));
        assertThat(Json.keys(json), contains("var", "links"));
        assertThat(Json.keys(json.get("links")), contains("self", "revision", "app"));

        Map<String, Object> event = Db.single(db, "SELECT * FROM audit_events WHERE type ="
                + " 'audit.app.revision.environment_variables.show' AND target_guid = ?", w.app);
        Db.assertRow(event, "target_type", "app", "actor_guid", developer, "space_guid", w.space,
                "organization_guid", w.org);
        assertEquals(Json.parse("{\"revision_guid\":\"" + guid + "\",\"revision_version\":7}"),
                Json.parse((String) event.get("data")));

        for (String role : List.of("space_auditor", "space_supporter", "space_manager")) {
            String user = Fixtures.spaceMember(role, w.org, w.space);
            Errors.notAuthorized(Api.as(Tokens.user(user)).get("/v3/revisions/" + guid + "/environment_variables"));
        }
        Api.as(Tokens.forUser(newGuid(), List.of("cloud_controller.admin_read_only"))).get("/v3/revisions/" + guid
                + "/environment_variables").then().statusCode(200);
        Errors.notAuthorized(Api.as(Tokens.forUser(newGuid(), List.of("cloud_controller.global_auditor")))
                .get("/v3/revisions/" + guid + "/environment_variables"));
        Errors.notFound(Api.as(Tokens.user(newGuid())).get("/v3/revisions/" + guid + "/environment_variables"),
                "Revision not found");
        assertEquals(2, Db.count(db, "SELECT count(*) FROM audit_events WHERE type ="
                + " 'audit.app.revision.environment_variables.show' AND target_guid = ?", w.app));
    }

    @Test
    void theAppsRevisionsFilterByVersionsGuidsLabelsAndTimestamps() {
        World w = world();
        String r42 = revision(w, 42);
        String r43 = AppModelFixtures.revision(w.app, 43, w.droplet, webWithoutCommand(),
                Map.of("labels", Map.of("env", "prod")));
        String r44 = revision(w, 44);
        revision(world(), 42);
        String url = "/v3/apps/" + w.app + "/revisions";

        Response page = Api.asAdmin().get(url + "?per_page=2&versions=42,44");
        page.then().statusCode(200).body("pagination.total_results", equalTo(2))
                .body("pagination.first.href", endsWith(url + "?page=1&per_page=2&versions=42%2C44"))
                .body("pagination.next", equalTo(null)).body("resources.guid", contains(r42, r44));
        Api.asAdmin().get(url).then().body("resources.guid", contains(r42, r43, r44));
        Api.asAdmin().get(url + "?order_by=-created_at").then().body("resources.guid", contains(r44, r43, r42));
        Api.asAdmin().get(url + "?guids=" + r43 + "," + newGuid()).then().body("resources.guid", contains(r43));
        Api.asAdmin().get(url + "?versions=abc").then().body("resources", empty());
        Api.asAdmin().get(url + "?label_selector=env=prod").then().body("resources.guid", contains(r43));
        Api.asAdmin().get(url + "?label_selector=!env").then().body("resources.guid", contains(r42, r44));
        Api.asAdmin().get(url + "?created_ats[lt]=2000-01-01T00:00:00Z").then().body("resources", empty());

        Errors.badQuery(Api.asAdmin().get(url + "?states=STAGED"),
                "Unknown query parameter(s): 'states'. Valid parameters are: " + APP_LIST_PARAMETERS);
        Errors.notFound(Api.asAdmin().get("/v3/apps/" + newGuid() + "/revisions"), "App not found");
        Errors.notFound(Api.as(Tokens.user(newGuid())).get(url), "App not found");
        String auditor = Fixtures.spaceMember("space_auditor", w.org, w.space);
        Api.as(Tokens.user(auditor)).get(url).then().statusCode(200).body("pagination.total_results", equalTo(3));
    }

    @Test
    void deployedRevisionsAreTheDistinctRevisionsOfTheStartedAppsProcesses() {
        World w = world();
        String r1 = revision(w, 1);
        String r2 = revision(w, 2);
        revision(w, 3);
        String worker = AppModelFixtures.process(w.app, "worker", Map.of());
        String clock = AppModelFixtures.process(w.app, "clock", Map.of());
        String secondWeb = AppModelFixtures.process(w.app, "web", Map.of());
        String url = "/v3/apps/" + w.app + "/revisions/deployed";

        Api.asAdmin().get(url).then().statusCode(200).body("resources", empty());
        AppModelFixtures.start(w.app);
        // the start pointed every process at the revision it resolved; give them the revisions under test
        AppModelFixtures.updateProcess(w.app, Map.of("revision_guid", r1));
        AppModelFixtures.updateProcess(worker, Map.of("revision_guid", r2));
        AppModelFixtures.updateProcess(clock, Map.of("revision_guid", r2));
        Map<String, Object> noRevision = new HashMap<>();
        noRevision.put("revision_guid", null);
        AppModelFixtures.updateProcess(secondWeb, noRevision);
        Response response = Api.asAdmin().get(url + "?per_page=1");
        response.then().statusCode(200).body("pagination.total_results", equalTo(2))
                .body("pagination.next.href", endsWith(url + "?page=2&per_page=1"))
                .body("resources.guid", contains(r1));
        Api.asAdmin().get(url).then().body("resources.guid", contains(r1, r2))
                .body("resources[0].processes.web.command", equalTo(null));
        Errors.notFound(Api.asAdmin().get("/v3/apps/" + newGuid() + "/revisions/deployed"), "App not found");
        Errors.badQuery(Api.asAdmin().get(url + "?versions=1"), "Unknown query parameter(s): 'versions'. Valid "
                + "parameters are: 'page', 'per_page', 'order_by', 'created_ats', 'updated_ats'");
        AppModelFixtures.stop(w.app);
        Api.asAdmin().get(url).then().body("resources", empty());
    }
}

package io.cfdeploy.web;

import static io.cfdeploy.support.Fixtures.newGuid;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.cfdeploy.support.Api;
import io.cfdeploy.support.AppModelFixtures;
import io.cfdeploy.support.Db;
import io.cfdeploy.support.Errors;
import io.cfdeploy.support.Fixtures;
import io.cfdeploy.support.Json;
import io.cfdeploy.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ProcessesTest {
    private static final String LIST_PARAMETERS = "'page', 'per_page', 'order_by', 'created_ats', 'updated_ats', "
            + "'guids', 'types', 'space_guids', 'organization_guids', 'app_guids', 'label_selector', 'embed'";

    /** Plain JDBC, not injected, so that the …IT twin reads the same database from outside. */
    final DataSource db = Db.database();

    /** An org, a space and a STOPPED app in it whose current droplet gives web the command "bundle exec rackup". */
    private record World(String org, String space, String app) {
    }

    private static World world() {
        String org = Fixtures.org();
        String space = Fixtures.space(org);
        String app = AppModelFixtures.app(space);
        AppModelFixtures.currentDroplet(app, "bundle exec rackup", null);
        return new World(org, space, app);
    }

    @Test
    void showRendersCapisShapeWithTheDefaultsOfTheWebProcess() {
        World w = world();
        Response response = Api.asAdmin().get("/v3/processes/" + w.app);
        response.then().statusCode(200)
                .body("guid", equalTo(w.app))
                .body("created_at", matchesPattern("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z"))
                .body("version", matchesPattern("[0-9a-f-]{36}"))
                .body("type", equalTo("web"))
                .body("command", equalTo("bundle exec rackup"))
                .body("user", equalTo("vcap"))
                .body("instances", equalTo(1))
                .body("memory_in_mb", equalTo(1024))
                .body("disk_in_mb", equalTo(1024))
                .body("log_rate_limit_in_bytes_per_second", equalTo(-1))
                .body("links.self.href", endsWith("/v3/processes/" + w.app))
                .body("links.scale.href", endsWith("/v3/processes/" + w.app + "/actions/scale"))
                .body("links.scale.method", equalTo("POST"))
                .body("links.app.href", endsWith("/v3/apps/" + w.app))
                .body("links.space.href", endsWith("/v3/spaces/" + w.space))
                .body("links.stats.href", endsWith("/v3/processes/" + w.app + "/stats"));
        JsonNode json = Json.parse(response.asString());
        assertThat(Json.keys(json), contains("guid", "created_at", "updated_at", "version", "type", "command", "user",
                "instances", "memory_in_mb", "disk_in_mb", "log_rate_limit_in_bytes_per_second", "health_check",
                "readiness_health_check", "relationships", "metadata", "links"));
        assertEquals(Json.parse("{\"type\":\"port\",\"data\":{\"timeout\":null,\"invocation_timeout\":null,"
                + "\"interval\":null}}"), json.get("health_check"));
        assertThat(Json.keys(json.get("health_check").get("data")), contains("timeout", "invocation_timeout",
                "interval"));
        assertEquals(Json.parse("{\"type\":\"process\",\"data\":{\"invocation_timeout\":null,\"interval\":null}}"),
                json.get("readiness_health_check"));
        assertEquals(Json.parse("{\"app\":{\"data\":{\"guid\":\"" + w.app + "\"}},\"revision\":null}"),
                json.get("relationships"));
        assertEquals(Json.parse("{\"labels\":{},\"annotations\":{}}"), json.get("metadata"));
        assertThat(Json.keys(json.get("links")), contains("self", "scale", "app", "space", "stats",
                "process_instances"));
    }

    @Test
    void theCommandIsTheCustomOneElseTheRevisionsElseTheDropletsElseEmpty() {
        String space = Fixtures.space(Fixtures.org());
        String bare = AppModelFixtures.app(space);
        Api.asAdmin().get("/v3/processes/" + bare).then().statusCode(200).body("command", equalTo(""));
        String worker = AppModelFixtures.process(bare, "worker", Map.of());
        Api.asAdmin().get("/v3/processes/" + worker).then().statusCode(200).body("command", equalTo(""));

        String app = AppModelFixtures.app(space);
        AppModelFixtures.currentDroplet(app, "current-droplet-command", null);
        Api.asAdmin().get("/v3/processes/" + app).then().body("command", equalTo("current-droplet-command"));

        String revisionDroplet = AppModelFixtures.droplet(app, Map.of("web", "revision-droplet-command"), null);
        java.util.HashMap<String, String> noCustom = new java.util.HashMap<>();
        noCustom.put("web", null);
        String revision = AppModelFixtures.revision(app, 1, revisionDroplet, noCustom);
        AppModelFixtures.updateProcess(app, Map.of("revision_guid", revision));
        Api.asAdmin().get("/v3/processes/" + app).then().body("command", equalTo("revision-droplet-command"))
                .body("relationships.revision.data.guid", equalTo(revision));

        String custom = AppModelFixtures.revision(app, 2, revisionDroplet, Map.of("web", "revision-command"));
        AppModelFixtures.updateProcess(app, Map.of("revision_guid", custom));
        Api.asAdmin().get("/v3/processes/" + app).then().body("command", equalTo("revision-command"));

        AppModelFixtures.updateProcess(app, Map.of("command", "my own command"));
        Api.asAdmin().get("/v3/processes/" + app).then().body("command", equalTo("my own command"));
    }

    @Test
    void showAnswers404ProcessNotFoundForMissingOrInvisibleProcesses() {
        World w = world();
        Errors.notFound(Api.asAdmin().get("/v3/processes/" + newGuid()), "Process not found");
        Errors.notFound(Api.as(Tokens.user(newGuid())).get("/v3/processes/" + w.app), "Process not found");
        Errors.notFound(Api.as(Tokens.user(newGuid())).get("/v3/processes/" + w.app + "/stats"),
                "Process not found");
    }

    @Test
    void theAppNestedShowReturnsTheNewestProcessOfTheType() {
        World w = world();
        String newer = AppModelFixtures.process(w.app, "web",
                Map.of("created_at", OffsetDateTime.now().plusSeconds(60)));
        String worker = AppModelFixtures.process(w.app, "worker", Map.of());
        Api.asAdmin().get("/v3/apps/" + w.app + "/processes/web").then().statusCode(200).body("guid", equalTo(newer));
        Api.asAdmin().get("/v3/apps/" + w.app + "/processes/worker").then().statusCode(200)
                .body("guid", equalTo(worker)).body("type", equalTo("worker"));

        Errors.notFound(Api.asAdmin().get("/v3/apps/" + w.app + "/processes/clock"), "Process not found");
        Errors.notFound(Api.asAdmin().get("/v3/apps/" + newGuid() + "/processes/web"), "App not found");
        Errors.notFound(Api.as(Tokens.user(newGuid())).get("/v3/apps/" + w.app + "/processes/web"), "App not found");
        Errors.notFound(Api.as(Tokens.user(newGuid())).get("/v3/apps/" + w.app + "/processes/clock"),
                "App not found");
        Errors.notFound(Api.asAdmin().get("/v3/apps/" + newGuid() + "/processes/web/stats"), "App not found");
    }

    @Test
    void listsHideCommandsFromEveryoneAndFilterByEveryParameter() {
        World a = world();
        World b = world();
        String worker = AppModelFixtures.process(a.app, "worker", Map.of("command", "secret",
                "labels", Map.of("tier", "backend")));
        String apps = "app_guids=" + a.app + "," + b.app;

        Response all = Api.asAdmin().get("/v3/processes?" + apps);
        all.then().statusCode(200).body("pagination.total_results", equalTo(3))
                .body("resources.guid", contains(a.app, b.app, worker))
                .body("resources.command", contains("[PRIVATE DATA HIDDEN IN LISTS]",
                        "[PRIVATE DATA HIDDEN IN LISTS]", "[PRIVATE DATA HIDDEN IN LISTS]"));
        assertThat(Json.keys(Json.parse(all.asString()).get("resources").get(0)), contains("guid", "created_at",
                "updated_at", "version", "type", "command", "user", "instances", "memory_in_mb", "disk_in_mb",
                "log_rate_limit_in_bytes_per_second", "health_check", "readiness_health_check", "relationships",
                "metadata", "links"));

        Api.asAdmin().get("/v3/processes?" + apps + "&types=worker").then().body("resources.guid", contains(worker));
        Api.asAdmin().get("/v3/processes?" + apps + "&guids=" + b.app).then().body("resources.guid",
                contains(b.app));
        Api.asAdmin().get("/v3/processes?space_guids=" + b.space).then().body("resources.guid", contains(b.app));
        Api.asAdmin().get("/v3/processes?organization_guids=" + a.org).then().body("resources.guid",
                contains(a.app, worker));
        Api.asAdmin().get("/v3/processes?" + apps + "&label_selector=tier=backend").then()
                .body("resources.guid", contains(worker));
        Api.asAdmin().get("/v3/processes?" + apps + "&label_selector=!tier").then()
                .body("resources.guid", contains(a.app, b.app));
        Api.asAdmin().get("/v3/processes?" + apps + "&order_by=-created_at").then()
                .body("resources.guid", contains(worker, b.app, a.app));
        Api.asAdmin().get("/v3/processes?" + apps + "&created_ats[lt]=2000-01-01T00:00:00Z").then()
                .body("resources", empty());

        Response page = Api.asAdmin().get("/v3/processes?per_page=1&" + apps + "&types=web");
        page.then().body("pagination.total_results", equalTo(2)).body("pagination.total_pages", equalTo(2))
                .body("pagination.next.href", endsWith("/v3/processes?app_guids=" + a.app + "%2C" + b.app
                        + "&page=2&per_page=1&types=web"))
                .body("pagination.previous", nullValue()).body("resources.guid", contains(a.app));

        String developer = Fixtures.spaceMember("space_developer", b.org, b.space);
        Api.as(Tokens.user(developer)).get("/v3/processes?" + apps).then().statusCode(200)
                .body("resources.guid", contains(b.app));
        Api.as(Tokens.user(newGuid())).get("/v3/processes?" + apps).then().statusCode(200)
                .body("pagination.total_results", equalTo(0)).body("resources", empty());
    }

    @Test
    void theAppNestedListShowsTheAppsProcessesAndRefusesParentFilters() {
        World w = world();
        String worker = AppModelFixtures.process(w.app, "worker", Map.of());
        AppModelFixtures.app(w.space);
        Response response = Api.asAdmin().get("/v3/apps/" + w.app + "/processes");
        response.then().statusCode(200).body("resources.guid", contains(w.app, worker))
                .body("resources.command", contains("[PRIVATE DATA HIDDEN IN LISTS]", "[PRIVATE DATA HIDDEN IN LISTS]"))
                .body("pagination.first.href", endsWith("/v3/apps/" + w.app + "/processes?page=1&per_page=50"));
        Api.asAdmin().get("/v3/apps/" + w.app + "/processes?types=worker").then().body("resources.guid",
                contains(worker));

        Errors.badQuery(Api.asAdmin().get("/v3/apps/" + w.app + "/processes?space_guids=x&app_guids=y"),
                "Unknown query parameter(s): 'app_guids', 'space_guids'");
        Errors.badQuery(Api.asAdmin().get("/v3/apps/" + w.app + "/processes?foo=1"),
                "Unknown query parameter(s): 'foo'. Valid parameters are: " + LIST_PARAMETERS);
        Errors.notFound(Api.asAdmin().get("/v3/apps/" + newGuid() + "/processes"), "App not found");
        Errors.notFound(Api.as(Tokens.user(newGuid())).get("/v3/apps/" + w.app + "/processes"), "App not found");
    }

    @Test
    void listParametersAreCheckedWithCapisTexts() {
        // CAPI's order: ListMessage's pagination checks come before the endpoint message's unknown parameters
        Errors.badQuery(Api.asAdmin().get("/v3/processes?embed=stats&per_page=0&sort=name"),
                "Per page must be a positive integer, Unknown query parameter(s): 'sort'. Valid parameters are: "
                        + LIST_PARAMETERS + ", Embed is not included in the list");
        Errors.badQuery(Api.asAdmin().get("/v3/processes?order_by=name"),
                "Order by can only be: 'created_at', 'updated_at'");
        Errors.badQuery(Api.asAdmin().get("/v3/processes?label_selector="), "Missing label_selector value");
        Errors.badQuery(Api.asAdmin().get("/v3/processes?created_ats=yesterday"),
                "Created ats has an invalid timestamp format. Timestamps should be formatted as 'YYYY-MM-DDThh:mm:ssZ'");
    }

    @Test
    void updateChangesCommandHealthChecksAndMetadataAndRecordsTheEvent() {
        World w = world();
        String developer = Fixtures.spaceMember("space_developer", w.org, w.space);
        String body = "{\"command\":\"run me\",\"health_check\":{\"type\":\"http\",\"data\":{\"timeout\":90,"
                + "\"invocation_timeout\":5,\"interval\":10,\"endpoint\":\"/health\"}},\"readiness_health_check\":"
                + "{\"type\":\"http\",\"data\":{\"invocation_timeout\":3,\"interval\":4,\"endpoint\":\"/ready\"}},"
                + "\"metadata\":{\"labels\":{\"tier\":\"web\"},\"annotations\":{\"note\":\"hi\"}}}";
        Response response = Api.as(Tokens.user(developer)).body(body).patch("/v3/processes/" + w.app);
        response.then().statusCode(200).body("command", equalTo("run me"))
                .body("metadata.labels.tier", equalTo("web")).body("metadata.annotations.note", equalTo("hi"));
        JsonNode json = Json.parse(response.asString());
        assertEquals(Json.parse("{\"type\":\"http\",\"data\":{\"timeout\":90,\"invocation_timeout\":5,"
                + "\"interval\":10,\"endpoint\":\"/health\"}}"), json.get("health_check"));
        assertThat(Json.keys(json.get("health_check").get("data")), contains("timeout", "invocation_timeout",
                "interval", "endpoint"));
        assertEquals(Json.parse("{\"type\":\"http\",\"data\":{\"invocation_timeout\":3,\"interval\":4,"
                + "\"endpoint\":\"/ready\"}}"), json.get("readiness_health_check"));

        Map<String, Object> event = Db.single(db, "SELECT * FROM audit_events WHERE type = 'audit.app.process.update'"
                + " AND target_guid = ?", w.app);
        Db.assertRow(event, "target_type", "app", "space_guid", w.space, "organization_guid", w.org, "actor_guid",
                developer, "actor_type", "user");
        JsonNode expectedRequest = Json.parse(body);
        ((com.fasterxml.jackson.databind.node.ObjectNode) expectedRequest).put("command", "[PRIVATE DATA HIDDEN]");
        assertEquals(Json.parse("{\"process_guid\":\"" + w.app + "\",\"process_type\":\"web\",\"request\":"
                + expectedRequest + "}"), Json.parse((String) event.get("data")));

        // A non-http type clears the endpoint; null reverts to the detected command; absent keys stay.
        Api.asAdmin().body("{\"command\":null,\"health_check\":{\"type\":\"port\"},\"metadata\":{\"labels\":"
                + "{\"tier\":null}}}").patch("/v3/processes/" + w.app).then().statusCode(200)
                .body("command", equalTo("bundle exec rackup"))
                .body("health_check.type", equalTo("port")).body("health_check.data.timeout", equalTo(90))
                .body("health_check.data.containsKey('endpoint')", equalTo(false))
                .body("readiness_health_check.data.endpoint", equalTo("/ready"))
                .body("metadata.labels", equalTo(Map.of())).body("metadata.annotations.note", equalTo("hi"));
        Db.assertRow(Db.single(db, "SELECT command, health_check_endpoint FROM processes WHERE guid = ?", w.app),
                "command", null, "health_check_endpoint", null);

        // The app-nested route updates the newest process of the type.
        Api.as(Tokens.user(developer)).body("{\"command\":\"nested\"}")
                .patch("/v3/apps/" + w.app + "/processes/web").then().statusCode(200)
                .body("guid", equalTo(w.app)).body("command", equalTo("nested"));
    }

    @Test
    void updateValidatesTheBodyWithCapisTexts() {
        World w = world();
        String url = "/v3/processes/" + w.app;
        Errors.unprocessable(Api.asAdmin().body("{\"command\":5,\"foo\":1,\"user\":\"root\"}").patch(url),
                "Unknown field(s): 'foo', 'user', Command must be a string");
        Errors.unprocessable(Api.asAdmin().body("{\"command\":\"\"}").patch(url),
                "Command must be between 1 and 4096 characters");
        Errors.unprocessable(Api.asAdmin().body("{\"command\":\"" + "x".repeat(4097) + "\"}").patch(url),
                "Command must be between 1 and 4096 characters");
        Errors.unprocessable(Api.asAdmin().body("{\"health_check\":{\"type\":\"tcp\"}}").patch(url),
                "Health check type must be \"port\", \"process\", or \"http\"");
        Errors.unprocessable(Api.asAdmin().body("{\"health_check\":{\"data\":{\"timeout\":0,"
                + "\"invocation_timeout\":\"abc\",\"interval\":1.5,\"endpoint\":\"nope\"}}}").patch(url),
                "Health check timeout must be greater than or equal to 1, Health check invocation timeout is not a "
                        + "number, Health check interval must be an integer, Health check endpoint must be a valid "
                        + "URI path");
        Errors.unprocessable(Api.asAdmin().body("{\"health_check\":{\"data\":{\"timeout\":2147483648}}}")
                .patch(url), "Health check timeout must be less than or equal to 2147483647");
        Errors.unprocessable(Api.asAdmin().body("{\"readiness_health_check\":{\"type\":\"none\",\"data\":"
                + "{\"invocation_timeout\":0,\"interval\":\"x\",\"endpoint\":\"/" + "a".repeat(300) + "\"}}}")
                .patch(url), "Readiness health check type must be \"port\", \"process\", or \"http\", Readiness "
                        + "health check invocation timeout must be greater than or equal to 1, Readiness health check "
                        + "interval is not a number, Readiness health check endpoint is too long (maximum is 255 "
                        + "characters)");
        Errors.unprocessable(Api.asAdmin().body("{\"metadata\":{\"labels\":5},\"bar\":true}").patch(url),
                "Metadata 'labels' is not an object, Unknown field(s): 'bar'");
        Errors.unprocessable(Api.asAdmin().body("{\"health_check\":\"http\"}").patch(url),
                "Health check must be an object");

        // The model's rules (CAPI's Sequel messages, attribute first).
        Errors.unprocessable(Api.asAdmin().body("{\"health_check\":{\"type\":\"http\"}}").patch(url),
                "health_check_http_endpoint HTTP health check endpoint is not a valid URI path: ");
        Errors.unprocessable(Api.asAdmin().body("{\"health_check\":{\"data\":{\"timeout\":181}}}").patch(url),
                "health_check_timeout Maximum exceeded: max 180s");
        Errors.unprocessable(Api.asAdmin().body("{\"readiness_health_check\":{\"type\":\"http\"}}").patch(url),
                "readiness_health_check_http_endpoint HTTP readiness health check endpoint is not a valid URI path: ");
        Errors.expect(Api.asAdmin().body("{\"command\":").patch(url), 400, "CF-MessageParseError", 1001,
                "Request invalid due to parse error: invalid request body");

        Db.assertRow(Db.single(db, "SELECT command, health_check_type, health_check_timeout, "
                + "readiness_health_check_type FROM processes WHERE guid = ?", w.app), "command", null,
                "health_check_type", "port", "health_check_timeout", null, "readiness_health_check_type", "process");
        // the fixtures' own events (app create, droplet mapped…) aside, no refused change left one
        assertEquals(0, Db.count(db, "SELECT count(*) FROM audit_events WHERE target_guid = ? "
                + "AND type LIKE 'audit.app.process.%'", w.app));
    }

    @Test
    void updateAndScaleAnswer404Then403ThenOrgSuspendedThen422() {
        World w = world();
        String auditor = Fixtures.spaceMember("space_auditor", w.org, w.space);
        String developer = Fixtures.spaceMember("space_developer", w.org, w.space);
        String stranger = newGuid();
        String bad = "{\"foo\":1}";
        for (String action : List.of("patch", "scale")) {
            Errors.notFound(send(Api.asAdmin().body("{}"), action, "/v3/processes/" + newGuid()),
                    "Process not found");
            Errors.notFound(send(Api.as(Tokens.user(stranger)).body(bad), action, "/v3/processes/" + w.app),
                    "Process not found");
            Errors.notFound(send(Api.as(Tokens.user(stranger)).body(bad), action, "/v3/apps/" + w.app
                    + "/processes/web"), "App not found");
            Errors.notFound(send(Api.as(Tokens.user(developer)).body(bad), action, "/v3/apps/" + w.app
                    + "/processes/clock"), "Process not found");
            Errors.notAuthorized(send(Api.as(Tokens.user(auditor)).body(bad), action, "/v3/processes/" + w.app));
            Errors.unprocessable(send(Api.as(Tokens.user(developer)).body(bad), action, "/v3/processes/" + w.app),
                    "Unknown field(s): 'foo'");
        }
        Fixtures.suspend(w.org);
        for (String action : List.of("patch", "scale")) {
            Errors.orgSuspended(send(Api.as(Tokens.user(developer)).body(bad), action, "/v3/processes/" + w.app));
            Errors.notAuthorized(send(Api.as(Tokens.user(auditor)).body(bad), action, "/v3/processes/" + w.app));
            Response admin = send(Api.asAdmin().body("{}"), action, "/v3/processes/" + w.app);
            admin.then().statusCode(action.equals("patch") ? 200 : 202);
        }
    }

    private static Response send(io.restassured.specification.RequestSpecification request, String action,
            String url) {
        return action.equals("patch") ? request.patch(url) : request.post(url + "/actions/scale");
    }

    @Test
    void scaleAnswers202AndRecordsTheEventWithTheRequestAsSent() {
        World w = world();
        String supporter = Fixtures.spaceMember("space_supporter", w.org, w.space);
        String body = "{\"instances\":3,\"memory_in_mb\":256,\"disk_in_mb\":512,"
                + "\"log_rate_limit_in_bytes_per_second\":1024}";
        Response response = Api.as(Tokens.user(supporter)).body(body).post("/v3/processes/" + w.app
                + "/actions/scale");
        response.then().statusCode(202).body("guid", equalTo(w.app)).body("instances", equalTo(3))
                .body("memory_in_mb", equalTo(256)).body("disk_in_mb", equalTo(512))
                .body("log_rate_limit_in_bytes_per_second", equalTo(1024))
                .body("command", equalTo("bundle exec rackup"));
        Map<String, Object> event = Db.single(db, "SELECT * FROM audit_events WHERE type = 'audit.app.process.scale'"
                + " AND target_guid = ?", w.app);
        Db.assertRow(event, "target_type", "app", "space_guid", w.space, "organization_guid", w.org, "actor_guid",
                supporter);
        assertEquals(Json.parse("{\"process_guid\":\"" + w.app + "\",\"process_type\":\"web\",\"request\":" + body
                + "}"), Json.parse((String) event.get("data")));

        // Only what is sent changes; null changes nothing; an integer string counts (ActiveModel numericality).
        Api.asAdmin().body("{\"instances\":\"2\",\"memory_in_mb\":null}").post("/v3/apps/" + w.app
                + "/processes/web/actions/scale").then().statusCode(202).body("instances", equalTo(2))
                .body("memory_in_mb", equalTo(256)).body("disk_in_mb", equalTo(512));
        // A stopped app has no instances whatever the count.
        assertEquals(0, Db.count(db, "SELECT count(*) FROM process_instances i JOIN processes p ON p.id ="
                + " i.process_id WHERE p.guid = ?", w.app));
    }

    @Test
    void instancesAboveTheConfiguredCapAreRefusedAndNothingChanges() {
        World w = world();
        String url = "/v3/processes/" + w.app + "/actions/scale";
        Errors.unprocessable(Api.asAdmin().body("{\"instances\":2147483647}").post(url),
                "Instances must be less than or equal to 1000");
        Errors.unprocessable(Api.asAdmin().body("{\"instances\":1001}").post(url),
                "Instances must be less than or equal to 1000");
        assertEquals(1, Db.count(db, "SELECT instances FROM processes WHERE guid = ?", w.app));
        Api.asAdmin().body("{\"instances\":1000}").post(url).then().statusCode(202).body("instances", equalTo(1000));
        // the schema refuses a negative count from any writer
        java.sql.SQLException refusal = assertThrows(java.sql.SQLException.class, () -> {
            try (var connection = db.getConnection();
                    var update = connection.prepareStatement("UPDATE processes SET instances = -1 WHERE guid = ?")) {
                update.setString(1, w.app);
                update.executeUpdate();
            }
        });
        assertEquals("23514", refusal.getSQLState());
    }

    @Test
    void scaleValidatesTheBodyWithCapisTexts() {
        World w = world();
        String url = "/v3/processes/" + w.app + "/actions/scale";
        Errors.unprocessable(Api.asAdmin().body("{\"instances\":-1,\"memory_in_mb\":0,\"disk_in_mb\":\"x\","
                + "\"log_rate_limit_in_bytes_per_second\":-2,\"bar\":1}").post(url),
                "Unknown field(s): 'bar', Instances must be greater than or equal to 0, Memory in mb must be greater "
                        + "than 0, Disk in mb is not a number, Log rate limit in bytes per second must be greater "
                        + "than or equal to -1");
        Errors.unprocessable(Api.asAdmin().body("{\"memory_in_mb\":2147483648}").post(url),
                "Memory in mb must be less than or equal to 2147483647");
        Errors.unprocessable(Api.asAdmin().body("{\"instances\":1.5,\"disk_in_mb\":true}").post(url),
                "Instances must be an integer, Disk in mb is not a number");
        Errors.unprocessable(Api.asAdmin().body("{\"log_rate_limit_in_bytes_per_second\":9223372036854775808}")
                .post(url), "Log rate limit in bytes per second must be less than or equal to 9223372036854775807");
        Errors.expect(Api.asAdmin().body("[1]").post(url), 400, "CF-MessageParseError", 1001,
                "Request invalid due to parse error: invalid request body");
        Api.asAdmin().body("{\"log_rate_limit_in_bytes_per_second\":9223372036854775807}").post(url).then()
                .statusCode(202).body("log_rate_limit_in_bytes_per_second", equalTo(9223372036854775807L));
        assertEquals(1, Db.count(db, "SELECT count(*) FROM audit_events WHERE target_guid = ? "
                + "AND type LIKE 'audit.app.process.%'", w.app), "only the accepted scale is recorded");
    }

    @Test
    void updatingAProcessChangesItsUpdatedAtButNotItsVersion() {
        World w = world();
        Map<String, Object> before = Db.single(db, "SELECT version, updated_at FROM processes WHERE guid = ?", w.app);
        Api.asAdmin().body("{\"health_check\":{\"type\":\"process\"}}").patch("/v3/processes/" + w.app).then()
                .statusCode(200).body("version", equalTo(before.get("version")));
        Map<String, Object> after = Db.single(db, "SELECT version, updated_at FROM processes WHERE guid = ?", w.app);
        assertNotEquals(before.get("updated_at"), after.get("updated_at"));
    }
}

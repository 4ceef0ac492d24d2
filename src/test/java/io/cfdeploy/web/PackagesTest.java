package io.cfdeploy.web;

import static io.cfdeploy.support.Fixtures.newGuid;
import static io.cfdeploy.support.Fixtures.uniqueName;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.cfdeploy.support.Api;
import io.cfdeploy.support.AppFixtures;
import io.cfdeploy.support.Db;
import io.cfdeploy.support.Errors;
import io.cfdeploy.support.Fixtures;
import io.cfdeploy.support.Json;
import io.cfdeploy.support.Members;
import io.cfdeploy.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** {@code /v3/packages}: create (bits, docker), show and list, with CAPI's shape, texts and check order. */
@QuarkusTest
class PackagesTest {
    /** Plain JDBC, not injected, so that an …IT twin reads the same database from outside. */
    final DataSource db = Db.database();

    static String bitsBody(String app) {
        return "{\"type\":\"bits\",\"relationships\":{\"app\":{\"data\":{\"guid\":\"" + app + "\"}}}}";
    }

    static String dockerBody(String app, String data) {
        return "{\"type\":\"docker\",\"data\":" + data + ",\"relationships\":{\"app\":{\"data\":{\"guid\":\"" + app
                + "\"}}}}";
    }

    static String dockerApp(String space) {
        return Api.asAdmin().body("{\"name\":\"" + uniqueName("docker") + "\",\"relationships\":{\"space\":"
                + "{\"data\":{\"guid\":\"" + space + "\"}}},\"lifecycle\":{\"type\":\"docker\",\"data\":{}}}")
                .post("/v3/apps").then().statusCode(201).extract().path("guid");
    }

    @Test
    void aBitsPackageAwaitsItsUploadInCapisShape() {
        Members members = Members.create();
        String app = AppFixtures.app(members.space());
        Response response = Api.as(members.developer()).body(bitsBody(app)).post("/v3/packages");
        response.then().statusCode(201).body("type", equalTo("bits")).body("state", equalTo("AWAITING_UPLOAD"))
                .body("data.error", nullValue()).body("data.checksum.type", equalTo("sha256"))
                .body("data.checksum.value", nullValue()).body("relationships.app.data.guid", equalTo(app));
        JsonNode json = Json.parse(response.asString());
        assertThat(Json.keys(json), contains("guid", "created_at", "updated_at", "type", "data", "state",
                "relationships", "metadata", "links"));
        assertThat(Json.keys(json.get("links")), contains("self", "upload", "download", "app"));
        String guid = json.get("guid").asText();
        response.then().body("links.self.href", endsWith("/v3/packages/" + guid))
                .body("links.upload.href", endsWith("/v3/packages/" + guid + "/upload"))
                .body("links.upload.method", equalTo("POST")).body("links.download.method", equalTo("GET"))
                .body("links.app.href", endsWith("/v3/apps/" + app));
        Db.assertRow(Db.single(db, "SELECT p.type, p.state, a.guid AS app FROM packages p JOIN apps a ON a.id = "
                + "p.app_id WHERE p.guid = ?", guid), "type", "bits", "state", "AWAITING_UPLOAD", "app", app);
        assertEquals(1, Db.count(db, "SELECT count(*) FROM audit_events WHERE type = 'audit.app.package.create' "
                + "AND target_guid = ? AND data ->> 'package_guid' = ?", app, guid));
        Api.as(members.auditor()).get("/v3/packages/" + guid).then().statusCode(200).body("guid", equalTo(guid));
    }

    @Test
    void aDockerPackageIsReadyAtOnceAndNeverShowsItsPassword() {
        String space = Fixtures.space(Fixtures.org());
        String app = dockerApp(space);
        String guid = Api.asAdmin().body(dockerBody(app, "{\"image\":\"registry/app:1\",\"username\":\"bob\","
                + "\"password\":\"hunter2\"}")).post("/v3/packages").then().statusCode(201)
                .body("state", equalTo("READY")).body("data.image", equalTo("registry/app:1"))
                .body("data.username", equalTo("bob")).body("data.password", equalTo("***"))
                .body("links.upload", nullValue()).body("links.download", nullValue())
                .extract().path("guid");
        Api.asAdmin().get("/v3/packages/" + guid).then().statusCode(200).body("data.password", equalTo("***"));
        Db.assertRow(Db.single(db, "SELECT docker_password FROM packages WHERE guid = ?", guid),
                "docker_password", "hunter2");
        Api.asAdmin().body(dockerBody(app, "{\"image\":\"nginx\"}")).post("/v3/packages").then().statusCode(201)
                .body("data.username", nullValue()).body("data.password", nullValue());
    }

    @Test
    void theBodyIsCheckedWithCapisTextsBeforeTheApp() {
        String app = AppFixtures.app(Fixtures.space(Fixtures.org()));
        Errors.unprocessable(Api.asAdmin().body("{\"foo\":1}").post("/v3/packages"),
                "Unknown field(s): 'foo', Relationships 'relationships' is not an object, Type must be one of "
                        + "'bits, docker'");
        Errors.unprocessable(Api.asAdmin().body("{\"type\":\"zip\",\"relationships\":{\"app\":{\"data\":"
                + "{\"guid\":\"" + newGuid() + "\"}}}}").post("/v3/packages"), "Type must be one of 'bits, docker'");
        Errors.unprocessable(Api.asAdmin().body(bitsBody(app).replace("}}}}", "}}},\"data\":{\"image\":\"x\"}}"))
                .post("/v3/packages"), "Data must be empty if provided for bits packages");
        Errors.unprocessable(Api.asAdmin().body(dockerBody(app, "{}")).post("/v3/packages"), "Data Image required");
        Errors.unprocessable(Api.asAdmin().body(dockerBody(app, "{\"image\":5,\"tag\":1,\"username\":\"u\"}"))
                .post("/v3/packages"), "Data Unknown field(s): 'tag', Data Image must be a string, Data Password "
                        + "required");
        Errors.unprocessable(Api.asAdmin().body(dockerBody(app, "\"nginx\"")).post("/v3/packages"),
                "Data must be an object");
        assertEquals(0, Db.count(db, "SELECT count(*) FROM packages p JOIN apps a ON a.id = p.app_id "
                + "WHERE a.guid = ?", app));
    }

    @Test
    void theAppMustBeVisibleWritableActiveAndOfTheRightLifecycle() {
        Members members = Members.create();
        String app = AppFixtures.app(members.space());
        String invalid = "App is invalid. Ensure it exists and you have access to it.";
        Errors.unprocessable(Api.asAdmin().body(bitsBody(newGuid())).post("/v3/packages"), invalid);
        Errors.unprocessable(Api.as(members.noRole()).body(bitsBody(app)).post("/v3/packages"), invalid);
        Errors.notAuthorized(Api.as(members.auditor()).body(bitsBody(app)).post("/v3/packages"));
        Errors.notAuthorized(Api.as(members.supporter()).body(bitsBody(app)).post("/v3/packages"));
        Errors.unprocessable(Api.asAdmin().body(dockerBody(app, "{\"image\":\"nginx\"}")).post("/v3/packages"),
                "Cannot create Docker package for a buildpack app.");
        Errors.unprocessable(Api.asAdmin().body(bitsBody(dockerApp(members.space()))).post("/v3/packages"),
                "Cannot create bits package for a Docker app.");
        Fixtures.suspend(members.org());
        Errors.orgSuspended(Api.as(members.developer()).body(bitsBody(app)).post("/v3/packages"));
        assertEquals(0, Db.count(db, "SELECT count(*) FROM packages p JOIN apps a ON a.id = p.app_id "
                + "JOIN spaces s ON s.id = a.space_id WHERE s.guid = ?", members.space()));
    }

    @Test
    void showAnswers404ForMissingOrInvisiblePackages() {
        String app = AppFixtures.app(Fixtures.space(Fixtures.org()));
        String guid = Api.asAdmin().body(bitsBody(app)).post("/v3/packages").then().statusCode(201).extract()
                .path("guid");
        Errors.notFound(Api.asAdmin().get("/v3/packages/" + newGuid()), "Package not found");
        Errors.notFound(Api.as(Tokens.user(newGuid())).get("/v3/packages/" + guid), "Package not found");
    }

    @Test
    void listsFilterByEveryParameterAndShowOnlyReadableSpaces() {
        Members members = Members.create();
        String app = AppFixtures.app(members.space());
        String other = AppFixtures.app(members.space());
        String first = Api.asAdmin().body(bitsBody(app)).post("/v3/packages").then().statusCode(201).extract()
                .path("guid");
        String labelled = Api.asAdmin().body(bitsBody(app).replace("}}}}", "}}},\"metadata\":{\"labels\":"
                + "{\"tier\":\"web\"}}}")).post("/v3/packages").then().statusCode(201).extract().path("guid");
        String third = Api.asAdmin().body(bitsBody(other)).post("/v3/packages").then().statusCode(201).extract()
                .path("guid");
        String docker = Api.asAdmin().body(dockerBody(dockerApp(members.space()), "{\"image\":\"nginx\"}"))
                .post("/v3/packages").then().statusCode(201).extract().path("guid");
        String scope = "space_guids=" + members.space();

        Api.as(members.developer()).get("/v3/packages?" + scope).then().statusCode(200)
                .body("pagination.total_results", equalTo(4)).body("resources.guid", contains(first, labelled, third,
                        docker));
        Api.asAdmin().get("/v3/packages?app_guids=" + app + "&order_by=-created_at").then()
                .body("resources.guid", contains(labelled, first));
        Api.asAdmin().get("/v3/packages?" + scope + "&types=docker").then().body("resources.guid", contains(docker));
        Api.asAdmin().get("/v3/packages?" + scope + "&states=READY").then().body("resources.guid", contains(docker));
        Api.asAdmin().get("/v3/packages?" + scope + "&label_selector=tier=web").then()
                .body("resources.guid", contains(labelled));
        Api.asAdmin().get("/v3/packages?organization_guids=" + members.org() + "&guids=" + first + "," + third)
                .then().body("resources.guid", containsInAnyOrder(first, third));
        Api.as(members.noRole()).get("/v3/packages?" + scope).then().statusCode(200)
                .body("pagination.total_results", equalTo(0));

        Api.as(members.auditor()).get("/v3/apps/" + app + "/packages").then().statusCode(200)
                .body("resources.guid", contains(first, labelled))
                .body("pagination.first.href", endsWith("/v3/apps/" + app + "/packages?page=1&per_page=50"));
        Api.asAdmin().get("/v3/apps/" + app + "/packages?states=READY").then().body("pagination.total_results",
                equalTo(0));
        Errors.notFound(Api.as(members.noRole()).get("/v3/apps/" + app + "/packages"), "App not found");
    }
}

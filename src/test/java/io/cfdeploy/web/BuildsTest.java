package io.cfdeploy.web;

import static io.cfdeploy.support.Fixtures.newGuid;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cfdeploy.support.Api;
import io.cfdeploy.support.AppFixtures;
import io.cfdeploy.support.Builds;
import io.cfdeploy.support.Db;
import io.cfdeploy.support.Errors;
import io.cfdeploy.support.Fixtures;
import io.cfdeploy.support.Json;
import io.cfdeploy.support.Members;
import io.cfdeploy.support.Tokens;
import io.cfdeploy.support.Zips;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * {@code /v3/builds}: the cf CLI's staging step (create, poll until STAGED, read the droplet), the droplet's bits,
 * CAPI's shape, texts and check order, and every refusal leaving nothing behind.
 */
@QuarkusTest
class BuildsTest {
    /** Plain JDBC, not injected, so that an …IT twin reads the same database from outside. */
    final DataSource db = Db.database();

    private long builds(String app) {
        return Db.count(db, "SELECT count(*) FROM builds b JOIN apps a ON a.id = b.app_id WHERE a.guid = ?", app);
    }

    @Test
    void aBitsPackageIsStagedIntoADropletHoldingItsFiles() {
        Members members = Members.create();
        String developerGuid = Fixtures.spaceMember("space_developer", members.org(), members.space());
        String developer = Tokens.user(developerGuid);
        String app = AppFixtures.app(members.space());
        String tag = newGuid();
        byte[] zip = Zips.zip().directory("bin").file("bin/run", "#!/bin/sh\necho " + tag + "\n", 0755)
                .file("Procfile", "# processes\nweb: bin/run --port $PORT\nworker: \"./work\"\n")
                .file("config/app.yml", "x: 1", 0600).link("current", "bin/run").bytes();
        String pkg = Builds.readyPackage(developer, app, zip);

        Response created = Builds.create(developer, pkg);
        created.then().statusCode(201).body("state", equalTo("STAGING")).body("error", nullValue())
                .body("droplet", nullValue()).body("package.guid", equalTo(pkg))
                .body("lifecycle.type", equalTo("buildpack")).body("lifecycle.data.stack", equalTo("cflinuxfs4"))
                .body("staging_memory_in_mb", equalTo(1024)).body("staging_disk_in_mb", equalTo(4096))
                .body("staging_log_rate_limit_bytes_per_second", equalTo(-1))
                .body("relationships.app.data.guid", equalTo(app))
                .body("created_by.guid", equalTo(developerGuid))
                .body("created_by.name", equalTo(developerGuid + "@example.org"))
                .body("created_by.email", equalTo(developerGuid + "@example.org"));
        JsonNode json = Json.parse(created.asString());
        assertThat(Json.keys(json), contains("guid", "created_at", "updated_at", "state", "staging_memory_in_mb",
                "staging_disk_in_mb", "staging_log_rate_limit_bytes_per_second", "error", "lifecycle", "package",
                "droplet", "created_by", "relationships", "metadata", "links"));
        assertThat(Json.keys(json.get("links")), contains("self", "app"));
        String build = json.get("guid").asText();
        assertEquals(1, Db.count(db, "SELECT count(*) FROM audit_events WHERE type = 'audit.app.build.create' "
                + "AND target_guid = ? AND data ->> 'build_guid' = ? AND data ->> 'package_guid' = ?", app, build,
                pkg));

        Response staged = Builds.finished(members.auditor(), build);
        staged.then().body("state", equalTo("STAGED")).body("error", nullValue());
        String droplet = staged.path("droplet.guid");
        staged.then().body("links.droplet.href", endsWith("/v3/droplets/" + droplet));
        assertThat(Json.keys(Json.parse(staged.asString()).get("links")), contains("self", "app", "droplet"));

        Api.as(members.developer()).get("/v3/droplets/" + droplet).then().statusCode(200)
                .body("state", equalTo("STAGED")).body("lifecycle.type", equalTo("buildpack"))
                .body("stack", equalTo("cflinuxfs4")).body("image", nullValue())
                .body("checksum.type", equalTo("sha256"))
                .body("process_types", equalTo(Map.of("web", "bin/run --port $PORT", "worker", "./work")))
                .body("links.package.href", endsWith("/v3/packages/" + pkg));
        Db.assertRow(Db.single(db, "SELECT state, package_guid FROM droplets WHERE guid = ?", droplet),
                "state", "STAGED", "package_guid", pkg);
        Db.assertRow(Db.single(db, "SELECT state, droplet_guid FROM builds WHERE guid = ?", build),
                "state", "STAGED", "droplet_guid", droplet);
        assertEquals(1, Db.count(db, "SELECT count(*) FROM audit_events WHERE type = 'audit.app.droplet.create' "
                + "AND target_guid = ? AND data ->> 'droplet_guid' = ? AND actor_guid = ?", app, droplet,
                developerGuid));

        byte[] tgz = Api.as(members.developer()).accept("application/octet-stream")
                .get("/v3/droplets/" + droplet + "/download").then().statusCode(200).extract().asByteArray();
        Map<String, Builds.Entry> entries = Builds.entries(tgz);
        assertEquals(0755, entries.get("app/bin/run").mode());
        assertEquals("#!/bin/sh\necho " + tag + "\n", entries.get("app/bin/run").content());
        assertEquals(0600, entries.get("app/config/app.yml").mode());
        assertEquals(0644, entries.get("app/Procfile").mode());
        assertTrue(entries.get("app/bin/").directory());
        assertTrue(entries.get("app/current").link());
        assertEquals("bin/run", entries.get("app/current").linkName());
        assertTrue(entries.containsKey("staging_info.yml"), entries.keySet().toString());

        // cf restart --strategy looks for the package's staged droplet
        Api.as(members.auditor()).get("/v3/packages/" + pkg + "/droplets?states=STAGED&page=1&per_page=1").then()
                .statusCode(200).body("pagination.total_results", equalTo(1))
                .body("resources[0].guid", equalTo(droplet));
        Api.as(members.auditor()).get("/v3/builds?app_guids=" + app + "&states=STAGED").then().statusCode(200)
                .body("resources.guid", contains(build));
        Api.as(members.auditor()).get("/v3/builds?package_guids=" + pkg).then().body("resources.guid",
                contains(build));
        Api.as(members.auditor()).get("/v3/apps/" + app + "/builds?states=STAGED").then().statusCode(200)
                .body("resources.guid", contains(build));
        Api.as(members.auditor()).get("/v3/apps/" + app + "/builds?states=FAILED").then().statusCode(200)
                .body("pagination.total_results", equalTo(0));
        // the next build of the app may start
        Builds.create(members.developer(), pkg).then().statusCode(201);
    }

    @Test
    void withoutProcfileTheWebCommandIsTheStartCommandElseStagingFails() {
        Members members = Members.create();
        String app = AppFixtures.app(members.space());
        byte[] zip = Zips.zip().file("index-" + newGuid() + ".html", "<h1>hi</h1>").bytes();
        String pkg = Builds.readyPackage(members.developer(), app, zip);
        String failing = Builds.create(members.developer(), pkg).then().statusCode(201).extract().path("guid");
        Builds.finished(members.developer(), failing).then().body("state", equalTo("FAILED"))
                .body("error", equalTo("StagingError - Staging error: Start command not specified"))
                .body("droplet", nullValue());
        assertEquals(0, Db.count(db, "SELECT count(*) FROM droplets WHERE package_guid = ?", pkg));

        Api.as(members.developer()).body("{\"command\":\"./start\"}").patch("/v3/apps/" + app + "/processes/web")
                .then().statusCode(200);
        String build = Builds.create(members.developer(), pkg).then().statusCode(201).extract().path("guid");
        String droplet = Builds.finished(members.developer(), build).then().body("state", equalTo("STAGED"))
                .extract().path("droplet.guid");
        Api.as(members.developer()).get("/v3/droplets/" + droplet).then()
                .body("process_types", equalTo(Map.of("web", "./start")));
    }

    @Test
    void aDockerPackageStagesIntoADropletWithItsImage() {
        String space = Fixtures.space(Fixtures.org());
        String app = PackagesTest.dockerApp(space);
        String admin = Tokens.admin();
        String pkg = Api.asAdmin().body(PackagesTest.dockerBody(app, "{\"image\":\"registry/app:7\"}"))
                .post("/v3/packages").then().statusCode(201).extract().path("guid");
        String build = Builds.create(admin, pkg).then().statusCode(201)
                .body("lifecycle.type", equalTo("docker")).body("lifecycle.data", equalTo(Map.of()))
                .extract().path("guid");
        String droplet = Builds.finished(admin, build).then().body("state", equalTo("STAGED"))
                .extract().path("droplet.guid");
        Api.asAdmin().get("/v3/droplets/" + droplet).then().statusCode(200).body("state", equalTo("STAGED"))
                .body("lifecycle.type", equalTo("docker")).body("image", equalTo("registry/app:7"))
                .body("buildpacks", nullValue()).body("stack", nullValue()).body("checksum", nullValue())
                .body("process_types", equalTo(Map.of("web", "")));
    }

    @Test
    void unreadableBitsFailTheBuild() {
        Members members = Members.create();
        String app = AppFixtures.app(members.space());
        String pkg = Builds.readyPackage(members.developer(), app, Zips.zip().file("Procfile", "web: x").file(
                "tag", newGuid()).bytes());
        // the package's bits replaced by a droplet's (random bytes, not a zip) behind the server's back
        String other = AppFixtures.stagedDroplet(AppFixtures.app(members.space()));
        Db.update(db, "UPDATE packages SET blob_key = (SELECT blob_key FROM droplets WHERE guid = ?) WHERE guid = ?",
                other, pkg);
        String build = Builds.create(members.developer(), pkg).then().statusCode(201).extract().path("guid");
        Builds.finished(members.developer(), build).then().body("state", equalTo("FAILED")).body("error",
                equalTo("StagingError - Staging error: the package's bits could not be read (not a readable zip "
                        + "file)"));
    }

    @Test
    void refusalsCreateNothing() {
        Members members = Members.create();
        String app = AppFixtures.app(members.space());
        String awaiting = Builds.bitsPackage(members.developer(), app);
        Errors.expect(Builds.create(members.developer(), awaiting), 400, "CF-BadRequest", 1004,
                "Bad request: Cannot stage package whose state is not ready.");
        String unusable = "Unable to use package. Ensure that the package exists and you have access to it.";
        Errors.unprocessable(Builds.create(members.developer(), newGuid()), unusable);
        Members strangers = Members.create();
        Errors.unprocessable(Builds.create(strangers.developer(), awaiting), unusable);
        Errors.notAuthorized(Builds.create(members.auditor(), awaiting));
        Errors.unprocessable(Api.as(members.developer()).body("{\"package\":{\"guid\":\"" + awaiting + "\"},"
                + "\"staging_memory_in_mb\":\"lots\",\"staging_disk_in_mb\":0,"
                + "\"staging_log_rate_limit_bytes_per_second\":-2,\"environment_variables\":[],\"bogus\":1}")
                .post("/v3/builds"), "Staging disk in mb must be greater than 0, Staging memory in mb is not a number, "
                + "Staging log rate limit bytes per second must be greater than or equal to -1, Unknown field(s): "
                + "'bogus', Environment variables must be an object");
        Errors.unprocessable(Api.as(members.developer()).body("{}").post("/v3/builds"),
                "Package guid can't be blank, Package guid must be a string, Package guid must be between 1 and 200 "
                        + "characters");
        Errors.unprocessable(Api.as(members.developer()).body("{\"package\":{\"guid\":7},\"lifecycle\":"
                + "{\"type\":\"cnb\",\"data\":{}},\"metadata\":{\"labels\":\"x\"}}").post("/v3/builds"),
                "Lifecycle type is not included in the list: buildpack, docker, Package guid must be a string, "
                        + "Package guid must be between 1 and 200 characters, Metadata 'labels' is not an object");
        Errors.unprocessable(Api.as(members.developer()).body("{\"package\":{\"guid\":\"" + awaiting + "\"},"
                + "\"environment_variables\":{\"VCAP_X\":\"1\",\"N\":2}}").post("/v3/builds"),
                "Environment variables cannot start with VCAP_, Non-string value in environment variable for key "
                        + "'N', value '2'");
        Errors.expect(Api.as(members.developer()).body("[1]").post("/v3/builds"), 400, "CF-MessageParseError", 1001,
                "Request invalid due to parse error: invalid request body");
        assertEquals(0, builds(app));
        Errors.notFound(Api.as(members.developer()).get("/v3/builds/" + newGuid()), "Build not found");
    }

    @Test
    void onlyOneBuildOfAnAppStagesAtATime() {
        Members members = Members.create();
        String app = AppFixtures.app(members.space());
        String pkg = Builds.readyPackage(members.developer(), app, Zips.zip().file("Procfile", "web: x")
                .file("tag", newGuid()).bytes());
        // a build still staging (nothing stages it: it was not created through the API)
        String staging = newGuid();
        Db.update(db, "INSERT INTO builds (guid, app_id, package_guid, state, lifecycle_type, staging_memory_in_mb,"
                + " staging_disk_in_mb, staging_log_rate_limit) SELECT ?, id, ?, 'STAGING', 'buildpack', 1024, 4096,"
                + " -1 FROM apps WHERE guid = ?", staging, pkg, app);
        Errors.expect(Builds.create(members.developer(), pkg), 422, "CF-StagingInProgress", 170017,
                "Only one build can be STAGING at a time per application.");
        assertEquals(1, builds(app));
        Api.as(members.developer()).get("/v3/builds/" + staging).then().statusCode(200)
                .body("state", equalTo("STAGING")).body("droplet", nullValue())
                .body("created_by.guid", nullValue());
        Errors.notFound(Api.as(Members.create().developer()).get("/v3/builds/" + staging), "Build not found");
    }

    @Test
    void listsRefuseUnknownParameters() {
        Errors.badQuery(Api.asAdmin().get("/v3/builds?bogus=1"), "Unknown query parameter(s): 'bogus'. Valid parameters are: 'page', 'per_page', 'order_by', 'created_ats', "
                + "'updated_ats', 'guids', 'states', 'app_guids', 'package_guids', 'label_selector'");
        String app = AppFixtures.app(Fixtures.space(Fixtures.org()));
        Errors.badQuery(Api.asAdmin().get("/v3/apps/" + app + "/builds?app_guids=x"),
                "Unknown query parameter(s): 'app_guids'. Valid parameters are: 'page', 'per_page', 'order_by', "
                        + "'created_ats', 'updated_ats', 'states', 'label_selector'");
        Errors.notFound(Api.asAdmin().get("/v3/apps/" + newGuid() + "/builds"), "App not found");
    }
}

package io.cfdeploy.web;

import static io.cfdeploy.support.Fixtures.uniqueName;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cfdeploy.support.Api;
import io.cfdeploy.support.AppFixtures;
import io.cfdeploy.support.Db;
import io.cfdeploy.support.Errors;
import io.cfdeploy.support.Fixtures;
import io.cfdeploy.support.Members;
import io.cfdeploy.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code apply_manifest}, {@code manifest_diff} and {@code GET /v3/apps/:guid/manifest}: what cf push sends, CAPI's
 * checks and texts, the job the CLI polls, and what the database holds afterwards.
 */
@QuarkusTest
class ManifestsTest {
    /** Plain JDBC, not injected, so that an …IT twin reads the same database from outside. */
    final DataSource db = Db.database();

    static RequestSpecification yaml(String token, String manifest) {
        return Api.as(token).contentType("application/x-yaml").body(manifest.getBytes(StandardCharsets.UTF_8));
    }

    /** Applies the manifest as the CLI does: 202, then the job at the absolute Location. */
    static Response applied(String token, String space, String manifest) {
        Response accepted = yaml(token, manifest).post("/v3/spaces/" + space + "/actions/apply_manifest");
        accepted.then().statusCode(202);
        assertEquals("", accepted.asString());
        String location = accepted.header("Location");
        assertTrue(location.startsWith("http://") && location.contains("/v3/jobs/"), location);
        return Api.as(token).get(location);
    }

    private Map<String, Object> process(String app, String type) {
        return Db.single(db, "SELECT p.instances, p.memory_in_mb, p.disk_in_mb, p.command, p.health_check_type, "
                + "p.health_check_timeout FROM processes p JOIN apps a ON a.id = p.app_id WHERE a.guid = ? AND "
                + "p.type = ?", app, type);
    }

    private String appGuid(String space, String name) {
        return (String) Db.single(db, "SELECT a.guid FROM apps a JOIN spaces s ON s.id = a.space_id WHERE s.guid = ? "
                + "AND a.name = ?", space, name).get("guid");
    }

    @Test
    void aPushOfANewAppCreatesItStoppedWithItsWebProcessAndTheJobIsComplete() {
        Members members = Members.create();
        String name = uniqueName("myapp");
        Response job = applied(members.developer(), members.space(),
                "applications:\n- name: " + name + "\n  default-route: true\n  path: /home/me/app\n");
        job.then().statusCode(200).body("state", equalTo("COMPLETE")).body("operation",
                equalTo("space.apply_manifest")).body("errors", hasSize(0))
                .body("links.space.href", startsWith("http"));
        String app = appGuid(members.space(), name);
        // what the CLI asks next (create_push_plans.go)
        Api.as(members.developer()).queryParam("names", name).queryParam("space_guids", members.space())
                .get("/v3/apps").then().statusCode(200).body("resources", hasSize(1))
                .body("resources[0].state", equalTo("STOPPED"))
                .body("resources[0].lifecycle.type", equalTo("buildpack"));
        Db.assertRow(Db.single(db, "SELECT p.guid, p.instances FROM processes p JOIN apps a ON a.id = p.app_id "
                + "WHERE a.guid = ? AND p.type = 'web'", app), "guid", app, "instances", 1);
        assertEquals(1, Db.count(db, "SELECT count(*) FROM audit_events WHERE type = 'audit.app.apply_manifest' "
                + "AND target_guid = ?", app));
        assertEquals(1, Db.count(db, "SELECT count(*) FROM audit_events WHERE type = 'audit.app.create' "
                + "AND target_guid = ?", app));
        // default-route: the app's name on the default shared domain (test profile: apps.localhost)
        Api.as(members.developer()).get("/v3/apps/" + app + "/routes").then().statusCode(200)
                .body("resources", hasSize(1)).body("resources[0].url", equalTo(name + ".apps.localhost"));
    }

    @Test
    void aRouteOnAnUnknownDomainFailsTheJobAndLeavesNoRouteBehind() {
        Members members = Members.create();
        String name = uniqueName("lost");
        applied(members.developer(), members.space(), "applications:\n- name: " + name + "\n  env: {A: b}\n"
                + "  routes:\n  - route: " + name + ".apps.localhost\n  - route: www.nowhere.test\n")
                .then().body("state", equalTo("FAILED")).body("errors[0].detail", equalTo("For application '"
                        + name + "': No domains exist for route www.nowhere.test"));
        assertEquals(0, Db.count(db, "SELECT count(*) FROM routes WHERE host = ?", name));
        assertEquals(0, Db.count(db, "SELECT count(*) FROM apps WHERE name = ? AND environment_variables::text "
                + "LIKE '%A%'", name));
    }

    @Test
    void everyKeyOfAManifestIsAppliedToTheAppAndItsProcesses() {
        Members members = Members.create();
        String name = uniqueName("full");
        String app = AppFixtures.app(members.space(), name);
        Api.asAdmin().body("{\"var\":{\"KEEP\":\"me\",\"FOO\":\"old\"}}")
                .patch("/v3/apps/" + app + "/environment_variables").then().statusCode(200);
        Response job = applied(members.developer(), members.space(), """
                applications:
                - name: %s
                  instances: 2
                  processes:
                  - instances: 3
                    memory: 512M
                    type: web
                    health-check-type: http
                    health-check-http-endpoint: /health
                    timeout: 90
                  - type: worker
                    command: ./worker
                    disk_quota: 2G
                  memory: 256M
                  buildpacks: [ruby_buildpack]
                  stack: cflinuxfs4
                  default-route: true
                  env:
                    FOO: bar
                    COUNT: 3
                  metadata:
                    labels: {team: blue}
                """.formatted(name));
        job.then().statusCode(200).body("state", equalTo("COMPLETE"));
        Db.assertRow(process(app, "web"), "instances", 3, "memory_in_mb", 512, "health_check_type", "http",
                "health_check_timeout", 90);
        Db.assertRow(process(app, "worker"), "instances", 0, "disk_in_mb", 2048, "command", "./worker");
        Api.asAdmin().get("/v3/apps/" + app + "/environment_variables").then().statusCode(200)
                .body("var.KEEP", equalTo("me")).body("var.FOO", equalTo("bar")).body("var.COUNT", equalTo("3"));
        Api.asAdmin().get("/v3/apps/" + app).then().statusCode(200)
                .body("lifecycle.data.buildpacks", equalTo(List.of("ruby_buildpack")))
                .body("metadata.labels.team", equalTo("blue"));
        assertEquals(2, Db.count(db, "SELECT count(*) FROM audit_events WHERE type = 'audit.app.process.scale' "
                + "AND target_guid = ? AND data ->> 'process_type' IN ('web', 'worker')", app));
    }

    @Test
    void aDockerManifestMakesADockerAppAndLifecyclesCannotBeMixed() {
        Members members = Members.create();
        String name = uniqueName("docker");
        applied(members.developer(), members.space(),
                "applications:\n- name: " + name + "\n  docker:\n    image: repo/img:tag\n  default-route: true\n")
                .then().body("state", equalTo("COMPLETE"));
        String docker = appGuid(members.space(), name);
        Api.asAdmin().get("/v3/apps/" + docker).then().body("lifecycle.type", equalTo("docker"));
        Errors.unprocessable(yaml(members.developer(), "applications:\n- name: " + name + "\n  buildpacks: [x]\n")
                .post("/v3/spaces/" + members.space() + "/actions/apply_manifest"),
                "For application '" + name + "': Buildpack(s) cannot be configured for a docker lifecycle app.");
        String buildpack = uniqueName("bp");
        AppFixtures.app(members.space(), buildpack);
        long jobs = Db.count(db, "SELECT count(*) FROM jobs");
        Errors.unprocessable(yaml(members.developer(), "applications:\n- name: " + buildpack
                + "\n  docker: {image: x}\n").post("/v3/spaces/" + members.space() + "/actions/apply_manifest"),
                "For application '" + buildpack + "': Docker cannot be configured for a buildpack lifecycle app.");
        assertEquals(jobs, Db.count(db, "SELECT count(*) FROM jobs"));
    }

    @Test
    void anApplyThatFailsKeepsNothingOfItselfAndItsJobCarriesCapisError() {
        Members members = Members.create();
        String name = uniqueName("failing");
        StringBuilder labels = new StringBuilder();
        for (int label = 0; label < 51; label++) {
            labels.append("      l").append(label).append(": v\n");
        }
        Response job = applied(members.developer(), members.space(), "applications:\n- name: " + name
                + "\n  instances: 4\n  env: {FOO: bar}\n  metadata:\n    labels:\n" + labels);
        job.then().statusCode(200).body("state", equalTo("FAILED")).body("errors", hasSize(1))
                .body("errors[0].code", equalTo(10008)).body("errors[0].title", equalTo("CF-UnprocessableEntity"))
                .body("errors[0].detail", equalTo("For application '" + name
                        + "': Failed to add 51 labels because it would exceed maximum of 50"));
        // CAPI keeps the skeleton it made before the job; the job's own changes are gone
        String app = appGuid(members.space(), name);
        Db.assertRow(process(app, "web"), "instances", 1);
        assertEquals(0, Db.count(db, "SELECT count(*) FROM apps WHERE guid = ? AND environment_variables::text "
                + "LIKE '%FOO%'", app));
    }

    @Test
    void badManifestsAreRefusedWithCapisTextsAndChangeNothing() {
        Members members = Members.create();
        String path = "/v3/spaces/" + members.space() + "/actions/apply_manifest";
        long apps = Db.count(db, "SELECT count(*) FROM apps");
        Errors.expect(Api.as(members.developer()).body("{\"applications\":[]}").post(path), 400, "CF-BadRequest",
                1004, "Bad request: Content-Type must be yaml");
        Errors.unprocessable(yaml(members.developer(), "applications:\n- name: a\n  memory: 1X\n  no-route: 3\n")
                .post(path), "For application 'a': Process \"web\": Memory must use a supported unit: B, K, KB, M, "
                + "MB, G, GB, T, or TB, For application 'a': No-route must be a boolean");
        Errors.unprocessable(yaml(members.developer(), "version: 2\napplications:\n- name: a\n").post(path),
                "Unsupported manifest schema version. Currently supported versions: [1].");
        Errors.expect(yaml(members.developer(), "a: &a [1,2,3,4,5,6,7,8,9]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
                + "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\napplications:\n- name: x\n").post(path), 400,
                "CF-MessageParseError", 1001,
                "Request invalid due to parse error: the manifest uses more than 20 aliases to collections");
        Errors.expect(yaml(members.developer(), "applications: [\n").post(path), 400, "CF-MessageParseError", 1001,
                "Request invalid due to parse error: invalid YAML");
        assertEquals(apps, Db.count(db, "SELECT count(*) FROM apps"));
    }

    @Test
    void theSpaceMustBeVisibleAndWritable() {
        Members members = Members.create();
        String manifest = "applications:\n- name: a\n";
        Errors.notFound(yaml(members.developer(), manifest).post("/v3/spaces/" + Fixtures.newGuid()
                + "/actions/apply_manifest"), "Space not found");
        Errors.notFound(yaml(members.noRole(), manifest).post("/v3/spaces/" + members.space()
                + "/actions/apply_manifest"), "Space not found");
        Errors.notAuthorized(yaml(members.auditor(), manifest).post("/v3/spaces/" + members.space()
                + "/actions/apply_manifest"));
        Errors.notAuthorized(yaml(members.auditor(), manifest).post("/v3/spaces/" + members.space()
                + "/manifest_diff"));
        assertEquals(0, Db.count(db, "SELECT count(*) FROM apps a JOIN spaces s ON s.id = a.space_id "
                + "WHERE s.guid = ?", members.space()));
    }

    @Test
    void theDiffShowsWhatAnApplyWouldChange() {
        Members members = Members.create();
        String name = uniqueName("diffed");
        AppFixtures.app(members.space(), name);
        String path = "/v3/spaces/" + members.space() + "/manifest_diff";
        yaml(members.developer(), "applications:\n- name: " + name + "\n  memory: 1G\n  instances: 1\n"
                + "  default-route: true\n  path: /x\n").post(path).then().statusCode(201)
                .body("diff", hasSize(0));
        Response diff = yaml(members.developer(), "applications:\n- name: " + name + "\n  memory: 512M\n"
                + "  env: {FOO: bar}\n  processes:\n  - type: worker\n    command: ./w\n").post(path);
        diff.then().statusCode(201).body("diff", hasSize(3))
                .body("diff[0].op", equalTo("replace")).body("diff[0].path", equalTo("/applications/0/memory"))
                .body("diff[0].was", equalTo("1024M")).body("diff[0].value", equalTo("512M"))
                .body("diff[1].op", equalTo("add")).body("diff[1].path", equalTo("/applications/0/env"))
                .body("diff[1].value.FOO", equalTo("bar"))
                .body("diff[2].op", equalTo("add")).body("diff[2].path", equalTo("/applications/0/processes/0"));
        // a diff changes nothing
        Db.assertRow(process(appGuid(members.space(), name), "web"), "memory_in_mb", 1024);
    }

    @Test
    void anAppReadsBackAsTheManifestThatWouldMakeIt() {
        Members members = Members.create();
        String name = uniqueName("shown");
        applied(members.developer(), members.space(), "applications:\n- name: " + name + "\n  instances: 2\n"
                + "  memory: 256M\n  env: {FOO: bar}\n  processes:\n  - type: worker\n    command: ./w\n")
                .then().body("state", equalTo("COMPLETE"));
        String app = appGuid(members.space(), name);
        Response shown = Api.as(members.developer()).get("/v3/apps/" + app + "/manifest");
        shown.then().statusCode(200).contentType(startsWith("application/x-yaml"));
        Map<String, Object> manifest = new Yaml().load(shown.asString());
        @SuppressWarnings("unchecked")
        Map<String, Object> application = ((List<Map<String, Object>>) manifest.get("applications")).get(0);
        assertEquals(name, application.get("name"));
        assertEquals(Map.of("FOO", "bar"), application.get("env"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> processes = (List<Map<String, Object>>) application.get("processes");
        assertEquals("web", processes.get(0).get("type"));
        assertEquals(2, processes.get(0).get("instances"));
        assertEquals("256M", processes.get(0).get("memory"));
        assertEquals("worker", processes.get(1).get("type"));
        assertEquals("./w", processes.get(1).get("command"));
        // applying what was read back changes nothing
        yaml(members.developer(), shown.asString()).post("/v3/spaces/" + members.space() + "/manifest_diff")
                .then().statusCode(201).body("diff", hasSize(0));

        Errors.notAuthorized(Api.as(members.auditor()).get("/v3/apps/" + app + "/manifest"));
        Errors.notFound(Api.as(members.noRole()).get("/v3/apps/" + app + "/manifest"), "App not found");
        Errors.notFound(Api.as(Tokens.admin()).get("/v3/apps/" + Fixtures.newGuid() + "/manifest"),
                "App not found");
    }
}

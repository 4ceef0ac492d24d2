package io.cfdeploy.web;

import static io.cfdeploy.support.Fixtures.newGuid;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cfdeploy.support.Api;
import io.cfdeploy.support.AppFixtures;
import io.cfdeploy.support.Builds;
import io.cfdeploy.support.Db;
import io.cfdeploy.support.Errors;
import io.cfdeploy.support.Fixtures;
import io.cfdeploy.support.Members;
import io.cfdeploy.support.Zips;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** {@code GET /v3/packages/:guid/download}, {@code DELETE /v3/packages/:guid} and the package's droplets. */
@QuarkusTest
class PackageEndpointsTest {
    final DataSource db = Db.database();

    @Test
    void downloadStreamsTheZipToThoseWhoMaySeeSecrets() throws Exception {
        Members members = Members.create();
        String app = AppFixtures.app(members.space());
        byte[] zip = Zips.zip().file("a-" + newGuid(), "x").bytes();
        String pkg = Builds.readyPackage(members.developer(), app, zip);
        byte[] downloaded = Api.as(members.developer()).accept("application/zip")
                .get("/v3/packages/" + pkg + "/download").then().statusCode(200).contentType("application/zip")
                .extract().asByteArray();
        assertArrayEquals(zip, downloaded);
        assertEquals(1, Db.count(db, "SELECT count(*) FROM audit_events WHERE type = 'audit.app.package.download' "
                + "AND target_guid = ? AND data ->> 'package_guid' = ?", app, pkg));
        Errors.notAuthorized(Api.as(members.auditor()).accept("*/*").get("/v3/packages/" + pkg + "/download"));
        Errors.notFound(Api.as(members.noRole()).accept("*/*").get("/v3/packages/" + pkg + "/download"),
                "Package not found");
        Errors.notFound(Api.asAdmin().accept("*/*").get("/v3/packages/" + newGuid() + "/download"),
                "Package not found");
        String awaiting = Builds.bitsPackage(members.developer(), app);
        Errors.unprocessable(Api.as(members.developer()).accept("*/*").get("/v3/packages/" + awaiting
                + "/download"), "Package has no bits to download.");
        String dockerApp = PackagesTest.dockerApp(Fixtures.space(Fixtures.org()));
        String docker = Api.asAdmin().body(PackagesTest.dockerBody(dockerApp, "{\"image\":\"r/i\"}"))
                .post("/v3/packages").then().statusCode(201).extract().path("guid");
        Errors.unprocessable(Api.asAdmin().accept("*/*").get("/v3/packages/" + docker + "/download"),
                "Package type must be bits.");
    }

    @Test
    void deleteRemovesThePackageAndItsUnsharedBitsButNotItsDroplets() throws Exception {
        Members members = Members.create();
        String app = AppFixtures.app(members.space());
        byte[] zip = Zips.zip().file("Procfile", "web: x").file("t", newGuid()).bytes();
        String pkg = Builds.readyPackage(members.developer(), app, zip);
        String build = Builds.create(members.developer(), pkg).then().statusCode(201).extract().path("guid");
        String droplet = Builds.finished(members.developer(), build).path("droplet.guid");
        Path blob = DropletsTest.blobPath(PackageUploadTest.sha256(zip));
        assertTrue(Files.exists(blob));

        Errors.notAuthorized(Api.as(members.auditor()).delete("/v3/packages/" + pkg));
        Errors.notFound(Api.as(members.noRole()).delete("/v3/packages/" + pkg), "Package not found");
        String location = Api.as(members.developer()).delete("/v3/packages/" + pkg).then().statusCode(202)
                .header("Location", containsString("/v3/jobs/")).extract().header("Location");
        Api.as(members.developer()).get(location.substring(location.indexOf("/v3/jobs/"))).then().statusCode(200)
                .body("state", equalTo("COMPLETE")).body("operation", equalTo("package.delete"));
        Errors.notFound(Api.as(members.developer()).get("/v3/packages/" + pkg), "Package not found");
        assertFalse(Files.exists(blob), "the zip only the package held is gone");
        assertEquals(1, Db.count(db, "SELECT count(*) FROM audit_events WHERE type = 'audit.app.package.delete' "
                + "AND target_guid = ? AND data ->> 'package_guid' = ?", app, pkg));
        // the droplet staged from it stays, with its package guid, and so does the build
        Api.as(members.developer()).get("/v3/droplets/" + droplet).then().statusCode(200)
                .body("links.package.href", endsWith("/v3/packages/" + pkg));
        Api.as(members.developer()).get("/v3/builds/" + build).then().statusCode(200)
                .body("package.guid", equalTo(pkg));
        Errors.notFound(Api.as(members.developer()).delete("/v3/packages/" + pkg), "Package not found");
    }

    @Test
    void thePackagesDropletsAreFilteredAndPaged() {
        Members members = Members.create();
        String app = AppFixtures.app(members.space());
        String pkg = Builds.readyPackage(members.developer(), app, Zips.zip().file("Procfile", "web: x")
                .file("t", newGuid()).bytes());
        String first = Builds.finished(members.developer(), Builds.create(members.developer(), pkg).path("guid"))
                .path("droplet.guid");
        String second = Builds.finished(members.developer(), Builds.create(members.developer(), pkg).path("guid"))
                .path("droplet.guid");
        Api.as(members.auditor()).get("/v3/packages/" + pkg + "/droplets").then().statusCode(200)
                .body("resources.guid", contains(first, second))
                .body("resources[0].process_types.redacted_message", equalTo("[PRIVATE DATA HIDDEN IN LISTS]"));
        Api.as(members.auditor()).get("/v3/packages/" + pkg + "/droplets?states=STAGED&page=2&per_page=1").then()
                .body("pagination.total_results", equalTo(2)).body("resources.guid", contains(second));
        Api.as(members.auditor()).get("/v3/packages/" + pkg + "/droplets?guids=" + first + "&states=FAILED")
                .then().body("pagination.total_results", equalTo(0));
        Errors.notFound(Api.as(members.noRole()).get("/v3/packages/" + pkg + "/droplets"), "Package not found");
        Errors.badQuery(Api.asAdmin().get("/v3/packages/" + pkg + "/droplets?app_guids=x"),
                "Unknown query parameter(s): 'app_guids'. Valid parameters are: 'page', 'per_page', 'order_by', "
                        + "'created_ats', 'updated_ats', 'guids', 'states'");
    }
}

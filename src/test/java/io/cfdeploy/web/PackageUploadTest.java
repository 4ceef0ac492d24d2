package io.cfdeploy.web;

import static io.cfdeploy.support.Fixtures.newGuid;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.cfdeploy.support.Api;
import io.cfdeploy.support.AppFixtures;
import io.cfdeploy.support.Db;
import io.cfdeploy.support.Errors;
import io.cfdeploy.support.Fixtures;
import io.cfdeploy.support.Members;
import io.cfdeploy.support.Zips;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v3/packages/:guid/upload} as the cf CLI sends it (a {@code resources} part, then the zip as
 * {@code bits}), and every hostile or refused upload leaving the package and the blobstore as they were.
 */
@QuarkusTest
class PackageUploadTest {
    final DataSource db = Db.database();

    static Response upload(String token, String pkg, String resources, byte[] zip) {
        var request = Api.as(token).contentType("multipart/form-data");
        if (resources != null) {
            request.multiPart("resources", resources);
        }
        if (zip != null) {
            request.multiPart("bits", "package.zip", zip, "application/octet-stream");
        }
        return request.post("/v3/packages/" + pkg + "/upload");
    }

    static String bitsPackage(String token, String app) {
        return Api.as(token).body(PackagesTest.bitsBody(app)).post("/v3/packages").then().statusCode(201).extract()
                .path("guid");
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** The package row and no blob for these bits: what a refused upload must leave. */
    private void unchanged(String pkg, byte[] zip) throws Exception {
        Db.assertRow(Db.single(db, "SELECT state, blob_key, sha256 FROM packages WHERE guid = ?", pkg),
                "state", "AWAITING_UPLOAD", "blob_key", null, "sha256", null);
        assertFalse(Files.exists(DropletsTest.blobPath(sha256(zip))), "no blob kept of a refused upload");
        assertEquals(0, Db.count(db, "SELECT count(*) FROM audit_events WHERE type = 'audit.app.package.upload' "
                + "AND data ->> 'package_guid' = ?", pkg));
    }

    @Test
    void theCliUploadMakesThePackageReadyWithItsChecksum() throws Exception {
        Members members = Members.create();
        String app = AppFixtures.app(members.space());
        String pkg = bitsPackage(members.developer(), app);
        byte[] zip = Zips.zip().directory("public").file("public/index.html", "<h1>" + newGuid() + "</h1>")
                .file("Procfile", "web: ruby app.rb").link("index", "public/index.html").bytes();
        String sha256 = sha256(zip);
        upload(members.developer(), pkg, "[]", zip).then().statusCode(200).body("guid", equalTo(pkg))
                .body("state", equalTo("READY")).body("data.checksum.type", equalTo("sha256"))
                .body("data.checksum.value", equalTo(sha256)).body("data.error", equalTo(null));
        Db.assertRow(Db.single(db, "SELECT state, sha256, blob_key, blob_size FROM packages WHERE guid = ?", pkg),
                "state", "READY", "sha256", sha256, "blob_key", sha256, "blob_size", (long) zip.length);
        Path blob = DropletsTest.blobPath(sha256);
        assertArrayEquals(zip, Files.readAllBytes(blob));
        assertEquals(1, Db.count(db, "SELECT count(*) FROM audit_events WHERE type = 'audit.app.package.upload' "
                + "AND target_guid = ? AND data ->> 'package_guid' = ?", app, pkg));
        Api.as(members.auditor()).get("/v3/packages/" + pkg).then().body("state", equalTo("READY"));

        Errors.expect(upload(members.developer(), pkg, "[]", zip), 400, "CF-PackageBitsAlreadyUploaded", 150004,
                "Bits may be uploaded only once. Create a new package to upload different bits.");
        // deleting the app removes the bits only it held
        Api.asAdmin().delete("/v3/apps/" + app).then().statusCode(202);
        assertFalse(Files.exists(blob), "the package's bits go with its app");
    }

    @Test
    void hostileZipsAreRefusedAndNothingIsKept() throws Exception {
        Members members = Members.create();
        String app = AppFixtures.app(members.space());
        String pkg = bitsPackage(members.developer(), app);
        String tag = newGuid(); // makes every zip's bytes (and blob key) new
        byte[] climbing = Zips.zip().file("ok-" + tag, "x").file("../../etc/cron.d/evil", "x").bytes();
        Errors.unprocessable(upload(members.developer(), pkg, "[]", climbing),
                "Uploaded package is invalid: entry '../../etc/cron.d/evil' leaves the package");
        unchanged(pkg, climbing);
        byte[] absolute = Zips.zip().file("/tmp/" + tag, "x").bytes();
        Errors.unprocessable(upload(members.developer(), pkg, "[]", absolute),
                "Uploaded package is invalid: entry '/tmp/" + tag + "' leaves the package");
        unchanged(pkg, absolute);
        byte[] linkOut = Zips.zip().file("a-" + tag, "x").link("secrets", "../../../root/.ssh/id_rsa").bytes();
        Errors.unprocessable(upload(members.developer(), pkg, "[]", linkOut),
                "Uploaded package is invalid: link 'secrets' points outside the package");
        unchanged(pkg, linkOut);
        // 9 MB of zeros deflate to a few KB: over the test profile's 8M expanded limit, under its 2M upload limit
        byte[] bomb = Zips.zip().file("tag", tag).file("zeros", new byte[9 * 1024 * 1024]).bytes();
        Errors.unprocessable(upload(members.developer(), pkg, "[]", bomb),
                "Uploaded package is invalid: it expands to more than 8388608 bytes");
        unchanged(pkg, bomb);
        Zips many = Zips.zip();
        for (int i = 0; i <= 500; i++) {
            many.file(tag + "/" + i, "");
        }
        byte[] tooMany = many.bytes();
        Errors.unprocessable(upload(members.developer(), pkg, "[]", tooMany),
                "Uploaded package is invalid: it has more than 500 entries");
        unchanged(pkg, tooMany);
        byte[] notAZip = ("not a zip " + tag).getBytes();
        Errors.unprocessable(upload(members.developer(), pkg, "[]", notAZip),
                "Uploaded package is invalid: not a readable zip file");
        unchanged(pkg, notAZip);
        byte[] oversized = new byte[3 * 1024 * 1024];
        new java.util.Random().nextBytes(oversized);
        Errors.expect(upload(members.developer(), pkg, "[]", oversized), 413, "CF-RequestEntityTooLarge", 10012,
                "Request Entity Too Large");
        unchanged(pkg, oversized);
        // after all that, a good zip still goes in
        upload(members.developer(), pkg, "[]", Zips.zip().file("app-" + tag, "ok").bytes()).then().statusCode(200)
                .body("state", equalTo("READY"));
    }

    @Test
    void theFormAndTheCallerAreCheckedWithCapisTextsAndOrder() throws Exception {
        Members members = Members.create();
        String app = AppFixtures.app(members.space());
        String pkg = bitsPackage(members.developer(), app);
        byte[] zip = Zips.zip().file("app-" + newGuid(), "x").bytes();
        Errors.unprocessable(upload(members.developer(), pkg, "{not json", zip), "Resources must be valid JSON.");
        Errors.unprocessable(upload(members.developer(), pkg, "{}", zip), "Resources must be valid JSON.");
        Errors.unprocessable(upload(members.developer(), pkg, "[]", null),
                "Upload must include either resources or bits");
        Errors.unprocessable(upload(members.developer(), pkg, null, new byte[0]),
                "Upload must include either resources or bits");
        Errors.unprocessable(upload(members.developer(), pkg, "[{\"sha1\":\"" + "a".repeat(40) + "\",\"fn\":\"x\","
                + "\"size\":1}]", zip), "Resources cannot be matched: this server keeps no cached resources; upload "
                        + "every file as bits");
        // the form is checked before the package is looked up, as CAPI does
        Errors.unprocessable(upload(members.developer(), newGuid(), "[]", null),
                "Upload must include either resources or bits");
        Errors.notFound(upload(members.developer(), newGuid(), "[]", zip), "Package not found");
        Errors.notFound(upload(members.noRole(), pkg, "[]", zip), "Package not found");
        Errors.notAuthorized(upload(members.auditor(), pkg, "[]", zip));
        Errors.notAuthorized(upload(members.supporter(), pkg, "[]", zip));
        String docker = Api.asAdmin().body(PackagesTest.dockerBody(PackagesTest.dockerApp(members.space()),
                "{\"image\":\"nginx\"}")).post("/v3/packages").then().statusCode(201).extract().path("guid");
        Errors.unprocessable(upload(members.developer(), docker, "[]", zip), "Package type must be bits.");
        Fixtures.suspend(members.org());
        Errors.orgSuspended(upload(members.developer(), pkg, "[]", zip));
        unchanged(pkg, zip);
    }
}

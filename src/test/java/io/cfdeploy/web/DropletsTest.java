package io.cfdeploy.web;

import static io.cfdeploy.support.Fixtures.newGuid;
import static io.cfdeploy.support.Fixtures.uniqueName;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cfdeploy.support.Api;
import io.cfdeploy.support.AppFixtures;
import io.cfdeploy.support.Db;
import io.cfdeploy.support.TestTriggers;
import io.cfdeploy.support.Errors;
import io.cfdeploy.support.Fixtures;
import io.cfdeploy.support.Json;
import io.cfdeploy.support.Members;
import io.cfdeploy.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DropletsTest {
    /** cfdeploy.blobstore.directory in the test profile. */
    static final Path BLOBS = Path.of("target/test-blobs");
    /** cfdeploy.limits.max-droplet-upload-size in the test profile. */
    static final int UPLOAD_LIMIT = 2 * 1024 * 1024;
    private static final String NOT_STAGED = "Only staged droplets can be downloaded.";

    /** Plain JDBC, not injected, so that the …IT twin reads the same database from outside. */
    final DataSource db = Db.database();

    static Path blobPath(String key) {
        return BLOBS.resolve(key.substring(0, 2)).resolve(key.substring(2, 4)).resolve(key);
    }

    /** Files half-written by an upload would sit here. */
    private static List<Path> temporaryFiles() {
        Path tmp = BLOBS.resolve("tmp");
        if (!Files.exists(tmp)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(tmp)) {
            return files.toList();
        } catch (IOException exception) {
            throw new UncheckedIOException(exception);
        }
    }

    private static String sha(String algorithm, byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    }

    private Map<String, Object> row(String droplet) {
        return Db.single(db, "SELECT * FROM droplets WHERE guid = ?", droplet);
    }

    /** A STAGED droplet with docker lifecycle (the API cannot create one), for the paths that refuse them. */
    private static String dockerDroplet(String spaceGuid) {
        String app = Api.asAdmin().body("{\"name\":\"" + uniqueName("docker") + "\",\"relationships\":{\"space\":"
                + "{\"data\":{\"guid\":\"" + spaceGuid + "\"}}},\"lifecycle\":{\"type\":\"docker\",\"data\":{}}}")
                .post("/v3/apps").then().statusCode(201).extract().path("guid");
        Errors.unprocessable(Api.asAdmin().body(AppFixtures.dropletBody(app, null)).post("/v3/droplets"),
                "Droplet creation is not available for apps with docker lifecycles.");
        String droplet = newGuid();
        Db.update(Db.database(), "INSERT INTO droplets (guid, app_id, state, lifecycle_type, image) "
                + "VALUES (?, (SELECT id FROM apps WHERE guid = ?), 'STAGED', 'docker', 'nginx:latest')", droplet, app);
        return droplet;
    }

    @Test
    void createRendersAFreshDropletAwaitingItsBits() {
        Members members = Members.create();
        String app = AppFixtures.app(members.space());
        Response response = Api.as(members.developer()).body(AppFixtures.dropletBody(app, null)).post("/v3/droplets");
        response.then().statusCode(201).body("state", equalTo("AWAITING_UPLOAD")).body("error", nullValue())
                .body("lifecycle.type", equalTo("buildpack")).body("checksum", nullValue())
                .body("buildpacks", hasSize(0)).body("stack", nullValue()).body("image", nullValue())
                .body("execution_metadata", equalTo("")).body("process_types.web", equalTo(""))
                .body("relationships.app.data.guid", equalTo(app));
        String guid = response.path("guid");
        JsonNode json = Json.parse(response.asString());
        assertThat(Json.keys(json), contains("guid", "created_at", "updated_at", "state", "error", "lifecycle",
                "checksum", "buildpacks", "stack", "image", "execution_metadata", "process_types", "relationships",
                "metadata", "links"));
        assertEquals(0, json.at("/lifecycle/data").size());
        assertThat(Json.keys(json.get("links")), contains("self", "app", "assign_current_droplet", "upload"));
        response.then().body("links.self.href", endsWith("/v3/droplets/" + guid))
                .body("links.app.href", endsWith("/v3/apps/" + app))
                .body("links.assign_current_droplet.href", endsWith("/v3/apps/" + app
                        + "/relationships/current_droplet"))
                .body("links.assign_current_droplet.method", equalTo("PATCH"))
                .body("links.upload.href", endsWith("/v3/droplets/" + guid + "/upload"))
                .body("links.upload.method", equalTo("POST"));
        Db.assertRow(Db.single(db, "SELECT * FROM audit_events WHERE type = 'audit.app.droplet.create'"
                + " AND target_guid = ?", app), "data", "{\"droplet_guid\": \"" + guid + "\"}", "target_type", "app",
                "space_guid", members.space());
        Api.asAdmin().body(AppFixtures.dropletBody(app, "{\"web\":\"bundle exec rackup\",\"worker\":\"sidekiq\"}"))
                .post("/v3/droplets").then().statusCode(201)
                .body("process_types.web", equalTo("bundle exec rackup"))
                .body("process_types.worker", equalTo("sidekiq"));
    }

    @Test
    void createValidatesTheBodyThenTheAppThenTheRole() {
        Members members = Members.create();
        String app = AppFixtures.app(members.space());
        Errors.unprocessable(Api.asAdmin().body("{\"metadata\":{}}").post("/v3/droplets"),
                "Unknown field(s): 'metadata', Relationships 'relationships' is not an object");
        Errors.unprocessable(Api.asAdmin().body(AppFixtures.dropletBody(app, "\"x\"")).post("/v3/droplets"),
                "Process types must be an object");
        Errors.unprocessable(Api.asAdmin().body(AppFixtures.dropletBody(app, "{\"\":\"x\",\"web\":1}"))
                .post("/v3/droplets"), "Process types key must not be empty, Process types value must be a string");
        Errors.unprocessable(Api.asAdmin().body("{\"relationships\":{\"space\":{\"data\":{\"guid\":\"x\"}}}}")
                .post("/v3/droplets"), "Relationships Unknown field(s): 'space', Relationships App can't be blank");
        String missing = newGuid();
        Errors.unprocessable(Api.asAdmin().body(AppFixtures.dropletBody(missing, null)).post("/v3/droplets"),
                "App with guid \"" + missing + "\" does not exist, or you do not have access to it.");
        for (String stranger : members.strangers()) {
            Errors.unprocessable(Api.as(stranger).body(AppFixtures.dropletBody(app, null)).post("/v3/droplets"),
                    "App with guid \"" + app + "\" does not exist, or you do not have access to it.");
        }
        for (String reader : members.readOnly()) {
            Errors.notAuthorized(Api.as(reader).body(AppFixtures.dropletBody(app, null)).post("/v3/droplets"));
        }
        Errors.notAuthorized(Api.as(members.supporter()).body(AppFixtures.dropletBody(app, null))
                .post("/v3/droplets"));
        dockerDroplet(members.space());
        Fixtures.suspend(members.org());
        Errors.orgSuspended(Api.as(members.developer()).body(AppFixtures.dropletBody(app, null))
                .post("/v3/droplets"));
        assertEquals(0, Db.count(db, "SELECT count(*) FROM droplets d JOIN apps a ON a.id = d.app_id"
                + " WHERE a.guid = ?", app));
    }

    @Test
    void uploadStoresTheBitsStagesTheDropletAndDownloadReturnsThem() throws Exception {
        Members members = Members.create();
        String app = AppFixtures.app(members.space());
        String droplet = AppFixtures.droplet(app);
        byte[] bits = AppFixtures.bits(300_000);
        String sha256 = sha("SHA-256", bits);

        Response upload = AppFixtures.upload(members.developer(), droplet, bits, "droplet.tgz");
        upload.then().statusCode(202).body("guid", equalTo(droplet)).body("state", equalTo("STAGED"))
                .body("checksum.type", equalTo("sha256")).body("checksum.value", equalTo(sha256))
                .body("links.upload", nullValue())
                .body("links.download.href", endsWith("/v3/droplets/" + droplet + "/download"));
        String location = upload.header("Location");
        assertThat(location, matchesPattern(".*/v3/jobs/[0-9a-f-]{36}$"));
        Api.asAdmin().get(location.substring(location.indexOf("/v3/"))).then().statusCode(200)
                .body("operation", equalTo("droplet.upload")).body("state", equalTo("COMPLETE"))
                .body("errors", hasSize(0))
                .body("links.droplet.href", endsWith("/v3/droplets/" + droplet));
        Db.assertRow(row(droplet), "state", "STAGED", "checksum_type", "sha256", "checksum_value", sha256, "sha1",
                sha("SHA-1", bits), "blob_key", sha256, "blob_size", (long) bits.length);
        assertArrayEquals(bits, Files.readAllBytes(blobPath(sha256)));
        assertEquals(List.of(), temporaryFiles());
        Db.assertRow(Db.single(db, "SELECT * FROM audit_events WHERE type = 'audit.app.droplet.upload'"
                + " AND target_guid = ?", app), "data", "{\"droplet_guid\": \"" + droplet + "\"}");

        Response download = Api.as(members.auditor()).accept("application/octet-stream")
                .get("/v3/droplets/" + droplet + "/download");
        download.then().statusCode(200).contentType("application/octet-stream")
                .header("Content-Length", String.valueOf(bits.length));
        assertArrayEquals(bits, download.asByteArray());
        Db.assertRow(Db.single(db, "SELECT * FROM audit_events WHERE type = 'audit.app.droplet.download'"
                + " AND target_guid = ?", app), "data", "{\"droplet_guid\": \"" + droplet + "\"}");

        Errors.unprocessable(AppFixtures.upload(members.developer(), droplet, bits, "droplet.tgz"),
                "Droplet may be uploaded only once. Create a new droplet to upload bits.");

        // the same bits in a second droplet share the blob; deleting one keeps it for the other
        String twin = AppFixtures.droplet(app);
        AppFixtures.upload(Tokens.admin(), twin, bits, "again.tar.gz").then().statusCode(202)
                .body("checksum.value", equalTo(sha256));
        Api.asAdmin().delete("/v3/droplets/" + twin).then().statusCode(202);
        assertTrue(Files.exists(blobPath(sha256)));
        Api.asAdmin().delete("/v3/droplets/" + droplet).then().statusCode(202);
        assertFalse(Files.exists(blobPath(sha256)));
    }

    @Test
    void uploadChecksTheFormFirstWithCapisTexts() {
        Members members = Members.create();
        String droplet = AppFixtures.droplet(AppFixtures.app(members.space()));
        String invalid = "Uploaded droplet file is invalid: ";
        Errors.unprocessable(Api.asAdmin().contentType("multipart/form-data")
                .multiPart("other", "droplet.tgz", AppFixtures.bits(10), "application/octet-stream")
                .post("/v3/droplets/" + droplet + "/upload"),
                invalid + "A droplet tgz file must be uploaded as 'bits'");
        Errors.unprocessable(AppFixtures.upload(Tokens.admin(), droplet, AppFixtures.bits(10), "droplet.zip"),
                invalid + "droplet.zip is not a tgz");
        Errors.unprocessable(AppFixtures.upload(Tokens.admin(), droplet, new byte[0], "droplet.zip"),
                invalid + "droplet.zip is not a tgz, droplet.zip cannot be empty");
        Errors.unprocessable(AppFixtures.upload(members.noRole(), newGuid(), new byte[0], "d.tgz"),
                invalid + "d.tgz cannot be empty");
        String missing = newGuid();
        Errors.notFound(AppFixtures.upload(Tokens.admin(), missing, AppFixtures.bits(10), "d.tgz"),
                "Droplet with guid '" + missing + "' does not exist, or you do not have access to it.");
        for (String token : List.of(members.supporter(), members.auditor(), members.spaceManager(),
                members.orgManager())) {
            Errors.notAuthorized(AppFixtures.upload(token, droplet, AppFixtures.bits(10), "d.tgz"));
        }
        // those who cannot read the space learn nothing: the droplet's answer is a missing one's (CAPI's
        // droplet_not_found! unless readable)
        for (String stranger : members.strangers()) {
            Errors.notFound(AppFixtures.upload(stranger, droplet, AppFixtures.bits(10), "d.tgz"),
                    "Droplet with guid '" + droplet + "' does not exist, or you do not have access to it.");
        }
        Db.assertRow(row(droplet), "state", "AWAITING_UPLOAD", "blob_key", null);
        Fixtures.suspend(members.org());
        Errors.orgSuspended(AppFixtures.upload(members.developer(), droplet, AppFixtures.bits(10), "d.tgz"));
        Db.assertRow(row(droplet), "state", "AWAITING_UPLOAD", "blob_key", null);
    }

    @Test
    void anUploadAboveTheLimitIs413AndLeavesNothingBehind() {
        String droplet = AppFixtures.droplet(AppFixtures.app(Fixtures.space(Fixtures.org())));
        // streamed (chunked) by RestAssured: refused by the multipart parser while the bits arrive
        tooLargeOrReset(() -> AppFixtures.upload(Tokens.admin(), droplet, AppFixtures.bits(UPLOAD_LIMIT + 1),
                "big.tgz"));
        // with a Content-Length: refused before the body is read
        tooLargeOrReset(() -> AppFixtures.uploadRaw(Tokens.admin(), droplet, "multipart/form-data; boundary=XYZ",
                AppFixtures.multipart("bits", "big.tgz", AppFixtures.bits(UPLOAD_LIMIT))));
        Db.assertRow(row(droplet), "state", "AWAITING_UPLOAD", "blob_key", null);
        assertEquals(List.of(), temporaryFiles());
        assertEquals(0, Db.count(db, "SELECT count(*) FROM jobs WHERE resource_guid = ?", droplet));
        AppFixtures.uploadRaw(Tokens.admin(), droplet, "multipart/form-data; boundary=XYZ",
                AppFixtures.multipart("bits", "big.tgz", AppFixtures.bits(UPLOAD_LIMIT - 4096))).then()
                .statusCode(202).body("state", equalTo("STAGED"));
    }

    /**
     * The server answers 413 and closes the connection without reading the rest of an oversized upload (reading it
     * would let a client make it swallow any amount of data). A client still sending may therefore see the reset
     * before it reads the answer; when it does read one, it is the CF envelope.
     */
    private static void tooLargeOrReset(java.util.function.Supplier<io.restassured.response.Response> upload) {
        io.restassured.response.Response response;
        try {
            response = upload.get();
        } catch (Exception reset) { // RestAssured rethrows the client's IOException unchecked
            if (hasCause(reset, java.io.IOException.class)) {
                return;
            }
            throw new AssertionError("the upload failed otherwise", reset);
        }
        Errors.expect(response, 413, "CF-RequestEntityTooLarge", 10012, "Request Entity Too Large");
    }

    private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aJsonBodyAboveOneMegabyteIs413() {
        String big = "{\"name\":\"" + "x".repeat(1024 * 1024) + "\"}";
        Errors.expect(Api.asAdmin().body(big).post("/v3/apps"), 413, "CF-RequestEntityTooLarge", 10012,
                "Request Entity Too Large");
        Errors.expect(Api.asAdmin().body(big).post("/v3/droplets"), 413, "CF-RequestEntityTooLarge", 10012,
                "Request Entity Too Large");
    }

    @Test
    void aBrokenMultipartBodyIsRefusedAndChangesNothing() {
        String droplet = AppFixtures.droplet(AppFixtures.app(Fixtures.space(Fixtures.org())));
        byte[] truncated = "--XYZ\r\nContent-Disposition: form-data; name=\"bits\"; filename=\"d.tgz\"\r\n\r\nhalf"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Errors.unprocessable(AppFixtures.uploadRaw(Tokens.admin(), droplet, "multipart/form-data; boundary=XYZ",
                truncated), "Uploaded droplet file is invalid: Uploaded bits are not a valid droplet file");
        Errors.unprocessable(AppFixtures.uploadRaw(Tokens.admin(), droplet, "multipart/form-data", truncated),
                "Uploaded droplet file is invalid: A droplet tgz file must be uploaded as 'bits'");
        Db.assertRow(row(droplet), "state", "AWAITING_UPLOAD", "blob_key", null);
        assertEquals(List.of(), temporaryFiles());
        Errors.expect(Api.asAdmin().body("{\"bits\":\"x\"}").post("/v3/droplets/" + droplet + "/upload"), 400,
                "CF-MessageParseError", 1001, "Request invalid due to parse error: invalid request body");
    }

    @Test
    void readersSeeDropletsWithSecretsRedactedAsCapiDoes() {
        Members members = Members.create();
        String app = AppFixtures.app(members.space());
        String droplet = AppFixtures.droplet(app, "{\"web\":\"secret start\"}");
        for (String token : List.of(members.developer(), Tokens.admin())) {
            Api.as(token).get("/v3/droplets/" + droplet).then().statusCode(200)
                    .body("execution_metadata", equalTo("")).body("process_types.web", equalTo("secret start"));
        }
        for (String token : List.of(members.supporter(), members.auditor(), members.spaceManager(),
                members.orgManager(), members.globalAuditor())) {
            Response hidden = Api.as(token).get("/v3/droplets/" + droplet);
            hidden.then().statusCode(200).body("execution_metadata", equalTo("[PRIVATE DATA HIDDEN]"))
                    .body("process_types.redacted_message", equalTo("[PRIVATE DATA HIDDEN]"));
            assertEquals(1, Json.parse(hidden.asString()).get("process_types").size());
        }
        for (String stranger : members.strangers()) {
            Errors.notFound(Api.as(stranger).get("/v3/droplets/" + droplet), "Droplet not found");
            Api.as(stranger).get("/v3/droplets").then().statusCode(200).body("pagination.total_results", equalTo(0));
        }
        Errors.notFound(Api.asAdmin().get("/v3/droplets/" + newGuid()), "Droplet not found");
        for (String token : List.of(Tokens.admin(), members.developer())) {
            Api.as(token).queryParam("guids", droplet).get("/v3/droplets").then().statusCode(200)
                    .body("resources[0].execution_metadata", equalTo("[PRIVATE DATA HIDDEN IN LISTS]"))
                    .body("resources[0].process_types.redacted_message", equalTo("[PRIVATE DATA HIDDEN IN LISTS]"));
        }
        Api.as(members.developer()).get("/v3/apps/" + app + "/droplets").then().statusCode(200)
                .body("resources[0].process_types.redacted_message", equalTo("[PRIVATE DATA HIDDEN IN LISTS]"));
    }

    @Test
    void listsFilterByCapisParameters() {
        Members members = Members.create();
        String space = members.space();
        String otherSpace = Fixtures.space(members.org());
        String app = AppFixtures.app(space);
        String otherApp = AppFixtures.app(otherSpace);
        String awaiting = AppFixtures.droplet(app);
        String staged = AppFixtures.stagedDroplet(app);
        String elsewhere = AppFixtures.droplet(otherApp);
        String docker = dockerDroplet(space);
        Api.asAdmin().body("{\"metadata\":{\"labels\":{\"pick\":\"me\"}}}").patch("/v3/droplets/" + elsewhere)
                .then().statusCode(200);

        Api.asAdmin().queryParam("organization_guids", members.org()).get("/v3/droplets").then().statusCode(200)
                .body("resources.guid", contains(awaiting, staged, elsewhere));
        Api.asAdmin().queryParam("space_guids", otherSpace).get("/v3/droplets").then()
                .body("resources.guid", contains(elsewhere));
        Api.asAdmin().queryParam("app_guids", app).queryParam("states", "STAGED,FAILED").get("/v3/droplets").then()
                .body("resources.guid", contains(staged));
        Api.asAdmin().queryParam("guids", awaiting + "," + docker).get("/v3/droplets").then()
                .body("resources.guid", contains(awaiting));
        Api.asAdmin().queryParam("organization_guids", members.org()).queryParam("label_selector", "pick=me")
                .get("/v3/droplets").then().body("resources.guid", contains(elsewhere));
        Api.asAdmin().queryParam("organization_guids", members.org()).queryParam("order_by", "-created_at")
                .get("/v3/droplets").then().body("resources.guid", contains(elsewhere, staged, awaiting));
        Api.as(members.auditor()).get("/v3/droplets").then().body("resources.guid", contains(awaiting, staged));
        Errors.badQuery(Api.asAdmin().queryParam("current", "true").get("/v3/droplets"),
                "Unknown query parameter(s): 'current'. Valid parameters are: 'page', 'per_page', 'order_by', "
                        + "'created_ats', 'updated_ats', 'guids', 'states', 'app_guids', 'space_guids', "
                        + "'organization_guids', 'label_selector'");

        String nested = "/v3/apps/" + app + "/droplets";
        Api.as(members.auditor()).get(nested).then().statusCode(200).body("resources.guid", contains(awaiting, staged));
        Api.asAdmin().queryParam("current", "true").get(nested).then().statusCode(200)
                .body("resources", hasSize(0));
        AppFixtures.setCurrent(app, staged);
        Api.asAdmin().queryParam("current", "true").get(nested).then().statusCode(200)
                .body("resources.guid", contains(staged))
                .body("pagination.first.href", endsWith(nested + "?current=true&page=1&per_page=50"));
        Api.asAdmin().queryParam("states", "AWAITING_UPLOAD").get(nested).then().body("resources.guid",
                contains(awaiting));
        Errors.badQuery(Api.asAdmin().queryParam("current", "yes").get(nested), "Current must be a boolean");
        Errors.badQuery(Api.asAdmin().queryParam("app_guids", app).get(nested),
                "Unknown query parameter(s): 'app_guids'. Valid parameters are: 'page', 'per_page', 'order_by', "
                        + "'created_ats', 'updated_ats', 'guids', 'states', 'current', 'label_selector'");
        Errors.notFound(Api.as(members.noRole()).get(nested), "App not found");
        Errors.notFound(Api.asAdmin().get("/v3/apps/" + newGuid() + "/droplets"), "App not found");
    }

    @Test
    void updateChangesMetadataForWriters() {
        Members members = Members.create();
        String droplet = AppFixtures.droplet(AppFixtures.app(members.space()));
        String path = "/v3/droplets/" + droplet;
        Api.as(members.developer()).body("{\"metadata\":{\"labels\":{\"a\":\"1\"},\"annotations\":{\"b\":\"2\"}}}")
                .patch(path).then().statusCode(200).body("metadata.labels.a", equalTo("1"))
                .body("metadata.annotations.b", equalTo("2")).body("process_types.web", equalTo(""));
        Api.asAdmin().body("{\"metadata\":{\"labels\":{\"a\":null}}}").patch(path).then().statusCode(200)
                .body("metadata.labels.size()", equalTo(0)).body("metadata.annotations.b", equalTo("2"));
        Errors.unprocessable(Api.asAdmin().body("{\"image\":\"x\"}").patch(path), "Unknown field(s): 'image'");
        Errors.unprocessable(Api.asAdmin().body("{\"metadata\":{\"labels\":5}}").patch(path),
                "Metadata 'labels' is not an object");
        Errors.notAuthorized(Api.as(members.supporter()).body("{}").patch(path));
        Errors.notAuthorized(Api.as(members.auditor()).body("{}").patch(path));
        Errors.notFound(Api.as(members.noRole()).body("{}").patch(path), "Droplet not found");
        Errors.notFound(Api.asAdmin().body("{}").patch("/v3/droplets/" + newGuid()), "Droplet not found");
        Fixtures.suspend(members.org());
        Errors.orgSuspended(Api.as(members.developer()).body("{}").patch(path));
    }

    @Test
    void deleteRemovesTheDropletItsBitsAndTheAppsPointerToIt() {
        Members members = Members.create();
        String app = AppFixtures.app(members.space());
        String droplet = AppFixtures.stagedDroplet(app);
        AppFixtures.setCurrent(app, droplet);
        String blob = (String) row(droplet).get("blob_key");
        String path = "/v3/droplets/" + droplet;
        for (String reader : members.readOnly()) {
            Errors.notAuthorized(Api.as(reader).delete(path));
        }
        Errors.notAuthorized(Api.as(members.supporter()).delete(path));
        for (String stranger : members.strangers()) {
            Errors.notFound(Api.as(stranger).delete(path), "Droplet not found");
        }
        Response deleted = Api.as(members.developer()).delete(path);
        deleted.then().statusCode(202);
        String location = deleted.header("Location");
        Api.asAdmin().get(location.substring(location.indexOf("/v3/"))).then().statusCode(200)
                .body("operation", equalTo("droplet.delete")).body("state", equalTo("COMPLETE"))
                .body("links.droplet", nullValue());
        Errors.notFound(Api.asAdmin().get(path), "Droplet not found");
        assertFalse(Files.exists(blobPath(blob)));
        Api.asAdmin().get("/v3/apps/" + app).then().body("relationships.current_droplet.data.guid", nullValue());
        Errors.notFound(Api.asAdmin().get("/v3/apps/" + app + "/droplets/current"), "Droplet not found");
        Db.assertRow(Db.single(db, "SELECT * FROM audit_events WHERE type = 'audit.app.droplet.delete'"
                + " AND target_guid = ?", app), "data", "{\"droplet_guid\": \"" + droplet + "\"}");
        Errors.notFound(Api.asAdmin().delete(path), "Droplet not found");
    }

    @Test
    void downloadRefusesWhatCapiRefuses() throws Exception {
        Members members = Members.create();
        String app = AppFixtures.app(members.space());
        String awaiting = AppFixtures.droplet(app);
        Errors.unprocessable(Api.asAdmin().accept("*/*").get("/v3/droplets/" + awaiting + "/download"), NOT_STAGED);
        Errors.unprocessable(Api.asAdmin().accept("*/*").get("/v3/droplets/" + dockerDroplet(members.space())
                + "/download"), "Cannot download droplets with 'docker' lifecycle.");
        Errors.notFound(Api.as(members.noRole()).accept("*/*").get("/v3/droplets/" + awaiting + "/download"),
                "Droplet not found");
        Errors.notFound(Api.asAdmin().accept("*/*").get("/v3/droplets/" + newGuid() + "/download"),
                "Droplet not found");

        String staged = AppFixtures.stagedDroplet(app);
        for (String reader : List.of(members.spaceManager(), members.orgManager())) {
            Api.as(reader).accept("*/*").get("/v3/droplets/" + staged + "/download").then().statusCode(200);
        }
        // CAPI's ROLES_FOR_DROPLET_DOWLOAD leaves space supporters out: they read the droplet, not its bits
        Errors.notAuthorized(Api.as(members.supporter()).accept("*/*").get("/v3/droplets/" + staged + "/download"));
        Files.delete(blobPath((String) row(staged).get("blob_key")));
        Errors.expect(Api.asAdmin().accept("*/*").get("/v3/droplets/" + staged + "/download"), 502,
                "CF-BlobstoreUnavailable", 150007, "Failed to perform operation due to blobstore unavailability.");

        String noBits = newGuid();
        Db.update(db, "INSERT INTO droplets (guid, app_id, state) VALUES (?, (SELECT id FROM apps WHERE guid = ?), "
                + "'STAGED')", noBits, app);
        Errors.notFound(Api.asAdmin().accept("*/*").get("/v3/droplets/" + noBits + "/download"),
                "Blobstore key not present on droplet. This may be due to a failed build.");
    }

    private String blobOf(String droplet) {
        return (String) row(droplet).get("blob_key");
    }

    /** A space or organization delete cascades to droplet rows; their bits go too, unless another droplet shares them. */
    @Test
    void deletingASpaceOrOrganizationRemovesTheBitsOnlyItsDropletsHeld() {
        String org = Fixtures.org();
        String first = Fixtures.space(org);
        String second = Fixtures.space(org);
        String elsewhere = Fixtures.space(Fixtures.org());
        String onlyHere = AppFixtures.stagedDroplet(AppFixtures.app(first));
        byte[] sharedBits = AppFixtures.bits(2048);
        String shared = AppFixtures.droplet(AppFixtures.app(first));
        AppFixtures.upload(Tokens.admin(), shared, sharedBits, "d.tgz").then().statusCode(202);
        String sharedElsewhere = AppFixtures.droplet(AppFixtures.app(elsewhere));
        AppFixtures.upload(Tokens.admin(), sharedElsewhere, sharedBits, "d.tgz").then().statusCode(202);
        String inSecond = AppFixtures.stagedDroplet(AppFixtures.app(second));
        String onlyHereBlob = blobOf(onlyHere);
        String sharedBlob = blobOf(shared);
        String secondBlob = blobOf(inSecond);
        assertEquals(sharedBlob, blobOf(sharedElsewhere));

        Api.asAdmin().delete("/v3/spaces/" + first).then().statusCode(202);
        assertFalse(Files.exists(blobPath(onlyHereBlob)), "bits of a deleted space's droplet");
        assertTrue(Files.exists(blobPath(sharedBlob)), "bits another space's droplet still uses");
        assertTrue(Files.exists(blobPath(secondBlob)));
        assertEquals(0, Db.count(db, "SELECT count(*) FROM droplets WHERE guid IN (?, ?)", onlyHere, shared));

        Api.asAdmin().delete("/v3/organizations/" + org).then().statusCode(202);
        assertFalse(Files.exists(blobPath(secondBlob)), "bits of a deleted organization's droplet");
        assertTrue(Files.exists(blobPath(sharedBlob)));
        assertArrayEquals(sharedBits, Api.asAdmin().accept("application/octet-stream")
                .get("/v3/droplets/" + sharedElsewhere + "/download").then().statusCode(200).extract().asByteArray());
    }

    /**
     * The delete's transaction fails after the droplet rows went (here a trigger refuses the job row written last):
     * it rolls back, and the droplets come back with their bits, because bits are removed only after commit.
     */
    @Test
    void aSpaceDeleteThatRollsBackKeepsTheBits() throws Exception {
        String org = Fixtures.org();
        String space = Fixtures.space(org);
        String droplet = AppFixtures.stagedDroplet(AppFixtures.app(space));
        String blob = blobOf(droplet);
        try (var refuseJob = TestTriggers.before(db, "test_refuse_job", "INSERT", "jobs",
                "IF NEW.resource_guid = '" + space + "' THEN RAISE EXCEPTION 'refused'; END IF;")) {
            Api.asAdmin().delete("/v3/spaces/" + space).then().statusCode(500);
        }
        Db.assertRow(row(droplet), "state", "STAGED", "blob_key", blob);
        assertTrue(Files.exists(blobPath(blob)), "the bits of a droplet whose delete rolled back");
        Api.asAdmin().delete("/v3/spaces/" + space).then().statusCode(202);
        assertFalse(Files.exists(blobPath(blob)), "removed once a delete commits");
    }

    /**
     * Storing the bits fails (here: a file stands where the blobstore keeps its temporary files): the 202 names a
     * FAILED job with CAPI's blobstore error, the droplet is FAILED, nothing is left half-written, and a new
     * droplet uploads fine once the blobstore is back.
     */
    @Test
    void aBlobstoreFailureFailsTheDropletAndItsJob() throws IOException {
        String app = AppFixtures.app(Fixtures.space(Fixtures.org()));
        String droplet = AppFixtures.droplet(app);
        Path tmp = BLOBS.resolve("tmp");
        Files.createDirectories(BLOBS);
        Files.deleteIfExists(tmp); // empty between uploads (asserted by the other tests)
        Files.writeString(tmp, "not a directory");
        Response response;
        try {
            response = AppFixtures.upload(Tokens.admin(), droplet, AppFixtures.bits(512), "droplet.tgz");
        } finally {
            Files.delete(tmp);
        }
        response.then().statusCode(202).body("state", org.hamcrest.Matchers.equalTo("FAILED"))
                .body("error", org.hamcrest.Matchers.equalTo(
                        "BlobstoreUnavailable - Failed to perform operation due to blobstore unavailability."));
        String job = response.header("Location").substring(response.header("Location").indexOf("/v3/"));
        Api.asAdmin().get(job).then().statusCode(200).body("operation", org.hamcrest.Matchers.equalTo("droplet.upload"))
                .body("state", org.hamcrest.Matchers.equalTo("FAILED"))
                .body("errors[0].title", org.hamcrest.Matchers.equalTo("CF-BlobstoreUnavailable"))
                .body("errors[0].code", org.hamcrest.Matchers.equalTo(150007));
        Db.assertRow(row(droplet), "state", "FAILED", "blob_key", null);
        assertEquals(List.of(), temporaryFiles());
        Errors.unprocessable(Api.asAdmin().accept("*/*").get("/v3/droplets/" + droplet + "/download"), NOT_STAGED);

        String next = AppFixtures.droplet(app);
        AppFixtures.upload(Tokens.admin(), next, AppFixtures.bits(512), "droplet.tgz").then().statusCode(202)
                .body("state", org.hamcrest.Matchers.equalTo("STAGED"));
    }
}

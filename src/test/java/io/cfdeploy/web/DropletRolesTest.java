package io.cfdeploy.web;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cfdeploy.model.DropletEntity;
import io.cfdeploy.support.Api;
import io.cfdeploy.support.AppFixtures;
import io.cfdeploy.support.AppModelFixtures;
import io.cfdeploy.support.Db;
import io.cfdeploy.support.Errors;
import io.cfdeploy.support.Fixtures;
import io.cfdeploy.support.Json;
import io.cfdeploy.support.Members;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * CAPI's role matrix for droplets (droplets_controller.rb, permissions.rb), every role against every endpoint,
 * with tokens that all carry cloud_controller.write: readers of the space read (404 for the others, empty lists),
 * execution metadata and process types unredacted only for admin, admin_read_only and space developers; only
 * admin and space developers write (403 for the other readers).
 */
@QuarkusTest
class DropletRolesTest {
    private static final Set<String> READERS = Set.of("admin", "admin_read_only", "global_auditor",
            "organization_manager", "space_developer", "space_supporter", "space_manager", "space_auditor");
    private static final Set<String> WRITERS = Set.of("admin", "space_developer");
    private static final Set<String> SECRET_READERS = Set.of("admin", "admin_read_only", "space_developer");
    private static final String HIDDEN = "[PRIVATE DATA HIDDEN]";

    @Inject
    DataSource db;

    @Test
    void readsFollowCapisMatrixAndOnlySecretReadersSeeTheSecrets() {
        String org = Fixtures.org();
        String space = Fixtures.space(org);
        String app = AppModelFixtures.app(space);
        String droplet = AppModelFixtures.currentDroplet(app, "secret start", null);
        // the API cannot set execution metadata (staging would); a value that differs from the default ""
        QuarkusTransaction.requiringNew().run(() -> DropletEntity.findByGuid(droplet).orElseThrow()
                .executionMetadata = "secret metadata");
        Members.byRole(org, space).forEach((role, token) -> {
            if (READERS.contains(role)) {
                boolean secrets = SECRET_READERS.contains(role);
                for (String path : new String[] {"/v3/droplets/" + droplet, "/v3/apps/" + app + "/droplets/current"}) {
                    Response read = Api.as(token).get(path);
                    read.then().statusCode(200).body("guid", equalTo(droplet))
                            .body("execution_metadata", equalTo(secrets ? "secret metadata" : HIDDEN));
                    assertEquals(Json.parse(secrets ? "{\"web\":\"secret start\"}"
                            : "{\"redacted_message\":\"" + HIDDEN + "\"}"),
                            Json.parse(read.asString()).get("process_types"), role + " " + path);
                }
                Api.as(token).queryParam("app_guids", app).get("/v3/droplets").then().statusCode(200)
                        .body("resources.guid", contains(droplet))
                        .body("resources[0].execution_metadata", equalTo("[PRIVATE DATA HIDDEN IN LISTS]"));
            } else {
                Errors.notFound(Api.as(token).get("/v3/droplets/" + droplet), "Droplet not found");
                Errors.notFound(Api.as(token).get("/v3/apps/" + app + "/droplets/current"), "App not found");
                Api.as(token).queryParam("app_guids", app).get("/v3/droplets").then().statusCode(200)
                        .body("resources", empty()).body("pagination.total_results", equalTo(0));
            }
        });
    }

    /** CAPI's ROLES_FOR_DROPLET_DOWLOAD: every reader of the space but space supporters may fetch the bits. */
    @Test
    void downloadsFollowCapisRoleList() {
        String org = Fixtures.org();
        String space = Fixtures.space(org);
        String app = AppModelFixtures.app(space);
        String droplet = AppModelFixtures.droplet(app, "AWAITING_UPLOAD", Map.of("web", "start"), null);
        Set<String> downloaders = Set.of("admin", "admin_read_only", "global_auditor", "organization_manager",
                "space_developer", "space_manager", "space_auditor");
        Members.byRole(org, space).forEach((role, token) -> {
            Response download = Api.as(token).get("/v3/droplets/" + droplet + "/download");
            if (downloaders.contains(role)) {
                // allowed: the next check is the droplet's state
                Errors.unprocessable(download, "Only staged droplets can be downloaded.");
            } else if (READERS.contains(role)) {
                Errors.notAuthorized(download);
            } else {
                Errors.notFound(download, "Droplet not found");
            }
        });
        assertEquals(0, Db.count(db, "SELECT count(*) FROM audit_events WHERE type = 'audit.app.droplet.download' "
                + "AND data ->> 'droplet_guid' = ?", droplet));
    }

    @Test
    void writesFollowCapisMatrix() {
        String org = Fixtures.org();
        String space = Fixtures.space(org);
        String app = AppFixtures.app(space);
        Map<String, String> tokens = Members.byRole(org, space);
        String create = AppFixtures.dropletBody(app, null);
        tokens.forEach((role, token) -> {
            // a droplet of its own per role, so one role's delete does not hide the next role's answer
            String droplet = AppFixtures.droplet(app);
            String path = "/v3/droplets/" + droplet;
            String patch = "{\"metadata\":{\"labels\":{\"by\":\"" + role + "\"}}}";
            if (WRITERS.contains(role)) {
                Api.as(token).body(patch).patch(path).then().statusCode(200)
                        .body("metadata.labels.by", equalTo(role));
                Db.assertRow(Db.single(db, "SELECT labels FROM droplets WHERE guid = ?", droplet), "labels",
                        "{\"by\": \"" + role + "\"}");
                Api.as(token).body(create).post("/v3/droplets").then().statusCode(201);
                Api.as(token).delete(path).then().statusCode(202);
                assertEquals(0, Db.count(db, "SELECT count(*) FROM droplets WHERE guid = ?", droplet));
                return;
            }
            if (READERS.contains(role)) {
                Errors.notAuthorized(Api.as(token).body(patch).patch(path));
                Errors.notAuthorized(Api.as(token).delete(path));
                Errors.notAuthorized(Api.as(token).body(create).post("/v3/droplets"));
            } else {
                Errors.notFound(Api.as(token).body(patch).patch(path), "Droplet not found");
                Errors.notFound(Api.as(token).delete(path), "Droplet not found");
                Errors.unprocessable(Api.as(token).body(create).post("/v3/droplets"),
                        "App with guid \"" + app + "\" does not exist, or you do not have access to it.");
            }
            Db.assertRow(Db.single(db, "SELECT labels FROM droplets WHERE guid = ?", droplet), "labels", "{}");
        });
        // every role made one droplet; the writers created one more each and deleted theirs
        assertEquals(tokens.size(), Db.count(db, "SELECT count(*) FROM droplets d JOIN apps a ON a.id = d.app_id"
                + " WHERE a.guid = ?", app));
    }
}

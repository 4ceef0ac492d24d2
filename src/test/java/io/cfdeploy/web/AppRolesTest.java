package io.cfdeploy.web;

import static io.cfdeploy.support.Fixtures.uniqueName;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cfdeploy.support.Api;
import io.cfdeploy.support.AppFixtures;
import io.cfdeploy.support.Db;
import io.cfdeploy.support.Errors;
import io.cfdeploy.support.Fixtures;
import io.cfdeploy.support.Members;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * CAPI's role matrix for apps (apps_controller.rb, permissions.rb), every role against every endpoint, with
 * tokens that all carry cloud_controller.write: the role alone decides. Readers of the space read (404 for the
 * others, empty lists); only admin and space developers write (403 for the other readers); environment variables
 * are for admin, admin_read_only, space developers and supporters.
 */
@QuarkusTest
class AppRolesTest {
    private static final Set<String> READERS = Set.of("admin", "admin_read_only", "global_auditor",
            "organization_manager", "space_developer", "space_supporter", "space_manager", "space_auditor");
    private static final Set<String> WRITERS = Set.of("admin", "space_developer");
    private static final Set<String> ENV_READERS = Set.of("admin", "admin_read_only", "space_developer",
            "space_supporter");
    private static final String INVALID_SPACE =
            "Invalid space. Ensure that the space exists and you have access to it.";

    @Inject
    DataSource db;

    @Test
    void readsFollowCapisMatrix() {
        String org = Fixtures.org();
        String space = Fixtures.space(org);
        String app = Api.asAdmin().body("{\"name\":\"" + uniqueName("app") + "\",\"relationships\":{\"space\":"
                + "{\"data\":{\"guid\":\"" + space + "\"}}},\"environment_variables\":{\"SECRET\":\"s3\"}}")
                .post("/v3/apps").then().statusCode(201).extract().path("guid");
        String droplet = AppFixtures.droplet(app);
        Members.byRole(org, space).forEach((role, token) -> {
            String env = "/v3/apps/" + app + "/environment_variables";
            if (READERS.contains(role)) {
                Api.as(token).get("/v3/apps/" + app).then().statusCode(200).body("guid", equalTo(app));
                Api.as(token).queryParam("guids", app).get("/v3/apps").then().statusCode(200)
                        .body("resources.guid", contains(app));
                Api.as(token).get("/v3/apps/" + app + "/droplets").then().statusCode(200)
                        .body("resources.guid", contains(droplet));
                if (ENV_READERS.contains(role)) {
                    Api.as(token).get(env).then().statusCode(200).body("var.SECRET", equalTo("s3"));
                } else {
                    Errors.notAuthorized(Api.as(token).get(env));
                }
            } else {
                Errors.notFound(Api.as(token).get("/v3/apps/" + app), "App not found");
                Api.as(token).queryParam("guids", app).get("/v3/apps").then().statusCode(200)
                        .body("resources", empty()).body("pagination.total_results", equalTo(0));
                Errors.notFound(Api.as(token).get("/v3/apps/" + app + "/droplets"), "App not found");
                Errors.notFound(Api.as(token).get(env), "App not found");
            }
        });
        // only the reads that returned the variables are audited (CAPI records the show after its checks)
        assertEquals(ENV_READERS.size(), Db.count(db, "SELECT count(*) FROM audit_events WHERE type ="
                + " 'audit.app.environment_variables.show' AND target_guid = ?", app));
    }

    @Test
    void writesFollowCapisMatrix() {
        String org = Fixtures.org();
        String space = Fixtures.space(org);
        Map<String, String> tokens = Members.byRole(org, space);
        tokens.forEach((role, token) -> {
            // an app of its own per role, so one role's delete does not hide the next role's answer
            String name = uniqueName("app");
            String app = AppFixtures.app(space, name);
            String rename = "{\"name\":\"" + name + "-" + role + "\"}";
            String create = AppFixtures.appBody(uniqueName(role), space);
            if (WRITERS.contains(role)) {
                Api.as(token).body(rename).patch("/v3/apps/" + app).then().statusCode(200)
                        .body("name", equalTo(name + "-" + role));
                Api.as(token).body(create).post("/v3/apps").then().statusCode(201);
                Api.as(token).delete("/v3/apps/" + app).then().statusCode(202);
                assertEquals(0, Db.count(db, "SELECT count(*) FROM apps WHERE guid = ?", app));
                return;
            }
            if (READERS.contains(role)) {
                Errors.notAuthorized(Api.as(token).body(rename).patch("/v3/apps/" + app));
                Errors.notAuthorized(Api.as(token).delete("/v3/apps/" + app));
                // current CAPI: the space is readable, so not writable is 403, not the 422 of an unreadable space
                Errors.notAuthorized(Api.as(token).body(create).post("/v3/apps"));
            } else {
                Errors.notFound(Api.as(token).body(rename).patch("/v3/apps/" + app), "App not found");
                Errors.notFound(Api.as(token).delete("/v3/apps/" + app), "App not found");
                Errors.unprocessable(Api.as(token).body(create).post("/v3/apps"), INVALID_SPACE);
            }
            Db.assertRow(Db.single(db, "SELECT name FROM apps WHERE guid = ?", app), "name", name);
        });
        // every role made one app; the writers created one more each and deleted theirs
        assertEquals(tokens.size(), Db.count(db, "SELECT count(*) FROM apps a JOIN spaces s ON s.id = a.space_id"
                + " WHERE s.guid = ?", space));
    }
}

package io.cfdeploy.web;

import static io.cfdeploy.support.Fixtures.newGuid;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import io.cfdeploy.support.Api;
import io.cfdeploy.support.AppModelFixtures;
import io.cfdeploy.support.Errors;
import io.cfdeploy.support.Fixtures;
import io.cfdeploy.support.Members;
import io.cfdeploy.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * CAPI's role matrix for processes (research §2.3): every role that can read the space reads (404 for the
 * others, lists are empty for them); admin, space developer and space supporter write (403 for the other readers);
 * the command is shown on single reads only to admin, admin_read_only and space developers.
 */
@QuarkusTest
class ProcessRolesTest {
    private static final Set<String> READERS = Set.of("admin", "admin_read_only", "global_auditor",
            "organization_manager", "space_developer", "space_supporter", "space_manager", "space_auditor");
    private static final Set<String> WRITERS = Set.of("admin", "space_developer", "space_supporter");
    private static final Set<String> SECRET_READERS = Set.of("admin", "admin_read_only", "space_developer");

    @Test
    void readsFollowCapisMatrixAndOnlySecretReadersSeeTheCommand() {
        String org = Fixtures.org();
        String space = Fixtures.space(org);
        String app = AppModelFixtures.app(space);
        AppModelFixtures.currentDroplet(app, "secret command", null);
        Members.byRole(org, space).forEach((role, token) -> {
            if (READERS.contains(role)) {
                Api.as(token).get("/v3/processes/" + app).then().statusCode(200).body("command",
                        equalTo(SECRET_READERS.contains(role) ? "secret command" : "[PRIVATE DATA HIDDEN]"));
                Api.as(token).get("/v3/apps/" + app + "/processes/web").then().statusCode(200).body("command",
                        equalTo(SECRET_READERS.contains(role) ? "secret command" : "[PRIVATE DATA HIDDEN]"));
                Api.as(token).get("/v3/processes?app_guids=" + app).then().statusCode(200)
                        .body("resources.guid", contains(app))
                        .body("resources[0].command", equalTo("[PRIVATE DATA HIDDEN IN LISTS]"));
                Api.as(token).get("/v3/apps/" + app + "/processes").then().statusCode(200)
                        .body("resources.guid", contains(app));
                Api.as(token).get("/v3/processes/" + app + "/stats").then().statusCode(200);
                Api.as(token).get("/v3/apps/" + app + "/processes/web/stats").then().statusCode(200);
            } else {
                Errors.notFound(Api.as(token).get("/v3/processes/" + app), "Process not found");
                Errors.notFound(Api.as(token).get("/v3/apps/" + app + "/processes/web"), "App not found");
                Api.as(token).get("/v3/processes?app_guids=" + app).then().statusCode(200).body("resources", empty());
                Errors.notFound(Api.as(token).get("/v3/apps/" + app + "/processes"), "App not found");
                Errors.notFound(Api.as(token).get("/v3/processes/" + app + "/stats"), "Process not found");
                Errors.notFound(Api.as(token).get("/v3/apps/" + app + "/processes/web/stats"), "App not found");
            }
        });
    }

    @Test
    void writesFollowCapisMatrix() {
        String org = Fixtures.org();
        String space = Fixtures.space(org);
        String app = AppModelFixtures.app(space);
        Members.byRole(org, space).forEach((role, token) -> {
            String patch = "{\"metadata\":{\"labels\":{\"by\":\"" + role + "\"}}}";
            String scale = "{\"instances\":2}";
            if (WRITERS.contains(role)) {
                Api.as(token).body(patch).patch("/v3/processes/" + app).then().statusCode(200)
                        .body("metadata.labels.by", equalTo(role)).body("command", equalTo(""));
                Api.as(token).body(patch).patch("/v3/apps/" + app + "/processes/web").then().statusCode(200);
                Api.as(token).body(scale).post("/v3/processes/" + app + "/actions/scale").then().statusCode(202);
                Api.as(token).body(scale).post("/v3/apps/" + app + "/processes/web/actions/scale").then()
                        .statusCode(202);
            } else if (READERS.contains(role)) {
                Errors.notAuthorized(Api.as(token).body(patch).patch("/v3/processes/" + app));
                Errors.notAuthorized(Api.as(token).body(patch).patch("/v3/apps/" + app + "/processes/web"));
                Errors.notAuthorized(Api.as(token).body(scale).post("/v3/processes/" + app + "/actions/scale"));
                Errors.notAuthorized(Api.as(token).body(scale).post("/v3/apps/" + app
                        + "/processes/web/actions/scale"));
            } else {
                Errors.notFound(Api.as(token).body(patch).patch("/v3/processes/" + app), "Process not found");
                Errors.notFound(Api.as(token).body(patch).patch("/v3/apps/" + app + "/processes/web"),
                        "App not found");
                Errors.notFound(Api.as(token).body(scale).post("/v3/processes/" + app + "/actions/scale"),
                        "Process not found");
                Errors.notFound(Api.as(token).body(scale).post("/v3/apps/" + app + "/processes/web/actions/scale"),
                        "App not found");
            }
        });
    }

    @Test
    void readOnlyGlobalScopesWithoutTheWriteScopeAreRefusedBeforeAnything() {
        String space = Fixtures.space(Fixtures.org());
        String app = AppModelFixtures.app(space);
        for (String scope : List.of("cloud_controller.admin_read_only", "cloud_controller.global_auditor")) {
            String token = Tokens.forUser(newGuid(), List.of(scope));
            Api.as(token).get("/v3/processes/" + app).then().statusCode(200);
            Errors.notAuthorized(Api.as(token).body("{\"foo\":1}").patch("/v3/processes/" + newGuid()));
            Errors.notAuthorized(Api.as(token).body("{}").post("/v3/processes/" + app + "/actions/scale"));
        }
    }
}

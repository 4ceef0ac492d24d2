package io.cfdeploy.web;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cfdeploy.support.Api;
import io.cfdeploy.support.Db;
import io.cfdeploy.support.Errors;
import io.cfdeploy.support.Fixtures;
import io.cfdeploy.support.Members;
import io.cfdeploy.support.RolloutFixtures;
import io.cfdeploy.support.RolloutFixtures.StartedApp;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * CAPI 3.228's space suspension: an admin suspends a space (PATCH {@code suspended}); its non-admin writers are
 * then refused with 403 CF-SpaceSuspended (an org's suspension is reported first, spec §7); admins are not
 * affected; nothing changes on a refused write.
 */
@QuarkusTest
class SpaceSuspensionTest {

    private static void suspend(String space, boolean suspended) {
        Api.asAdmin().body("{\"suspended\":" + suspended + "}").patch("/v3/spaces/" + space).then().statusCode(200)
                .body("suspended", equalTo(suspended));
    }

    @Test
    void onlyAnAdminSuspendsAndTheSpaceRendersIt() {
        Members members = Members.create();
        Api.asAdmin().get("/v3/spaces/" + members.space()).then().statusCode(200).body("suspended", equalTo(false));
        Errors.notAuthorized(Api.as(members.spaceManager()).body("{\"suspended\":true}")
                .patch("/v3/spaces/" + members.space()));
        Errors.notAuthorized(Api.as(members.orgManager()).body("{\"suspended\":true}")
                .patch("/v3/spaces/" + members.space()));
        Errors.unprocessable(Api.asAdmin().body("{\"suspended\":\"yes\"}").patch("/v3/spaces/" + members.space()),
                "Suspended must be a boolean");
        assertEquals(0, Db.count(Db.database(), "SELECT count(*) FROM spaces WHERE guid = ? AND suspended",
                members.space()));
        suspend(members.space(), true);
        Api.as(members.developer()).get("/v3/spaces/" + members.space()).then().statusCode(200)
                .body("suspended", equalTo(true));
        Api.asAdmin().queryParam("guids", members.space()).get("/v3/spaces").then().statusCode(200)
                .body("resources[0].suspended", equalTo(true));
        // the space manager may not write to it any more, nor un-suspend it
        Errors.spaceSuspended(Api.as(members.spaceManager()).body("{\"name\":\"renamed\"}")
                .patch("/v3/spaces/" + members.space()));
        suspend(members.space(), false);
        Api.as(members.spaceManager()).body("{\"name\":\"" + Fixtures.uniqueName("renamed") + "\"}")
                .patch("/v3/spaces/" + members.space()).then().statusCode(200);
    }

    @Test
    void nonAdminWritersAreRefusedAndAdminsAreNot() {
        Members members = Members.create();
        StartedApp app = RolloutFixtures.startedApp(members.space(), 1, null);
        suspend(members.space(), true);
        String deployment = "{\"relationships\":{\"app\":{\"data\":{\"guid\":\"" + app.app() + "\"}}}}";
        Errors.spaceSuspended(Api.as(members.developer()).body(deployment).post("/v3/deployments"));
        Errors.spaceSuspended(Api.as(members.developer()).body("{\"instances\":2}")
                .post("/v3/processes/" + app.app() + "/actions/scale"));
        Errors.spaceSuspended(Api.as(members.developer()).body("{\"name\":\"x\",\"relationships\":{\"space\":"
                + "{\"data\":{\"guid\":\"" + members.space() + "\"}}}}").post("/v3/apps"));
        Errors.spaceSuspended(Api.as(members.developer()).post("/v3/apps/" + app.app() + "/actions/stop"));
        Errors.spaceSuspended(Api.as(members.developer()).body("{\"relationships\":{\"app\":{\"data\":{\"guid\":\""
                + app.app() + "\"}}}}").post("/v3/droplets"));
        assertEquals(0, Db.count(Db.database(), "SELECT count(*) FROM deployments d JOIN apps a ON a.id = d.app_id "
                + "WHERE a.guid = ?", app.app()));
        Api.asAdmin().get("/v3/apps/" + app.app()).then().body("state", equalTo("STARTED"));
        // the organization's suspension is reported first
        Fixtures.suspend(members.org());
        Errors.orgSuspended(Api.as(members.developer()).body(deployment).post("/v3/deployments"));
        Api.asAdmin().body("{\"suspended\":false}").patch("/v3/organizations/" + members.org()).then()
                .statusCode(200);
        // admins are not affected
        Api.asAdmin().body(deployment).post("/v3/deployments").then().statusCode(201);
        suspend(members.space(), false);
        Api.as(members.developer()).post("/v3/apps/" + app.app() + "/actions/stop").then().statusCode(200)
                .body("state", equalTo("STOPPED"));
    }
}

package io.cfdeploy.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cfdeploy.support.Api;
import io.cfdeploy.support.AppFixtures;
import io.cfdeploy.support.Db;
import io.cfdeploy.support.Errors;
import io.cfdeploy.support.Fixtures;
import io.cfdeploy.support.Members;
import io.cfdeploy.support.RolloutFixtures;
import io.cfdeploy.support.RolloutFixtures.StartedApp;
import io.cfdeploy.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * A caller who may not see a resource gets the answer an absent one gets: 403 would tell them the guid exists.
 * And a rollback names a revision of the app itself, never another app's. (Role creation keeps CAPI's answer, 403
 * for an existing space or organization the caller cannot manage: roles_controller.rb does exactly that.)
 */
@QuarkusTest
class ExistenceLeaksTest {

    @Test
    void uploadingToAnInvisibleDropletIsNotFoundLikeAMissingOne() {
        Members members = Members.create();
        String droplet = AppFixtures.droplet(AppFixtures.app(members.space()));
        String missing = Fixtures.newGuid();
        Errors.notFound(AppFixtures.upload(members.noRole(), missing, AppFixtures.bits(64), "d.tgz"),
                "Droplet with guid '" + missing + "' does not exist, or you do not have access to it.");
        for (String stranger : members.strangers()) {
            Errors.notFound(AppFixtures.upload(stranger, droplet, AppFixtures.bits(64), "d.tgz"),
                    "Droplet with guid '" + droplet + "' does not exist, or you do not have access to it.");
        }
        // a reader who may not write still learns it is forbidden, as CAPI answers
        Errors.notAuthorized(AppFixtures.upload(members.auditor(), droplet, AppFixtures.bits(64), "d.tgz"));
        assertEquals(1, Db.count(Db.database(), "SELECT count(*) FROM droplets WHERE guid = ? AND state = "
                + "'AWAITING_UPLOAD'", droplet));
    }

    @Test
    void aRollbackToAnotherAppsRevisionIsARevisionThatDoesNotExist() {
        Members members = Members.create();
        StartedApp mine = RolloutFixtures.startedApp(members.space(), 1, null);
        String otherSpace = Fixtures.space(Fixtures.org());
        StartedApp theirs = RolloutFixtures.startedApp(otherSpace, 1, null);
        String theirRevision = Api.asAdmin().get("/v3/apps/" + theirs.app() + "/revisions").then().statusCode(200)
                .extract().path("resources[0].guid");
        Errors.unprocessable(Api.as(members.developer()).body("{\"relationships\":{\"app\":{\"data\":{\"guid\":\""
                + mine.app() + "\"}}},\"revision\":{\"guid\":\"" + theirRevision + "\"}}").post("/v3/deployments"),
                "The revision does not exist");
        // not even an admin can deploy another app's revision (and droplet) into this app
        Errors.unprocessable(Api.as(Tokens.admin()).body("{\"relationships\":{\"app\":{\"data\":{\"guid\":\""
                + mine.app() + "\"}}},\"revision\":{\"guid\":\"" + theirRevision + "\"}}").post("/v3/deployments"),
                "The revision does not exist");
        assertEquals(0, Db.count(Db.database(), "SELECT count(*) FROM deployments d JOIN apps a ON a.id = d.app_id "
                + "WHERE a.guid = ?", mine.app()));
    }
}

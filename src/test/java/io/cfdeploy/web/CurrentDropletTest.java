package io.cfdeploy.web;

import static io.cfdeploy.support.Fixtures.newGuid;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cfdeploy.support.Api;
import io.cfdeploy.support.AppFixtures;
import io.cfdeploy.support.Db;
import io.cfdeploy.support.Errors;
import io.cfdeploy.support.Fixtures;
import io.cfdeploy.support.Json;
import io.cfdeploy.support.Members;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CurrentDropletTest {
    private static final String UNABLE = "Unable to assign current droplet. Ensure the droplet exists and belongs to "
            + "this app.";
    private static final String CANNOT_REMOVE = "Current droplet cannot be removed. Replace it with a preferred "
            + "droplet.";

    /** Plain JDBC, not injected, so that the …IT twin reads the same database from outside. */
    final DataSource db = Db.database();

    private static String data(String guid) {
        return "{\"data\":{\"guid\":\"" + guid + "\"}}";
    }

    private static String relationship(String app) {
        return "/v3/apps/" + app + "/relationships/current_droplet";
    }

    @Test
    void anAppWithoutADropletHasNone() {
        Members members = Members.create();
        String app = AppFixtures.app(members.space());
        Errors.notFound(Api.as(members.auditor()).get(relationship(app)), "Droplet not found");
        Errors.notFound(Api.as(members.auditor()).get("/v3/apps/" + app + "/droplets/current"), "Droplet not found");
        Errors.notFound(Api.as(members.noRole()).get(relationship(app)), "App not found");
        Errors.notFound(Api.as(members.noRole()).get("/v3/apps/" + app + "/droplets/current"), "App not found");
    }

    @Test
    void assigningAStagedDropletCreatesItsProcessTypesAndRecordsTheEvents() {
        Members members = Members.create();
        String app = AppFixtures.app(members.space());
        String droplet = AppFixtures.stagedDroplet(app, "{\"web\":\"rackup\",\"worker\":\"sidekiq\"}");
        Response response = Api.as(members.supporter()).body(data(droplet)).patch(relationship(app));
        response.then().statusCode(200).body("data.guid", equalTo(droplet))
                .body("links.self.href", endsWith(relationship(app)))
                .body("links.related.href", endsWith("/v3/apps/" + app + "/droplets/current"));
        assertThat(Json.keys(Json.parse(response.asString())), contains("data", "links"));
        Api.as(members.auditor()).get(relationship(app)).then().statusCode(200).body("data.guid", equalTo(droplet))
                .body("links.related.href", endsWith("/v3/apps/" + app + "/droplets/current"));
        Api.as(members.auditor()).get("/v3/apps/" + app).then().statusCode(200)
                .body("relationships.current_droplet.data.guid", equalTo(droplet));
        Api.as(members.auditor()).get("/v3/apps/" + app + "/droplets/current").then().statusCode(200)
                .body("guid", equalTo(droplet)).body("state", equalTo("STAGED"))
                .body("process_types.redacted_message", equalTo("[PRIVATE DATA HIDDEN]"));
        Api.as(members.developer()).get("/v3/apps/" + app + "/droplets/current").then().statusCode(200)
                .body("process_types.worker", equalTo("sidekiq"));

        List<Map<String, Object>> processes = Db.rows(db, "SELECT p.* FROM processes p JOIN apps a ON a.id ="
                + " p.app_id WHERE a.guid = ? ORDER BY p.id", app);
        assertEquals(2, processes.size());
        Db.assertRow(processes.get(0), "guid", app, "type", "web", "instances", 1);
        Db.assertRow(processes.get(1), "type", "worker", "instances", 0, "health_check_type", "process",
                "command", null);
        Db.assertRow(Db.single(db, "SELECT * FROM audit_events WHERE type = 'audit.app.droplet.mapped'"
                + " AND target_guid = ?", app), "data", "{\"request\": {\"droplet_guid\": \"" + droplet + "\"}}");
        Db.assertRow(Db.single(db, "SELECT * FROM audit_events WHERE type = 'audit.app.process.create'"
                + " AND target_guid = ?", app), "data", "{\"process_guid\": \"" + processes.get(1).get("guid")
                        + "\", \"process_type\": \"worker\"}");
        assertEquals(0, Db.count(db, "SELECT count(*) FROM revisions r JOIN apps a ON a.id = r.app_id"
                + " WHERE a.guid = ?", app));

        // assigning again creates no second worker
        String again = AppFixtures.stagedDroplet(app, "{\"web\":\"rackup\",\"worker\":\"sidekiq\"}");
        Api.as(members.developer()).body(data(again)).patch(relationship(app)).then().statusCode(200);
        assertEquals(2, Db.count(db, "SELECT count(*) FROM processes p JOIN apps a ON a.id = p.app_id"
                + " WHERE a.guid = ?", app));
    }

    @Test
    void assignmentChecksTheBodyFirstThenTheAppTheRoleAndTheDroplet() {
        Members members = Members.create();
        String app = AppFixtures.app(members.space());
        String missingApp = newGuid();
        Errors.unprocessable(Api.asAdmin().body("{\"data\":null}").patch(relationship(missingApp)), CANNOT_REMOVE);
        Errors.unprocessable(Api.asAdmin().body("{\"data\":{}}").patch(relationship(app)), CANNOT_REMOVE);
        Errors.notFound(Api.asAdmin().body(data(newGuid())).patch(relationship(missingApp)), "App not found");
        for (String stranger : members.strangers()) {
            Errors.notFound(Api.as(stranger).body(data(newGuid())).patch(relationship(app)), "App not found");
        }
        for (String reader : members.readOnly()) {
            Errors.notAuthorized(Api.as(reader).body(data(newGuid())).patch(relationship(app)));
        }
        Errors.unprocessable(Api.asAdmin().body("{}").patch(relationship(app)), UNABLE);
        Errors.unprocessable(Api.asAdmin().body(data(newGuid())).patch(relationship(app)), UNABLE);
        String otherApp = AppFixtures.app(members.space());
        Errors.unprocessable(Api.asAdmin().body(data(AppFixtures.stagedDroplet(otherApp))).patch(relationship(app)),
                UNABLE);
        Errors.unprocessable(Api.as(members.developer()).body(data(AppFixtures.droplet(app)))
                .patch(relationship(app)), "droplet must be in staged state");
        Db.assertRow(Db.single(db, "SELECT droplet_guid FROM apps WHERE guid = ?", app), "droplet_guid", null);
        assertEquals(0, Db.count(db, "SELECT count(*) FROM audit_events WHERE type = 'audit.app.droplet.mapped'"
                + " AND target_guid = ?", app));

        String staged = AppFixtures.stagedDroplet(app);
        Fixtures.suspend(members.org());
        Errors.orgSuspended(Api.as(members.supporter()).body(data(staged)).patch(relationship(app)));
        Api.asAdmin().body(data(staged)).patch(relationship(app)).then().statusCode(200)
                .body("data.guid", equalTo(staged));
    }
}

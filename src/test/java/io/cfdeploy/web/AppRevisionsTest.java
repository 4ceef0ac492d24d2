package io.cfdeploy.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.cfdeploy.model.AppEntity;
import io.cfdeploy.model.RevisionEntity;
import io.cfdeploy.support.Api;
import io.cfdeploy.support.AppFixtures;
import io.cfdeploy.support.Db;
import io.cfdeploy.support.Fixtures;
import io.cfdeploy.support.Json;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Starts and restarts resolve the app's revision (the resolver's decisions are unit-tested in RevisionChangesTest). */
@QuarkusTest
class AppRevisionsTest {
    @Inject
    DataSource db;

    private List<Map<String, Object>> revisions(String app) {
        return Db.rows(db, "SELECT r.* FROM revisions r JOIN apps a ON a.id = r.app_id WHERE a.guid = ?"
                + " ORDER BY r.created_at, r.id", app);
    }

    private String processRevision(String app) {
        return (String) Db.single(db, "SELECT revision_guid FROM processes WHERE guid = ?", app).get("revision_guid");
    }

    @Test
    void startCreatesTheInitialRevisionAndARestartAfterAChangeCreatesTheNext() {
        String space = Fixtures.space(Fixtures.org());
        String app = AppFixtures.appWithDroplet(space);
        String droplet = Api.asAdmin().get("/v3/apps/" + app).path("relationships.current_droplet.data.guid");
        Api.asAdmin().body("{\"var\":{\"A\":\"1\"}}").patch("/v3/apps/" + app + "/environment_variables").then()
                .statusCode(200);
        Api.asAdmin().post("/v3/apps/" + app + "/actions/start").then().statusCode(200);
        List<Map<String, Object>> revisions = revisions(app);
        assertEquals(1, revisions.size());
        Map<String, Object> first = revisions.get(0);
        Db.assertRow(first, "version", 1, "description", "Initial revision.", "droplet_guid", droplet);
        assertEquals(Json.parse("{\"A\":\"1\"}"), Json.parse((String) first.get("environment_variables")));
        assertEquals(Json.parse("{\"web\":null}"), Json.parse((String) first.get("processes")));
        assertEquals(first.get("guid"), processRevision(app));
        Map<String, Object> event = Db.single(db, "SELECT * FROM audit_events WHERE type = 'audit.app.revision.create'"
                + " AND target_guid = ?", app);
        assertEquals(Json.parse("{\"revision_guid\":\"" + first.get("guid") + "\",\"revision_version\":1}"),
                Json.parse((String) event.get("data")));

        // nothing changed: a restart keeps revision 1
        Api.asAdmin().post("/v3/apps/" + app + "/actions/restart").then().statusCode(200);
        assertEquals(1, revisions(app).size());

        Api.asAdmin().body("{\"var\":{\"A\":\"2\"}}").patch("/v3/apps/" + app + "/environment_variables").then()
                .statusCode(200);
        Api.asAdmin().post("/v3/apps/" + app + "/actions/restart").then().statusCode(200);
        revisions = revisions(app);
        assertEquals(2, revisions.size());
        Db.assertRow(revisions.get(1), "version", 2, "description", "New environment variables deployed.",
                "droplet_guid", droplet);
        assertEquals(revisions.get(1).get("guid"), processRevision(app));

        // a new droplet: the next restart says so; stop and start without change reuse it
        String next = AppFixtures.stagedDroplet(app);
        AppFixtures.setCurrent(app, next);
        assertEquals(2, revisions(app).size());
        Api.asAdmin().post("/v3/apps/" + app + "/actions/restart").then().statusCode(200);
        Db.assertRow(revisions(app).get(2), "version", 3, "description", "New droplet deployed.", "droplet_guid",
                next);
        Api.asAdmin().post("/v3/apps/" + app + "/actions/stop").then().statusCode(200);
        Api.asAdmin().post("/v3/apps/" + app + "/actions/start").then().statusCode(200);
        assertEquals(3, revisions(app).size());
        assertEquals(3, Db.count(db, "SELECT count(*) FROM audit_events WHERE type = 'audit.app.revision.create'"
                + " AND target_guid = ?", app));
        assertEquals(next, Db.single(db, "SELECT i.droplet_guid FROM process_instances i JOIN processes p ON p.id ="
                + " i.process_id WHERE p.guid = ?", app).get("droplet_guid"));
    }

    @Test
    void withRevisionsDisabledNoRevisionIsMade() {
        String app = AppFixtures.appWithDroplet(Fixtures.space(Fixtures.org()));
        Api.asAdmin().body("{\"enabled\":false}").patch("/v3/apps/" + app + "/features/revisions").then()
                .statusCode(200);
        Api.asAdmin().post("/v3/apps/" + app + "/actions/start").then().statusCode(200);
        Api.asAdmin().post("/v3/apps/" + app + "/actions/restart").then().statusCode(200);
        assertEquals(List.of(), revisions(app));
        assertEquals(null, processRevision(app));
    }

    @Test
    void afterVersion9999ComesVersion1ReplacingTheOldOne() {
        String app = AppFixtures.appWithDroplet(Fixtures.space(Fixtures.org()));
        String droplet = Api.asAdmin().get("/v3/apps/" + app).path("relationships.current_droplet.data.guid");
        String oldOne = QuarkusTransaction.requiringNew().call(() -> {
            AppEntity entity = AppEntity.findByGuid(app).orElseThrow();
            RevisionEntity one = revision(entity, 1, droplet, Instant.now().minusSeconds(60));
            revision(entity, 9999, "an-older-droplet", Instant.now().minusSeconds(30));
            return one.guid;
        });
        Api.asAdmin().post("/v3/apps/" + app + "/actions/start").then().statusCode(200);
        List<Map<String, Object>> revisions = revisions(app);
        assertEquals(2, revisions.size());
        Db.assertRow(revisions.get(0), "version", 9999);
        Db.assertRow(revisions.get(1), "version", 1, "description", "New droplet deployed.", "droplet_guid", droplet);
        assertNotEquals(oldOne, revisions.get(1).get("guid"));
        assertEquals(revisions.get(1).get("guid"), processRevision(app));
    }

    private static RevisionEntity revision(AppEntity app, int version, String droplet, Instant createdAt) {
        RevisionEntity revision = new RevisionEntity();
        revision.app = app;
        revision.version = version;
        revision.dropletGuid = droplet;
        revision.description = "fixture";
        revision.processes.put("web", null);
        revision.createdAt = createdAt;
        revision.persist();
        return revision;
    }
}

package io.cfdeploy.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cfdeploy.support.Api;
import io.cfdeploy.support.AppModelFixtures;
import io.cfdeploy.support.Db;
import io.cfdeploy.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * An action reads its row, then locks it: a change committed in between must survive the action's write. Each
 * test holds the row locked from another connection, lets the request read the old row and wait on the lock,
 * changes a column and commits; the request then writes its own change, and the other one is still there.
 */
@QuarkusTest
class LostUpdatesTest {
    @Inject
    DataSource db;

    /** Runs {@code request} while {@code lockSql} holds the row; applies {@code changeSql} once it waits. */
    private Response race(String lockSql, String changeSql, String guid, Supplier<Response> request)
            throws Exception {
        try (Connection holder = db.getConnection()) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement(lockSql)) {
                lock.setString(1, guid);
                lock.executeQuery();
            }
            CompletableFuture<Response> answer = CompletableFuture.supplyAsync(request);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Db.count(db, "SELECT count(*) FROM "
                    + "pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()") > 0);
            try (PreparedStatement change = holder.prepareStatement(changeSql)) {
                change.setString(1, guid);
                assertEquals(1, change.executeUpdate());
            }
            holder.commit();
            return answer.get();
        }
    }

    @Test
    void aLabelPatchDoesNotUndoASuspendCommittedMeanwhile() throws Exception {
        String org = Fixtures.org();
        Response patched = race("SELECT 1 FROM organizations WHERE guid = ? FOR UPDATE",
                "UPDATE organizations SET suspended = TRUE WHERE guid = ?", org,
                () -> Api.asAdmin().body("{\"metadata\":{\"labels\":{\"team\":\"a\"}}}")
                        .patch("/v3/organizations/" + org));
        patched.then().statusCode(200);
        Db.assertRow(Db.single(db, "SELECT suspended FROM organizations WHERE guid = ?", org), "suspended", true);
        assertEquals(1, Db.count(db, "SELECT count(*) FROM organizations WHERE guid = ? AND suspended AND "
                + "labels ->> 'team' = 'a'", org));
    }

    @Test
    void aScaleDoesNotUndoACommandChangedMeanwhile() throws Exception {
        String app = AppModelFixtures.app(Fixtures.space(Fixtures.org()));
        Response scaled = race("SELECT 1 FROM processes WHERE guid = ? FOR UPDATE",
                "UPDATE processes SET command = 'changed meanwhile' WHERE guid = ?", app,
                () -> Api.asAdmin().body("{\"instances\":3}").post("/v3/processes/" + app + "/actions/scale"));
        scaled.then().statusCode(202);
        Db.assertRow(Db.single(db, "SELECT command, instances FROM processes WHERE guid = ?", app),
                "command", "changed meanwhile", "instances", 3);
    }
}

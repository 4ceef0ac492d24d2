package io.cfdeploy.web;

import static io.cfdeploy.support.Errors.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cfdeploy.support.Api;
import io.cfdeploy.support.Db;
import io.cfdeploy.support.TestTriggers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

/**
 * A failure nobody foresaw (here a database trigger raising an error) answers 500 UnknownError with nothing
 * internal on the wire, and is logged with the request id the client was given, so the two can be matched.
 */
@QuarkusTest
class UnexpectedErrorsTest {
    private static final String SECRET = "password=hunter2 at db.internal:5432";

    @Inject
    DataSource db;

    /** Log records of one logger, with the request id each was logged under. */
    private static final class Captured extends Handler {
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public void publish(LogRecord record) {
            String requestId = record instanceof ExtLogRecord ext ? ext.getMdc(RequestIds.MDC_KEY) : null;
            lines.add(requestId + " " + record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void anUnforeseenFailureIsAnUnknownErrorLoggedWithTheRequestId() throws Exception {
        String name = "explode-" + UUID.randomUUID();
        Logger logger = Logger.getLogger(ErrorMappers.class.getName());
        Captured captured = new Captured();
        logger.addHandler(captured);
        ExtractableResponse<Response> response;
        try (var explode = TestTriggers.before(db, "test_explode", "INSERT", "organizations",
                "IF NEW.name LIKE 'explode-%' THEN RAISE EXCEPTION '" + SECRET + "'; END IF;")) {
            response = assertError(Api.asAdmin().header(RequestIds.HEADER, "trace-42")
                    .body("{\"name\":\"" + name + "\"}").post("/v3/organizations").then(), 500, "UnknownError",
                    10001, "An unknown error occurred.");
        } finally {
            logger.removeHandler(captured);
        }
        assertFalse(response.asString().contains("hunter2"), response.asString());
        String requestId = response.header(RequestIds.HEADER);
        assertTrue(requestId.startsWith("trace-42::"), requestId);
        assertTrue(captured.lines.stream().anyMatch(line -> line.startsWith(requestId + " unexpected error")),
                "logged under the request id " + requestId + ": " + captured.lines);
        assertEquals(0, Db.count(db, "SELECT count(*) FROM organizations WHERE name = ?", name));
        assertEquals(0, Db.count(db, "SELECT count(*) FROM audit_events WHERE target_name = ?", name));
    }

    /**
     * The connection dies in the middle of COMMIT (a deferred trigger, which runs at COMMIT, terminates its own
     * backend, as a PostgreSQL restart would): the transaction manager's rollback exception carries the lost
     * connection. The answer is 503 like every other lost connection, logged with the request id; the server
     * cannot know the outcome, and here nothing was written.
     */
    @Test
    void aConnectionLostAtCommitIsServiceUnavailable() throws Exception {
        String name = "die-at-commit-" + UUID.randomUUID();
        Logger logger = Logger.getLogger(ErrorMappers.class.getName());
        Captured captured = new Captured();
        logger.addHandler(captured);
        ExtractableResponse<Response> response;
        try (var dieAtCommit = TestTriggers.atCommit(db, "test_die_at_commit", "INSERT", "organizations",
                "IF NEW.name LIKE 'die-at-commit-%' THEN PERFORM pg_terminate_backend(pg_backend_pid()); END IF;")) {
            response = assertError(Api.asAdmin().header(RequestIds.HEADER, "commit-7")
                    .body("{\"name\":\"" + name + "\"}").post("/v3/organizations").then(), 503,
                    "CF-ServiceUnavailable", 10015, "Database connection failure");
        } finally {
            logger.removeHandler(captured);
        }
        String requestId = response.header(RequestIds.HEADER);
        assertTrue(requestId.startsWith("commit-7::"), requestId);
        assertTrue(captured.lines.stream().anyMatch(line -> line.startsWith(requestId + " database unavailable")),
                "logged under the request id " + requestId + ": " + captured.lines);
        assertEquals(0, Db.count(db, "SELECT count(*) FROM organizations WHERE name = ?", name));
        assertEquals(0, Db.count(db, "SELECT count(*) FROM audit_events WHERE target_name = ?", name));
        // the pool drops the dead connection: the next request works
        Api.asAdmin().body("{\"name\":\"after-" + name + "\"}").post("/v3/organizations").then().statusCode(201);
    }
}

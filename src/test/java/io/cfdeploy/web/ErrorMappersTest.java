package io.cfdeploy.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfdeploy.error.CfError;
import io.cfdeploy.support.Errors;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

/** The exception mappers without a server: every failure becomes the CF envelope, nothing internal leaks. */
class ErrorMappersTest {
    private final ErrorMappers mappers = new ErrorMappers();

    static void assertEnvelope(Response response, int status, String title, int code, String detail) {
        assertEquals(status, response.getStatus());
        assertEquals("application/json", response.getMediaType().toString());
        assertEquals(Errors.expected(title, code, detail), response.getEntity());
    }

    @Test
    void unexpectedExceptionsAreAnUnknownErrorWithoutTheirText() {
        Response response = mappers.unexpected(new IllegalStateException("secret: password=hunter2 at db:5432",
                new RuntimeException("java.lang.NullPointerException at io.cfdeploy.Internal")));
        assertEnvelope(response, 500, "UnknownError", 10001, "An unknown error occurred.");
        String body = response.getEntity().toString();
        assertFalse(body.contains("hunter2"), body);
        assertFalse(body.contains("Exception"), body);
        assertFalse(body.contains("io.cfdeploy"), body);
    }

    /** As Narayana reports a COMMIT whose connection died: the driver's error is suppressed, not the cause. */
    @Test
    void aRollbackCarryingALostConnectionIsServiceUnavailable() {
        for (String state : new String[] { "57P01", "08006", "08003" }) {
            jakarta.transaction.RollbackException rollback = new jakarta.transaction.RollbackException(
                    "ARJUNA016053: Could not commit transaction.");
            javax.transaction.xa.XAException xa = new javax.transaction.xa.XAException("commit failed");
            xa.initCause(new SQLException("terminating connection due to administrator command", state));
            rollback.addSuppressed(xa);
            Response response = mappers.unexpected(new RuntimeException(rollback));
            assertEnvelope(response, 503, "CF-ServiceUnavailable", 10015, "Database connection failure");
        }
        jakarta.transaction.RollbackException other = new jakarta.transaction.RollbackException("constraint");
        other.addSuppressed(new SQLException("duplicate key", "23505"));
        assertEnvelope(mappers.unexpected(other), 500, "UnknownError", 10001, "An unknown error occurred.");
    }

    @Test
    void errorsAreNeverEmittedWithMoreThanCodeTitleDetail() {
        ObjectNode body = ErrorMappers.body(CfError.UNKNOWN_ERROR, CfError.UNKNOWN_ERROR.detail());
        assertEquals(1, body.size());
        assertEquals(1, body.get("errors").size());
        assertEquals(3, body.get("errors").get(0).size());
    }

    /** The last line of defence behind the URL and body checks: a NUL that still reaches PostgreSQL is a 422. */
    @Test
    void charactersTheDatabaseCannotStoreAreUnprocessable() {
        String detail = "The request contains a character that cannot be stored (\\u0000)";
        assertEnvelope(mappers.unexpected(new RuntimeException(new SQLException(
                "invalid byte sequence for encoding \"UTF8\": 0x00", "22021"))), 422, "CF-UnprocessableEntity", 10008,
                detail);
        assertEnvelope(mappers.unexpected(new RuntimeException(new SQLException(
                "unsupported Unicode escape sequence", "22P05"))), 422, "CF-UnprocessableEntity", 10008, detail);
        assertEnvelope(mappers.unexpected(new RuntimeException(new SQLException(
                "Zero bytes may not occur in string parameters.", "22023"))), 422, "CF-UnprocessableEntity", 10008,
                detail);
        assertEnvelope(mappers.unexpected(new RuntimeException(new SQLException("numeric overflow", "22003"))), 500,
                "UnknownError", 10001, "An unknown error occurred.");
    }

    @Test
    void lostDatabaseIsServiceUnavailable() {
        assertEnvelope(mappers.unexpected(new RuntimeException(new SQLException("refused", "08001"))), 503,
                "CF-ServiceUnavailable", 10015, "Database connection failure");
        assertEnvelope(mappers.unexpected(new SQLTransientConnectionException("Acquisition timeout while waiting")),
                503, "CF-ServiceUnavailable", 10015, "Database connection failure");
        assertEnvelope(mappers.unexpected(new RuntimeException(new SQLException("terminating connection due to "
                + "administrator command", "57P01"))), 503, "CF-ServiceUnavailable", 10015,
                "Database connection failure");
        assertEnvelope(mappers.unexpected(new RuntimeException(new SQLException("duplicate key", "23505"))), 500,
                "UnknownError", 10001, "An unknown error occurred.");
    }

    @Test
    void selfCausedExceptionDoesNotLoop() {
        assertTrue(ErrorMappers.isDatabaseUnavailable(new SQLException("x", "08006")));
        assertFalse(ErrorMappers.isDatabaseUnavailable(new RuntimeException()));
    }

    @Test
    void unknownRoutesAndVerbs() {
        assertEnvelope(mappers.unknownRoute(new NotFoundException()), 404, "CF-NotFound", 10000,
                "Unknown request");
        assertEnvelope(mappers.unknownVerb(new NotAllowedException("GET")), 404, "CF-NotFound", 10000,
                "Unknown request");
    }

    @Test
    void malformedJson() {
        assertEnvelope(mappers.malformedJson(new JsonParseException(null, "Unexpected character")), 400,
                "CF-MessageParseError", 1001, "Request invalid due to parse error: invalid request body");
        assertEnvelope(mappers.unexpected(new RuntimeException(new JsonParseException(null, "x"))), 400,
                "CF-MessageParseError", 1001, "Request invalid due to parse error: invalid request body");
    }

    @Test
    void otherWebExceptions() {
        assertEnvelope(mappers.web(new WebApplicationException(413)), 413, "CF-RequestEntityTooLarge", 10012,
                "Request Entity Too Large");
        assertEnvelope(mappers.web(new NotAcceptableException()), 400, "CF-InvalidRequest", 10004,
                "The request is invalid");
        assertEnvelope(mappers.web(new WebApplicationException("internal detail", 502)), 500, "UnknownError", 10001,
                "An unknown error occurred.");
    }
}

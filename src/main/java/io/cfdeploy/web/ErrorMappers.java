package io.cfdeploy.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfdeploy.error.CfError;
import io.cfdeploy.error.CfException;
import io.cfdeploy.present.Json;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Translates every failure into the CF V3 error envelope; nothing internal reaches the wire. */
public class ErrorMappers {
    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);
    static final String DATABASE_UNAVAILABLE = "Database connection failure";
    static final String UNSTORABLE_CHARACTER = "The request contains a character that cannot be stored (\\u0000)";

    @ServerExceptionMapper
    public Response cf(CfException exception) {
        return envelope(exception.error(), exception.detail());
    }

    @ServerExceptionMapper
    public Response unknownRoute(NotFoundException exception) {
        return envelope(CfError.NOT_FOUND, CfError.NOT_FOUND.detail());
    }

    /** CAPI routes by verb and path, so a known path with another verb is just an unknown request. */
    @ServerExceptionMapper
    public Response unknownVerb(NotAllowedException exception) {
        return envelope(CfError.NOT_FOUND, CfError.NOT_FOUND.detail());
    }

    @ServerExceptionMapper
    public Response unsupportedMediaType(NotSupportedException exception) {
        return envelope(CfError.MESSAGE_PARSE_ERROR, CfError.MESSAGE_PARSE_ERROR.detail("invalid request body"));
    }

    /**
     * A second JSON value after the body's object ({@code {} {}}, {@code {} []}) fails Jackson's trailing-token
     * check with this subtype, which Quarkus' built-in mapper would answer with a bare 400; it is a parse error.
     */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException exception) {
        return malformedJson(exception);
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException exception) {
        return envelope(CfError.MESSAGE_PARSE_ERROR, CfError.MESSAGE_PARSE_ERROR.detail("invalid request body"));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException exception) {
        int status = exception.getResponse().getStatus();
        if (status == 413) {
            return envelope(CfError.REQUEST_ENTITY_TOO_LARGE, CfError.REQUEST_ENTITY_TOO_LARGE.detail());
        }
        if (status == 404 || status == 405) {
            return envelope(CfError.NOT_FOUND, CfError.NOT_FOUND.detail());
        }
        if (status >= 400 && status < 500) {
            Throwable cause = exception.getCause();
            if (cause instanceof JsonProcessingException) {
                return malformedJson((JsonProcessingException) cause);
            }
            return envelope(CfError.INVALID_REQUEST, CfError.INVALID_REQUEST.detail());
        }
        return unexpected(exception);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable exception) {
        if (isDatabaseUnavailable(exception)) {
            LOG.warnf("database unavailable: %s", exception.getMessage());
            return envelope(CfError.SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE);
        }
        JsonProcessingException json = causeOfType(exception, JsonProcessingException.class);
        if (json != null) {
            return malformedJson(json);
        }
        if (isUnstorableCharacter(exception)) {
            // the URL and body checks refuse U+0000 first; this covers any other way one reaches a query
            LOG.infof("refused a character the database cannot store: %s", exception.getMessage());
            return envelope(CfError.UNPROCESSABLE_ENTITY, UNSTORABLE_CHARACTER);
        }
        LOG.error("unexpected error", exception);
        return envelope(CfError.UNKNOWN_ERROR, CfError.UNKNOWN_ERROR.detail());
    }

    public static Response envelope(CfError error, String detail) {
        return Response.status(error.status()).type(MediaType.APPLICATION_JSON_TYPE).entity(body(error, detail))
                .build();
    }

    /** {@code {"errors":[{"code":…,"title":…,"detail":…}]}} */
    public static ObjectNode body(CfError error, String detail) {
        ObjectNode body = Json.object();
        body.putArray("errors").addObject().put("code", error.code()).put("title", error.title())
                .put("detail", detail);
        return body;
    }

    /**
     * Whether a lost or refused database connection is behind the failure, anywhere among its causes and suppressed
     * exceptions: a COMMIT that meets a dead connection surfaces as the transaction manager's RollbackException
     * with the driver's error attached as a suppressed (deferred) exception, not as its cause.
     */
    static boolean isDatabaseUnavailable(Throwable exception) {
        return anyThrowable(exception, ErrorMappers::isConnectionFailure);
    }

    private static boolean isConnectionFailure(Throwable cause) {
        if (cause instanceof SQLTransientConnectionException
                || cause instanceof org.hibernate.exception.JDBCConnectionException) {
            return true;
        }
        if (cause instanceof SQLException sql) {
            String state = sql.getSQLState();
            String message = String.valueOf(sql.getMessage());
            // 08: connection exceptions; 57P01-57P03: the server is shutting down or starting up
            return (state != null && (state.startsWith("08") || state.startsWith("57P")))
                    || message.contains("Acquisition timeout");
        }
        return false;
    }

    /** Walks the causes and suppressed exceptions (each once, bounded) for one that matches. */
    static boolean anyThrowable(Throwable exception, java.util.function.Predicate<Throwable> test) {
        java.util.Deque<Throwable> pending = new java.util.ArrayDeque<>();
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        pending.add(exception);
        while (!pending.isEmpty() && seen.size() < 100) {
            Throwable next = pending.poll();
            if (next == null || !seen.add(next)) {
                continue;
            }
            if (test.test(next)) {
                return true;
            }
            if (next.getCause() != null) {
                pending.add(next.getCause());
            }
            for (Throwable suppressed : next.getSuppressed()) {
                pending.add(suppressed);
            }
        }
        return false;
    }

    /**
     * PostgreSQL's 22021 (character not in repertoire: a NUL in text), 22P05 (untranslatable character: a NUL in
     * jsonb), and the driver's own refusal of zero bytes in a parameter.
     */
    static boolean isUnstorableCharacter(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                String state = sql.getSQLState();
                if ("22021".equals(state) || "22P05".equals(state)
                        || String.valueOf(sql.getMessage()).contains("Zero bytes may not occur")) {
                    return true;
                }
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    private static <T extends Throwable> T causeOfType(Throwable exception, Class<T> type) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return null;
    }
}

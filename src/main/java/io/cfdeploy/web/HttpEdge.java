package io.cfdeploy.web;

import io.cfdeploy.config.CfdeployConfig;
import io.cfdeploy.error.CfError;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * The CF error envelope for what the HTTP layer answers before (or without) the REST layer: bodies over
 * the configured limits (413 CF-RequestEntityTooLarge, where Quarkus would answer an empty 413), malformed URLs (400 CF-InvalidRequest), routes nobody serves (404 CF-NotFound) and any other failure of
 * a Vert.x route (500 UnknownError, nothing internal on the wire). Each carries an {@code X-Vcap-Request-Id}.
 */
public class HttpEdge {
    private static final Logger LOG = Logger.getLogger(HttpEdge.class);
    /** How long, and how many bytes of a refused body, are read and dropped before the connection closes. */
    private static final long LINGER_MILLIS = 2_000;
    private static final long LINGER_MAX_BYTES = 16L * 1024 * 1024;

    void register(@Observes Router router, CfdeployConfig config) {
        long jsonLimit = config.limits().maxBodySize().asLongValue();
        BodyHandler chunkedBodies = BodyHandler.create(false).setBodyLimit(jsonLimit).setHandleFileUploads(false)
                .setMergeFormAttributes(false).setDeleteUploadedFilesOnEnd(true);
        // Before Quarkus' own limit check, which answers 413 with an empty body.
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1)
                .handler(context -> limitChunkedBody(context, chunkedBodies));
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            RequestIds.of(context);
            context.next();
        }).failureHandler(HttpEdge::failure);
        router.route().last().handler(context -> respond(context, CfError.NOT_FOUND, CfError.NOT_FOUND.detail()));
    }

    /**
     * A body of unknown length (chunked) other than an upload (droplet, package) is read here with the JSON body limit, so
     * going over it fails the route with 413 (rendered by {@link #failure}); the REST layer then reads the buffered
     * body. Declared lengths are checked by {@link RequestBodyLimits}; uploads stream to the multipart reader,
     * which the HTTP ceiling bounds, and the upload's action checks its own limit on the stored part.
     */
    private static void limitChunkedBody(RoutingContext context, BodyHandler chunkedBodies) {
        if (context.request().getHeader(HttpHeaders.CONTENT_LENGTH) == null
                && context.request().headers().contains(HttpHeaders.TRANSFER_ENCODING)
                && !RequestBodyLimits.isDropletUpload(context.request())
                && !RequestBodyLimits.isPackageUpload(context.request())) {
            chunkedBodies.handle(context);
            return;
        }
        context.next();
    }

    private static void failure(RoutingContext context) {
        if (context.response().headWritten()) {
            if (!context.response().ended()) {
                context.response().reset();
            }
            return;
        }
        int status = context.statusCode();
        Throwable failure = context.failure();
        if (failure != null && failure.getClass().getName().startsWith("io.quarkus.security.")) {
            context.next(); // Quarkus' own authentication challenges, should any route use them
            return;
        }
        if (status == 413) {
            tooLarge(context);
        } else if (status == 404 || status == 405) {
            respond(context, CfError.NOT_FOUND, CfError.NOT_FOUND.detail());
        } else if (status >= 400 && status < 500) {
            respond(context, CfError.INVALID_REQUEST, CfError.INVALID_REQUEST.detail());
        } else if (failure != null && ErrorMappers.isDatabaseUnavailable(failure)) {
            respond(context, CfError.SERVICE_UNAVAILABLE, ErrorMappers.DATABASE_UNAVAILABLE);
        } else {
            MDC.put(RequestIds.MDC_KEY, RequestIds.of(context));
            try {
                LOG.error("unexpected failure on " + context.request().method() + " " + context.request().path(),
                        failure);
            } finally {
                MDC.remove(RequestIds.MDC_KEY);
            }
            respond(context, CfError.UNKNOWN_ERROR, CfError.UNKNOWN_ERROR.detail());
        }
    }

    /**
     * The body was not read: answer, then close the connection. A client that is still sending would get a reset
     * instead of the answer if the socket closed under it, so the rest of the body is first read and dropped — a
     * "lingering close" as HTTP servers do it, bounded in bytes and time so a huge or stalled body cannot hold
     * the connection.
     */
    static void tooLarge(RoutingContext context) {
        HttpServerResponse response = context.response();
        response.putHeader(HttpHeaders.CONNECTION, "close");
        response.endHandler(ended -> closeAfterDraining(context));
        respond(context, CfError.REQUEST_ENTITY_TOO_LARGE, CfError.REQUEST_ENTITY_TOO_LARGE.detail());
    }

    private static void closeAfterDraining(RoutingContext context) {
        HttpServerRequest request = context.request();
        HttpConnection connection = request.connection();
        if (request.isEnded()) {
            connection.close();
            return;
        }
        long timer = context.vertx().setTimer(LINGER_MILLIS, fired -> connection.close());
        long[] drained = { 0 };
        request.handler(chunk -> {
            drained[0] += chunk.length();
            if (drained[0] > LINGER_MAX_BYTES) {
                context.vertx().cancelTimer(timer);
                connection.close();
            }
        });
        request.endHandler(end -> {
            context.vertx().cancelTimer(timer);
            connection.close();
        });
        request.resume();
    }

    private static void respond(RoutingContext context, CfError error, String detail) {
        context.response().setStatusCode(error.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(RequestIds.HEADER, RequestIds.of(context))
                .end(ErrorMappers.body(error, detail).toString());
    }
}

package io.cfdeploy.web;

import io.cfdeploy.config.CfdeployConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import java.util.regex.Pattern;

/**
 * Two body limits on one HTTP server: droplet uploads may be as large as {@code
 * cfdeploy.limits.max-droplet-upload-size}, every other request (JSON) only {@code cfdeploy.limits.max-body-size}.
 * The HTTP layer's own limit ({@code quarkus.http.limits.max-body-size}) is the larger one and would answer with
 * an empty 413; these handlers run around it and answer with the CF envelope:
 * <ul>
 * <li>before it, a declared {@code Content-Length} above the request's limit is refused at once
 * (413 CF-RequestEntityTooLarge, connection closed, body never read);</li>
 * <li>after it, a chunked body gets its ceiling: a droplet upload none at the stream level, because the multipart
 * parser already bounds the whole multipart entity by {@code quarkus.http.limits.max-body-size} (the upload limit)
 * and refuses more with a 413 that {@link ErrorMappers} renders as the envelope; any other body the general
 * limit, which the REST layer's input stream enforces (for a chunked JSON body above it the 413 has no body: that
 * stream answers by itself).</li>
 * </ul>
 */
public class RequestBodyLimits {
    /** The routing-context key under which Quarkus's body readers look for the byte ceiling. */
    static final String MAX_REQUEST_SIZE_KEY = "io.quarkus.max-request-size";
    private static final Pattern DROPLET_UPLOAD = Pattern.compile("^/v3/droplets/[^/]+/upload/?$");
    private static final Pattern PACKAGE_UPLOAD = Pattern.compile("^/v3/packages/[^/]+/upload/?$");

    private final long maxBodySize;
    private final long maxUploadSize;
    private final long maxPackageUploadSize;

    RequestBodyLimits(CfdeployConfig config) {
        this.maxBodySize = config.limits().maxBodySize().asLongValue();
        this.maxUploadSize = config.limits().maxDropletUploadSize().asLongValue();
        this.maxPackageUploadSize = config.limits().maxPackageUploadSize().asLongValue();
    }

    void register(@Observes Router router) {
        router.route().order(-3).handler(this::refuseDeclaredOversize);
        router.route().order(-1).handler(this::limitStreamedBody);
    }

    static boolean isDropletUpload(HttpServerRequest request) {
        return HttpMethod.POST.equals(request.method()) && request.path() != null
                && DROPLET_UPLOAD.matcher(request.path()).matches();
    }

    static boolean isPackageUpload(HttpServerRequest request) {
        return HttpMethod.POST.equals(request.method()) && request.path() != null
                && PACKAGE_UPLOAD.matcher(request.path()).matches();
    }

    /** The body limit of this request: an upload's own, or the JSON one. */
    private long limitOf(HttpServerRequest request) {
        return isDropletUpload(request) ? maxUploadSize : isPackageUpload(request) ? maxPackageUploadSize
                : maxBodySize;
    }

    private void refuseDeclaredOversize(RoutingContext context) {
        HttpServerRequest request = context.request();
        String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null) {
            try {
                if (Long.parseLong(declared.trim()) > limitOf(request)) {
                    HttpEdge.tooLarge(context);
                    return;
                }
            } catch (NumberFormatException malformed) {
                // not a length: the HTTP layer answers for it
            }
        }
        context.next();
    }

    private void limitStreamedBody(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (request.getHeader(HttpHeaders.CONTENT_LENGTH) == null) {
            context.put(MAX_REQUEST_SIZE_KEY, isDropletUpload(request) || isPackageUpload(request) ? -1L
                    : maxBodySize);
        }
        context.next();
    }
}

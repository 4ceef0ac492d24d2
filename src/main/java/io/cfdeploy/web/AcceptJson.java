package io.cfdeploy.web;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * CAPI (and log-cache) answer JSON whatever {@code Accept} says; without this, an {@code Accept: text/html} on a V3
 * route would be refused by content negotiation (406) instead of being served.
 */
public class AcceptJson {
    private static final Pattern APP_MANIFEST = Pattern.compile("^/v3/apps/[^/]+/manifest$");

    /**
     * Sets {@code Accept} on the HTTP request itself, before the REST layer reads its headers: asking that layer
     * for its mutable headers would copy all of them on every request.
     */
    @ServerRequestFilter(preMatching = true, priority = 2)
    public void acceptJson(ContainerRequestContext request, HttpServerRequest http) {
        String path = request.getUriInfo().getPath();
        String accept = null;
        if (path.startsWith("/v3/apps/") && APP_MANIFEST.matcher(path).matches()) {
            // the one V3 route that answers YAML (its errors are still JSON)
            accept = "application/x-yaml, application/json";
        } else if (path.equals("/") || path.equals("/v3") || path.startsWith("/v3/") || path.startsWith("/api/v1/")) {
            accept = MediaType.APPLICATION_JSON;
        }
        if (accept != null && !accept.equals(http.getHeader(HttpHeaders.ACCEPT))) {
            http.headers().set(HttpHeaders.ACCEPT, accept);
        }
    }
}

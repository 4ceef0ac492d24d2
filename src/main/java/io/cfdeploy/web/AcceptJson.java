package io.cfdeploy.web;

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

    @ServerRequestFilter(preMatching = true, priority = 2)
    public void acceptJson(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (APP_MANIFEST.matcher(path).matches()) {
            // the one V3 route that answers YAML (its errors are still JSON)
            request.getHeaders().putSingle(HttpHeaders.ACCEPT, "application/x-yaml, application/json");
        } else if (path.equals("/") || path.equals("/v3") || path.startsWith("/v3/") || path.startsWith("/api/v1/")) {
            request.getHeaders().putSingle(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON);
        }
    }
}

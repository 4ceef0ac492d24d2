package io.cfdeploy.web;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * CAPI answers JSON whatever {@code Accept} says; without this, an {@code Accept: text/html} on a V3 route would
 * be refused by content negotiation (406) instead of being served.
 */
public class AcceptJson {
    @ServerRequestFilter(preMatching = true, priority = 2)
    public void acceptJson(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (path.equals("/") || path.equals("/v3") || path.startsWith("/v3/")) {
            request.getHeaders().putSingle(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON);
        }
    }
}

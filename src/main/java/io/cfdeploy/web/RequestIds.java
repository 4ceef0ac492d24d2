package io.cfdeploy.web;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * {@code X-Vcap-Request-Id}: as CAPI does, a client's id is kept (sanitised) and suffixed with a fresh uuid; the
 * id is echoed on the response and put in the logging context. It is made once per request, at the HTTP layer
 * ({@link HttpEdge}), so an answer given there and one given by a resource carry, and log, the same id.
 */
public class RequestIds {
    public static final String HEADER = "X-Vcap-Request-Id";
    static final String PROPERTY = "cfdeploy.request-id";
    static final String MDC_KEY = "request_id";

    @ServerRequestFilter(preMatching = true, priority = 1)
    public void assign(ContainerRequestContext request, RoutingContext routing) {
        String requestId = of(routing);
        request.setProperty(PROPERTY, requestId);
        MDC.put(MDC_KEY, requestId);
    }

    /** The request's id, made on first use. */
    static String of(RoutingContext routing) {
        String requestId = routing.get(PROPERTY);
        if (requestId == null) {
            requestId = requestId(routing.request().getHeader(HEADER));
            routing.put(PROPERTY, requestId);
        }
        return requestId;
    }

    @ServerResponseFilter
    public void echo(ContainerRequestContext request, ContainerResponseContext response) {
        Object requestId = request.getProperty(PROPERTY);
        if (requestId != null) {
            response.getHeaders().putSingle(HEADER, requestId);
        }
        MDC.remove(MDC_KEY);
    }

    /**
     * A version 4 UUID from a fast random source: a request id correlates logs and needs to be unique, not
     * unpredictable, so it does not draw on the secure generator (and its lock) on every request.
     */
    static UUID randomUuid() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
        return new UUID(high, low);
    }

    static String requestId(String external) {
        String generated = randomUuid().toString();
        if (external == null) {
            return generated;
        }
        String sanitised = external.replaceAll("[^\\w\\-]", "");
        if (sanitised.isEmpty()) {
            return generated;
        }
        return (sanitised.length() > 255 ? sanitised.substring(0, 255) : sanitised) + "::" + generated;
    }
}

package io.cfdeploy.web;

import io.cfdeploy.error.CfError;
import io.cfdeploy.security.Caller;
import io.cfdeploy.security.CurrentCaller;
import io.cfdeploy.security.TokenVerifier;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.Locale;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every {@code /v3/**} route but {@code /v3} and {@code /v3/info} needs a bearer token (401 otherwise), then the
 * scope for its verb: read for GET, write for the rest (403 otherwise), as CAPI's preamble does.
 */
public class Authentication {
    private final TokenVerifier verifier;
    private final CurrentCaller currentCaller;

    Authentication(TokenVerifier verifier, CurrentCaller currentCaller) {
        this.verifier = verifier;
        this.currentCaller = currentCaller;
    }

    @ServerRequestFilter(priority = 100)
    public void authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/v3/") || path.equals("/v3/info") || path.equals("/v3/")) {
            return;
        }
        Caller caller = verifier.verify(bearerToken(request.getHeaderString(HttpHeaders.AUTHORIZATION)));
        boolean reading = HttpMethod.GET.equals(request.getMethod()) || HttpMethod.HEAD.equals(request.getMethod());
        if (reading ? !caller.hasReadScope() : !caller.hasWriteScope()) {
            throw CfError.NOT_AUTHORIZED.exception();
        }
        currentCaller.set(caller);
    }

    /** "bearer x" or "Bearer x"; anything else is no token at all. */
    static String bearerToken(String header) {
        if (header == null || header.isBlank()) {
            throw CfError.NOT_AUTHENTICATED.exception();
        }
        String trimmed = header.trim();
        int space = trimmed.indexOf(' ');
        if (space < 0 || !trimmed.substring(0, space).toLowerCase(Locale.ROOT).equals("bearer")) {
            throw CfError.INVALID_AUTH_TOKEN.exception();
        }
        String token = trimmed.substring(space + 1).trim();
        if (token.isEmpty()) {
            throw CfError.NOT_AUTHENTICATED.exception();
        }
        return token;
    }
}

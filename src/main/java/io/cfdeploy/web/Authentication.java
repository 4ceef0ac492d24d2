package io.cfdeploy.web;

import io.cfdeploy.error.CfError;
import io.cfdeploy.security.Caller;
import io.cfdeploy.security.CurrentCaller;
import io.cfdeploy.security.TokenVerifier;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every {@code /v3/**} route but {@code /v3} and {@code /v3/info}, and log-cache's read ({@code /api/v1/read/**}),
 * needs a bearer token (401 otherwise), then the scope for its verb: read for GET, write for the rest (403
 * otherwise), as CAPI's preamble does (log-cache asks CAPI with the caller's token).
 */
public class Authentication {
    private static final String BEARER = "bearer";
    /** A regular expression's {@code \s}: space, tab, line feed, vertical tab, form feed, carriage return. */
    private static final char[] WHITESPACE = { ' ', '\t', '\n', '\u000B', '\f', '\r' };

    private final TokenVerifier verifier;
    private final CurrentCaller currentCaller;

    Authentication(TokenVerifier verifier, CurrentCaller currentCaller) {
        this.verifier = verifier;
        this.currentCaller = currentCaller;
    }

    @ServerRequestFilter(priority = 100)
    public void authenticate(ContainerRequestContext request) {
        if (!needsToken(request.getUriInfo().getPath())) {
            return;
        }
        Caller caller = verifier.verify(bearerToken(request.getHeaderString(HttpHeaders.AUTHORIZATION)));
        boolean reading = HttpMethod.GET.equals(request.getMethod()) || HttpMethod.HEAD.equals(request.getMethod());
        if (reading ? !caller.hasReadScope() : !caller.hasWriteScope()) {
            throw CfError.NOT_AUTHORIZED.exception();
        }
        currentCaller.set(caller);
    }

    static boolean needsToken(String path) {
        return path.startsWith("/v3/") ? !path.equals("/v3/info") && !path.equals("/v3/")
                : path.startsWith("/api/v1/read/");
    }

    /**
     * The token of {@code bearer <token>} (scheme in any case), as CAPI's token decoder reads it: no header, or a
     * header of another scheme (e.g. Basic), is no token at all (401 CF-NotAuthenticated); a bearer header that is
     * not exactly "bearer" and one token is a bad token (401 CF-InvalidAuthToken).
     */
    static String bearerToken(String header) {
        if (header == null || header.isBlank()) {
            throw CfError.NOT_AUTHENTICATED.exception();
        }
        String trimmed = header.trim();
        if (!trimmed.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw CfError.NOT_AUTHENTICATED.exception();
        }
        // exactly two whitespace-separated words, the first "bearer" (scanned, not split: this runs on every request)
        int end = trimmed.length();
        int start = BEARER.length();
        if (start == end || !isWhitespace(trimmed.charAt(start))) {
            throw CfError.INVALID_AUTH_TOKEN.exception();
        }
        while (isWhitespace(trimmed.charAt(start))) {
            start++; // ends before end: trim() left no whitespace at the end
        }
        String token = trimmed.substring(start);
        for (char whitespace : WHITESPACE) {
            if (token.indexOf(whitespace) >= 0) {
                throw CfError.INVALID_AUTH_TOKEN.exception();
            }
        }
        return token;
    }

    private static boolean isWhitespace(char c) {
        for (char whitespace : WHITESPACE) {
            if (c == whitespace) {
                return true;
            }
        }
        return false;
    }
}

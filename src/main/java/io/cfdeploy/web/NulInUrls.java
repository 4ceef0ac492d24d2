package io.cfdeploy.web;

import io.cfdeploy.error.CfError;
import io.vertx.core.http.HttpServerRequest;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * U+0000 ({@code %00}) cannot be stored or compared by PostgreSQL, so a URL carrying one is answered before it
 * reaches a query: in the path nothing can be found there (404 CF-NotFound), in the query string it is a bad
 * parameter (400 CF-BadQueryParameter). In a raw URL a literal {@code %} is always escaped as {@code %25}, so
 * {@code %00} there is exactly an encoded NUL.
 */
public class NulInUrls {
    private static final String ENCODED_NUL = "%00";

    @ServerRequestFilter(preMatching = true, priority = 3)
    public void refuseNul(HttpServerRequest request) {
        String path = request.path(); // both as sent on the request line, not decoded
        if (path != null && (path.contains(ENCODED_NUL) || path.indexOf('\0') >= 0)) {
            throw CfError.NOT_FOUND.exception();
        }
        String query = request.query();
        if (query != null && (query.contains(ENCODED_NUL) || query.indexOf('\0') >= 0)) {
            throw CfError.BAD_QUERY_PARAMETER.exception("the NUL character (%00) is not allowed");
        }
    }
}

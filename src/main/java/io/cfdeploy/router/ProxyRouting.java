package io.cfdeploy.router;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.SocketAddress;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;
import java.util.List;
import java.util.UUID;

/**
 * What the router adds to Vert.x's reverse proxy: the route lookup (or gorouter's 404 and 502 answers), the
 * forwarding headers, and the choice of backend with a retry on the next one when a connection cannot be made —
 * safe, since nothing of the request was sent. Bodies and headers are the proxy's business.
 */
final class ProxyRouting implements ProxyInterceptor {
    static final String ROUTER_ERROR = "X-Cf-Routererror";
    static final String REQUEST_ID = "X-Vcap-Request-Id";
    /** gorouter's headers naming the instance that serves the request. */
    static final String APPLICATION_ID = "X-Cf-Applicationid";
    static final String INSTANCE_INDEX = "X-Cf-Instanceindex";
    /** The context key of the backends to try, in order. */
    private static final String ATTEMPTS = "cfdeploy.attempts";

    private final RouteTables tables;

    ProxyRouting(RouteTables tables) {
        this.tables = tables;
    }

    @Override
    public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
        return tables.current().transform(table -> {
            if (table.failed()) {
                return Future.succeededFuture(badGateway(context));
            }
            HttpServerRequest incoming = context.request().proxiedRequest();
            String host = incoming.getHeader(HttpHeaders.HOST);
            RouteTable.Route route = table.result().find(host, incoming.path());
            if (route == null) {
                return Future.succeededFuture(notFound(context, host == null ? "" : host));
            }
            List<RouteTable.Backend> attempts = route.attemptOrder();
            if (attempts.isEmpty()) {
                return Future.succeededFuture(badGateway(context));
            }
            context.set(ATTEMPTS, new Attempts(attempts));
            forwarding(context.request(), incoming);
            return context.sendRequest().recover(failed -> Future.succeededFuture(badGateway(context)));
        });
    }

    /** gorouter keeps the Host the client asked for and says who asked, how, and which request this is. */
    private static void forwarding(ProxyRequest request, HttpServerRequest incoming) {
        HostAndPort authority = incoming.authority();
        if (authority != null) {
            request.setAuthority(authority);
        }
        SocketAddress client = incoming.remoteAddress();
        if (client != null && client.hostAddress() != null) {
            String before = request.headers().get("X-Forwarded-For");
            request.putHeader("X-Forwarded-For", before == null || before.isBlank() ? client.hostAddress()
                    : before + ", " + client.hostAddress());
        }
        if (request.headers().get("X-Forwarded-Proto") == null) {
            request.putHeader("X-Forwarded-Proto", incoming.isSSL() ? "https" : "http");
        }
        if (request.headers().get(REQUEST_ID) == null) {
            request.putHeader(REQUEST_ID, UUID.randomUUID().toString());
        }
    }

    /**
     * The origin request provider: the first backend that accepts a connection. A WebSocket upgrade reaches it
     * without passing the interceptors (the proxy tunnels it on its own), so it looks the route up itself; an
     * unknown route or a failure is then the proxy's bare 502.
     */
    Future<HttpClientRequest> connect(ProxyContext context) {
        Attempts attempts = context.get(ATTEMPTS, Attempts.class);
        if (attempts != null) {
            return connect(context, attempts.backends(), 0);
        }
        HttpServerRequest incoming = context.request().proxiedRequest();
        return tables.current().compose(table -> {
            RouteTable.Route route = table.find(incoming.getHeader(HttpHeaders.HOST), incoming.path());
            List<RouteTable.Backend> backends = route == null ? List.of() : route.attemptOrder();
            return backends.isEmpty() ? Future.failedFuture("no backend") : connect(context, backends, 0);
        });
    }

    private static Future<HttpClientRequest> connect(ProxyContext context, List<RouteTable.Backend> backends,
            int attempt) {
        RouteTable.Backend backend = backends.get(attempt);
        RequestOptions options = new RequestOptions()
                .setServer(SocketAddress.inetSocketAddress(backend.port(), backend.host()))
                .setHost(backend.host()).setPort(backend.port());
        // a request is only handed out on an open connection: a failure here means nothing was sent
        return context.client().request(options).map(request -> {
            context.request().putHeader(APPLICATION_ID, backend.appGuid());
            context.request().putHeader(INSTANCE_INDEX, Integer.toString(backend.index()));
            return request;
        }).recover(refused -> attempt + 1 < backends.size() ? connect(context, backends, attempt + 1)
                : Future.failedFuture(refused));
    }

    /** gorouter's answer for a host and path no route matches. */
    static ProxyResponse notFound(ProxyContext context, String host) {
        return answer(context, 404, "Not Found", "unknown_route", "Requested route ('" + host + "') does not exist.")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache, no-store");
    }

    /** gorouter's answer when no backend of a known route could take the request. */
    static ProxyResponse badGateway(ProxyContext context) {
        return answer(context, 502, "Bad Gateway", "endpoint_failure",
                "Registered endpoint failed to handle the request.");
    }

    /** Go's http.Error as gorouter writes it: "<code> <reason>: <message>\n" in plain text; the body is dropped. */
    private static ProxyResponse answer(ProxyContext context, int status, String reason, String error,
            String message) {
        return context.request().release().response().setStatusCode(status)
                .putHeader(ROUTER_ERROR, error)
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                .putHeader("X-Content-Type-Options", "nosniff")
                .setBody(Body.body(Buffer.buffer(status + " " + reason + ": " + message + "\n")));
    }

    /** The backends a request may go to, first choice first. */
    private record Attempts(List<RouteTable.Backend> backends) {
    }
}

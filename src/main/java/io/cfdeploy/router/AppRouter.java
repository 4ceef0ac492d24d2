package io.cfdeploy.router;

import io.cfdeploy.config.CfdeployConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.httpproxy.HttpProxy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * The HTTP router in front of the apps' instances (gorouter's job): its own Vert.x HTTP server on
 * {@code cfdeploy.router.port}, proxying each request with Vert.x's reverse proxy to a routable instance of the
 * route its {@code Host} and path name ({@link ProxyRouting}). Starts with the server when
 * {@code cfdeploy.router.enabled}, whatever the runtime (the simulated one has no backends: its routes answer
 * 502).
 */
@ApplicationScoped
public class AppRouter {
    private static final Logger LOG = Logger.getLogger(AppRouter.class);
    /** gorouter's endpoint_dial_timeout. */
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    /** Pooled connections per backend; more requests in flight to one instance wait for one. */
    private static final int CONNECTIONS_PER_BACKEND = 32;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Vertx vertx;
    private final CfdeployConfig config;
    private final RouteTables tables;
    private HttpClient client;
    private HttpServer server;

    AppRouter(Vertx vertx, CfdeployConfig config, RouteTables tables) {
        this.vertx = vertx;
        this.config = config;
        this.tables = tables;
    }

    /** After the database is migrated (the table is read at the first request anyway). */
    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION + 1000) StartupEvent event) {
        if (config.router().enabled()) {
            start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    synchronized void start() {
        if (server != null) {
            return;
        }
        // no pool cleaner timer: nothing runs while no request comes; backends close idle connections themselves
        client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(CONNECT_TIMEOUT_MILLIS),
                new PoolOptions().setHttp1MaxSize(CONNECTIONS_PER_BACKEND).setCleanerPeriod(0));
        ProxyRouting routing = new ProxyRouting(tables);
        HttpProxy proxy = HttpProxy.reverseProxy(client).origin(routing::connect).addInterceptor(routing);
        // a client sending "Expect: 100-continue" (curl with a large body) goes on at once: the proxy streams it
        HttpServerOptions options = new HttpServerOptions().setHost(config.router().host())
                .setPort(config.router().port()).setHandle100ContinueAutomatically(true);
        try {
            server = await(vertx.createHttpServer(options).requestHandler(proxy).listen());
        } catch (RuntimeException refused) {
            client.close();
            client = null;
            throw new IllegalStateException("The router cannot listen on " + config.router().host() + ":"
                    + config.router().port() + " (cfdeploy.router.host, cfdeploy.router.port)", refused);
        }
        LOG.infof("Router listening on %s:%d", config.router().host(), server.actualPort());
    }

    synchronized void stop() {
        if (server != null) {
            try {
                await(server.close());
                await(client.close());
            } catch (RuntimeException closing) {
                LOG.warn("closing the router", closing);
            }
            server = null;
            client = null;
        }
    }

    /** The port the router listens on (the bound one when configured as 0), or -1 when it does not listen. */
    public synchronized int port() {
        return server == null ? -1 : server.actualPort();
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(START_TIMEOUT.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        } catch (ExecutionException | TimeoutException failed) {
            throw new IllegalStateException(failed.getCause() == null ? failed : failed.getCause());
        }
    }
}

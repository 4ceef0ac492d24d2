package io.cfdeploy.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.cfdeploy.runtime.InstancesChanged;
import io.cfdeploy.support.Api;
import io.cfdeploy.support.AppFixtures;
import io.cfdeploy.support.AppModelFixtures;
import io.cfdeploy.support.Db;
import io.cfdeploy.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The router end to end, with the simulated runtime: apps, routes and destinations made through the API, instances'
 * observed state written into {@code process_instances} as a real runtime would, {@link InstancesChanged} fired,
 * and requests sent through the router's port to small HTTP servers standing in for the instances.
 */
@QuarkusTest
@TestProfile(RouterTest.RouterOn.class)
class RouterTest {
    static final String DOMAIN = "apps.localhost";

    public static class RouterOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cfdeploy.router.enabled", "true", "cfdeploy.router.port", "0",
                    "cfdeploy.router.host", "127.0.0.1");
        }
    }

    final DataSource db = Db.database();
    final List<HttpServer> backends = new ArrayList<>();

    @Inject
    AppRouter router;

    @Inject
    RouteTables tables;

    @Inject
    Event<InstancesChanged> instancesChanged;

    @AfterEach
    void stopBackends() {
        backends.forEach(server -> server.stop(0));
    }

    /**
     * A stand-in instance answering {@code name}: its body is the name, or {@code name:<request body>} for a body;
     * it tells in response headers what it received (method, Host, forwarding headers, a custom header).
     */
    int backend(String name) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] received;
            try (InputStream in = exchange.getRequestBody()) {
                received = in.readAllBytes();
            }
            var seen = exchange.getResponseHeaders();
            seen.add("X-Backend", name);
            seen.add("X-Seen-Method", exchange.getRequestMethod());
            seen.add("X-Seen-Path", exchange.getRequestURI().toString());
            for (String header : List.of("Host", "X-Forwarded-For", "X-Forwarded-Proto", "X-Vcap-Request-Id",
                    "X-Custom", "X-Cf-Applicationid", "X-Cf-Instanceindex")) {
                String value = exchange.getRequestHeaders().getFirst(header);
                seen.add("X-Seen-" + header, value == null ? "-" : value);
            }
            seen.add("Content-Type", "text/plain");
            byte[] body = (received.length == 0 ? name : name + ":" + new String(received, StandardCharsets.UTF_8))
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        backends.add(server);
        return server.getAddress().getPort();
    }

    /** A port nothing listens on: connections to it are refused. */
    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** A request through the router for {@code host}. */
    RequestSpecification through(String host) {
        return RestAssured.given().baseUri("http://127.0.0.1").port(router.port()).header("Host", host);
    }

    static String uniqueHost() {
        return "r" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    /** A started app with {@code instances} web instances (rows of the simulated runtime, not observed yet). */
    static String startedApp(String space, int instances) {
        String app = AppFixtures.appWithDroplet(space);
        Api.asAdmin().body("{\"instances\":" + instances + "}").post("/v3/processes/" + app + "/actions/scale")
                .then().statusCode(202);
        AppModelFixtures.start(app);
        return app;
    }

    static String route(String space, String host, String path) {
        String domain = Api.asAdmin().get("/v3/domains?names=" + DOMAIN).then().statusCode(200).extract()
                .path("resources[0].guid");
        return Api.asAdmin().body("{\"host\":\"" + host + "\",\"path\":\"" + path + "\",\"relationships\":{"
                + "\"space\":{\"data\":{\"guid\":\"" + space + "\"}},\"domain\":{\"data\":{\"guid\":\"" + domain
                + "\"}}}}").post("/v3/routes").then().statusCode(201).extract().path("guid");
    }

    /** Maps the route to the app's web processes; returns the destination's guid. */
    static String map(String route, String app) {
        return Api.asAdmin().body("{\"destinations\":[{\"app\":{\"guid\":\"" + app + "\"}}]}")
                .post("/v3/routes/" + route + "/destinations").then().statusCode(200).extract()
                .path("destinations.find { it.app.guid == '" + app + "' }.guid");
    }

    /** What a runtime records when it observes an instance, then its event. */
    void observe(String processGuid, int index, String state, boolean routable, Integer port) {
        assertEquals(1, Db.update(db, """
                UPDATE process_instances SET state = ?, routable = ?, host = '127.0.0.1', port = ?, since = now()
                 WHERE process_id = (SELECT id FROM processes WHERE guid = ?) AND index = ?
                """, state, routable, port, processGuid, index));
        announce(processGuid);
    }

    void announce(String processGuid) {
        Map<String, Object> process = Db.single(db, "SELECT p.id, a.guid FROM processes p JOIN apps a "
                + "ON a.id = p.app_id WHERE p.guid = ?", processGuid);
        instancesChanged.fire(new InstancesChanged((String) process.get("guid"),
                ((Number) process.get("id")).longValue()));
    }

    /** The backends' names answering {@code count} GETs of {@code path}, each of which must succeed. */
    List<String> answers(String host, String path, int count) {
        List<String> names = new ArrayList<>();
        for (int request = 0; request < count; request++) {
            Response response = through(host).get(path);
            assertEquals(200, response.statusCode(), response.asString());
            names.add(response.header("X-Backend"));
        }
        return names;
    }

    static Map<String, Integer> counts(List<String> names) {
        Map<String, Integer> counts = new TreeMap<>();
        names.forEach(name -> counts.merge(name, 1, Integer::sum));
        return counts;
    }

    @Test
    void theRouterListensOnItsOwnPort() {
        assertTrue(router.port() > 0);
        assertNotEquals(RestAssured.port, router.port());
    }

    @Test
    void requestsGoRoundRobinAcrossTheRunningInstances() throws IOException {
        String space = Fixtures.space(Fixtures.org());
        String app = startedApp(space, 3);
        String host = uniqueHost();
        map(route(space, host, ""), app);
        for (int index = 0; index < 3; index++) {
            observe(app, index, "RUNNING", true, backend("b" + index));
        }
        List<String> names = answers(host + "." + DOMAIN, "/", 9);
        assertEquals(Map.of("b0", 3, "b1", 3, "b2", 3), counts(names));
        assertEquals(names.subList(0, 3), names.subList(3, 6), "a fixed turn: " + names);
    }

    @Test
    void anInstanceRefusingConnectionsIsSkippedWithoutAFailedRequest() throws IOException {
        String space = Fixtures.space(Fixtures.org());
        String app = startedApp(space, 3);
        String host = uniqueHost();
        map(route(space, host, ""), app);
        observe(app, 0, "RUNNING", true, backend("b0"));
        observe(app, 1, "RUNNING", true, closedPort()); // recorded RUNNING, but its port is closed
        observe(app, 2, "RUNNING", true, backend("b2"));
        List<String> names = answers(host + "." + DOMAIN, "/", 12); // every one 200
        Map<String, Integer> counts = counts(names);
        assertEquals(List.of("b0", "b2"), List.copyOf(counts.keySet()), names.toString());
        // each keeps its own 4 turns; the refused instance's 4 go to the one after it
        assertEquals(List.of(4, 8), counts.values().stream().sorted().toList(), names.toString());
    }

    @Test
    void onlyRunningRoutableInstancesAreBackends() throws IOException {
        String space = Fixtures.space(Fixtures.org());
        String app = startedApp(space, 4);
        String host = uniqueHost();
        map(route(space, host, ""), app);
        observe(app, 0, "STARTING", true, backend("starting"));
        observe(app, 1, "RUNNING", false, backend("unroutable"));
        observe(app, 2, "CRASHED", true, backend("crashed"));
        observe(app, 3, "RUNNING", true, backend("running"));
        assertEquals(Map.of("running", 6), counts(answers(host + "." + DOMAIN, "/", 6)));
        // the readiness check passes: the instance becomes routable, the next request sees it
        observe(app, 1, "RUNNING", true, backends.get(1).getAddress().getPort());
        assertEquals(Map.of("running", 2, "unroutable", 2), counts(answers(host + "." + DOMAIN, "/", 4)));
    }

    @Test
    void anUnknownHostOrPathIsGoroutersNotFound() throws IOException {
        String unknown = uniqueHost() + ".example.org";
        Response response = through(unknown).get("/anything");
        assertEquals(404, response.statusCode());
        assertEquals("unknown_route", response.header("X-Cf-Routererror"));
        assertEquals("404 Not Found: Requested route ('" + unknown + "') does not exist.\n", response.asString());
        Response withPort = through(unknown + ":8081").post("/");
        assertEquals(404, withPort.statusCode());
        assertEquals("404 Not Found: Requested route ('" + unknown + ":8081') does not exist.\n",
                withPort.asString(), "gorouter names the Host as sent");
        // a host whose only route has a path: other paths are unknown
        String space = Fixtures.space(Fixtures.org());
        String app = startedApp(space, 1);
        String host = uniqueHost();
        map(route(space, host, "/api"), app);
        observe(app, 0, "RUNNING", true, backend("api"));
        assertEquals(200, through(host + "." + DOMAIN).get("/api/x").statusCode());
        Response other = through(host + "." + DOMAIN).get("/web");
        assertEquals(404, other.statusCode());
        assertEquals("unknown_route", other.header("X-Cf-Routererror"));
    }

    @Test
    void aKnownRouteWithoutARoutableInstanceIsABadGateway() throws IOException {
        String space = Fixtures.space(Fixtures.org());
        String app = startedApp(space, 2);
        String host = uniqueHost();
        map(route(space, host, ""), app);
        // started, but nothing observed yet
        assertBadGateway(through(host + "." + DOMAIN).get("/"));
        // every instance's port refuses
        observe(app, 0, "RUNNING", true, closedPort());
        observe(app, 1, "RUNNING", true, closedPort());
        assertBadGateway(through(host + "." + DOMAIN).body("lost").post("/"));
        // a route without destinations
        String lonely = uniqueHost();
        route(space, lonely, "");
        assertBadGateway(through(lonely + "." + DOMAIN).get("/"));
    }

    static void assertBadGateway(Response response) {
        assertEquals(502, response.statusCode());
        assertEquals("endpoint_failure", response.header("X-Cf-Routererror"));
        assertEquals("502 Bad Gateway: Registered endpoint failed to handle the request.\n", response.asString());
    }

    @Test
    void pathRoutesTakeTheirPathsAndTheHostRouteTheRest() throws IOException {
        String space = Fixtures.space(Fixtures.org());
        String site = startedApp(space, 1);
        String api = startedApp(space, 1);
        String host = uniqueHost();
        map(route(space, host, ""), site);
        map(route(space, host, "/api"), api);
        observe(site, 0, "RUNNING", true, backend("site"));
        observe(api, 0, "RUNNING", true, backend("api"));
        String hostname = host + "." + DOMAIN;
        assertEquals(List.of("site"), answers(hostname, "/", 1));
        assertEquals(List.of("api"), answers(hostname, "/api", 1));
        assertEquals(List.of("api"), answers(hostname, "/api/orders?page=2", 1));
        assertEquals(List.of("site"), answers(hostname, "/apix", 1));
        assertEquals(List.of("site"), answers(hostname, "/about/api", 1));
        assertEquals("/api/orders?page=2", through(hostname).get("/api/orders?page=2").header("X-Seen-Path"),
                "the path and query reach the instance as sent");
    }

    @Test
    void everyWebProcessOfTheAppIsABackendAsDuringARollout() throws IOException {
        String space = Fixtures.space(Fixtures.org());
        String app = startedApp(space, 1);
        String host = uniqueHost();
        map(route(space, host, ""), app);
        observe(app, 0, "RUNNING", true, backend("old"));
        // the deployment's new web process, with its own instance
        String next = AppModelFixtures.process(app, "web", Map.of("instances", 1));
        Db.update(db, """
                INSERT INTO process_instances (process_id, index, instance_guid, started_at, state, routable, host, port)
                VALUES ((SELECT id FROM processes WHERE guid = ?), 0, ?, now(), 'RUNNING', TRUE, '127.0.0.1', ?)
                """, next, UUID.randomUUID().toString(), backend("new"));
        announce(next);
        // a worker process is not a web destination
        String worker = AppModelFixtures.process(app, "worker", Map.of("instances", 1));
        Db.update(db, """
                INSERT INTO process_instances (process_id, index, instance_guid, started_at, state, routable, host, port)
                VALUES ((SELECT id FROM processes WHERE guid = ?), 0, ?, now(), 'RUNNING', TRUE, '127.0.0.1', ?)
                """, worker, UUID.randomUUID().toString(), backend("worker"));
        announce(worker);
        assertEquals(Map.of("new", 3, "old", 3), counts(answers(host + "." + DOMAIN, "/", 6)));
    }

    @Test
    void routeAndDestinationChangesThroughTheApiArePickedUp() throws IOException {
        String space = Fixtures.space(Fixtures.org());
        String app = startedApp(space, 1);
        String host = uniqueHost();
        String hostname = host + "." + DOMAIN;
        assertEquals(404, through(hostname).get("/").statusCode());
        observe(app, 0, "RUNNING", true, backend("app"));
        String route = route(space, host, "");
        assertBadGateway(through(hostname).get("/"));
        String destination = map(route, app);
        assertEquals(List.of("app"), answers(hostname, "/", 1));
        Api.asAdmin().delete("/v3/routes/" + route + "/destinations/" + destination).then().statusCode(204);
        assertBadGateway(through(hostname).get("/"));
        map(route, app);
        assertEquals(List.of("app"), answers(hostname, "/", 1));
        Api.asAdmin().delete("/v3/routes/" + route).then().statusCode(202);
        assertEquals(404, through(hostname).get("/").statusCode());
        // a manifest's route is mapped in the manifest's transaction
        String manifestHost = uniqueHost();
        String appName = Db.single(db, "SELECT name FROM apps WHERE guid = ?", app).get("name").toString();
        String manifest = "applications:\n- name: " + appName + "\n  routes:\n  - route: " + manifestHost + "."
                + DOMAIN + "\n";
        Api.asAdmin().contentType("application/x-yaml").body(manifest.getBytes(StandardCharsets.UTF_8))
                .post("/v3/spaces/" + space + "/actions/apply_manifest").then().statusCode(202);
        assertEquals(List.of("app"), answers(manifestHost + "." + DOMAIN, "/", 1));
        // the app's delete takes its destinations with it
        Api.asAdmin().delete("/v3/apps/" + app).then().statusCode(202);
        assertBadGateway(through(manifestHost + "." + DOMAIN).get("/"));
    }

    @Test
    void bodiesAndHeadersPassThroughWithForwardingHeadersAdded() throws IOException {
        String space = Fixtures.space(Fixtures.org());
        String app = startedApp(space, 1);
        String host = uniqueHost();
        String hostname = host + "." + DOMAIN;
        map(route(space, host, ""), app);
        observe(app, 0, "RUNNING", true, backend("echo"));
        String body = "{\"hello\":\"router\"}".repeat(2_000);
        Response posted = through(hostname).header("X-Custom", "kept").contentType("application/json").body(body)
                .post("/orders");
        assertEquals(200, posted.statusCode());
        assertEquals("echo:" + body, posted.asString());
        assertEquals("POST", posted.header("X-Seen-Method"));
        assertEquals("kept", posted.header("X-Seen-X-Custom"));
        assertEquals("text/plain", posted.header("Content-Type"), "the instance's headers come back");
        assertEquals(hostname, posted.header("X-Seen-Host"), "the instance sees the route's host");
        assertEquals("127.0.0.1", posted.header("X-Seen-X-Forwarded-For"));
        assertEquals("http", posted.header("X-Seen-X-Forwarded-Proto"));
        assertEquals(app, posted.header("X-Seen-X-Cf-Applicationid"));
        assertEquals("0", posted.header("X-Seen-X-Cf-Instanceindex"));
        UUID.fromString(posted.header("X-Seen-X-Vcap-Request-Id")); // a new request id
        Response forwarded = through(hostname).header("X-Forwarded-For", "203.0.113.7")
                .header("X-Forwarded-Proto", "https").header("X-Vcap-Request-Id", "given-id").get("/");
        assertEquals("203.0.113.7, 127.0.0.1", forwarded.header("X-Seen-X-Forwarded-For"));
        assertEquals("https", forwarded.header("X-Seen-X-Forwarded-Proto"));
        assertEquals("given-id", forwarded.header("X-Seen-X-Vcap-Request-Id"));
        assertEquals(200, through(hostname).head("/").statusCode());
    }

    @Test
    void theTableIsReadOnceAfterAChangeAndNeverWhileNothingChanges() throws IOException {
        String space = Fixtures.space(Fixtures.org());
        String app = startedApp(space, 1);
        String host = uniqueHost();
        map(route(space, host, ""), app);
        observe(app, 0, "RUNNING", true, backend("b"));
        long before = tables.reads();
        answers(host + "." + DOMAIN, "/", 5);
        assertEquals(before + 1, tables.reads(), "one read for the changes, none for the later requests");
        through(uniqueHost() + ".example.org").get("/");
        assertEquals(before + 1, tables.reads(), "an unknown host reads nothing either");
        announce(app);
        announce(app);
        assertEquals(before + 1, tables.reads(), "an event alone reads nothing");
        answers(host + "." + DOMAIN, "/", 2);
        assertEquals(before + 2, tables.reads());
    }
}

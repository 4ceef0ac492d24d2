package io.cfdeploy.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.cfdeploy.router.RouteTable.Backend;
import io.cfdeploy.router.RouteTable.Row;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The router's selection logic without a server: host and path matching, wildcards, round robin, retry order. */
class RouteTableTest {

    static Row row(String host, String domain, String path, int port) {
        return new Row(host, domain, path, "app", port - 9000, "127.0.0.1", port);
    }

    static Row noBackend(String host, String domain, String path) {
        return new Row(host, domain, path, null, null, null, null);
    }

    static int port(RouteTable.Route route) {
        return route.attemptOrder().get(0).port();
    }

    @Test
    void theHostIsMatchedWithoutItsPortAndCase() {
        RouteTable table = RouteTable.of(List.of(row("shop", "apps.example.org", "", 9001),
                row("", "example.org", "", 9002)));
        assertEquals(9001, port(table.find("shop.apps.example.org", "/")));
        assertEquals(9001, port(table.find("SHOP.Apps.Example.ORG:8081", "/cart")));
        assertEquals(9001, port(table.find("shop.apps.example.org.", "/")), "a fully qualified name");
        assertEquals(9002, port(table.find("example.org", "")), "an empty host routes the domain itself");
        assertNull(table.find("other.apps.example.org", "/"));
        assertNull(table.find("apps.example.org", "/"));
        assertNull(table.find(null, "/"));
        assertNull(table.find("", "/"));
    }

    @Test
    void theLongestPathPrefixOnASegmentBoundaryWins() {
        RouteTable table = RouteTable.of(List.of(row("shop", "example.org", "", 9001),
                row("shop", "example.org", "/api", 9002), row("shop", "example.org", "/api/v2", 9003)));
        assertEquals(9001, port(table.find("shop.example.org", "/")));
        assertEquals(9001, port(table.find("shop.example.org", "")));
        assertEquals(9002, port(table.find("shop.example.org", "/api")));
        assertEquals(9002, port(table.find("shop.example.org", "/api/")));
        assertEquals(9002, port(table.find("shop.example.org", "/api/v1/orders")));
        assertEquals(9002, port(table.find("shop.example.org", "/API/Orders")), "gorouter compares in lower case");
        assertEquals(9003, port(table.find("shop.example.org", "/api/v2/orders")));
        assertEquals(9001, port(table.find("shop.example.org", "/apix")), "no match inside a segment");
        RouteTable onlyPath = RouteTable.of(List.of(row("shop", "example.org", "/api", 9002)));
        assertNull(onlyPath.find("shop.example.org", "/"));
        assertNull(onlyPath.find("shop.example.org", "/ap"));
    }

    @Test
    void aWildcardRouteTakesTheHostsWithoutARouteOfTheirOwn() {
        RouteTable table = RouteTable.of(List.of(row("*", "example.org", "", 9001),
                row("shop", "example.org", "", 9002)));
        assertEquals(9002, port(table.find("shop.example.org", "/")));
        assertEquals(9001, port(table.find("blog.example.org", "/")));
        assertEquals(9001, port(table.find("a.b.example.org", "/")));
        assertNull(table.find("example.org", "/"));
    }

    @Test
    void backendsTakeTurnsAndTheRestFollowForRetries() {
        RouteTable table = RouteTable.of(List.of(row("shop", "example.org", "", 9003),
                row("shop", "example.org", "", 9001), row("shop", "example.org", "", 9002)));
        RouteTable.Route route = table.find("shop.example.org", "/");
        List<Integer> firsts = new ArrayList<>();
        for (int request = 0; request < 6; request++) {
            firsts.add(port(route));
        }
        assertEquals(List.of(9001, 9002, 9003, 9001, 9002, 9003), firsts);
        // each request may try every backend once, the next ones in turn after its first choice
        assertEquals(List.of(9001, 9002, 9003), route.attemptOrder().stream().map(Backend::port).toList());
        assertEquals(List.of(9002, 9003, 9001), route.attemptOrder().stream().map(Backend::port).toList());
        assertEquals(List.of(9003, 9001, 9002), route.attemptOrder().stream().map(Backend::port).toList());
    }

    @Test
    void aRebuiltTableKeepsEachRoutesTurn() {
        List<Row> rows = List.of(row("shop", "example.org", "", 9001), row("shop", "example.org", "", 9002));
        RouteTable first = RouteTable.of(rows);
        assertEquals(9001, port(first.find("shop.example.org", "/")));
        RouteTable second = RouteTable.of(rows, first);
        assertEquals(9002, port(second.find("shop.example.org", "/")), "not back to the first backend");
    }

    @Test
    void aRouteWithoutBackendsIsKnownButEmpty() {
        RouteTable table = RouteTable.of(List.of(noBackend("shop", "example.org", ""),
                new Row("shop", "example.org", "/x", "app", 0, null, 9001),
                new Row("shop", "example.org", "/y", "app", 0, "127.0.0.1", null)));
        assertEquals(List.of(), table.find("shop.example.org", "/").attemptOrder());
        assertEquals(List.of(), table.find("shop.example.org", "/x").attemptOrder(), "no host: unreachable");
        assertEquals(List.of(), table.find("shop.example.org", "/y").attemptOrder(), "no port: unreachable");
    }

    @Test
    void oneBackendOfTwoDestinationsIsListedOnce() {
        RouteTable table = RouteTable.of(List.of(row("shop", "example.org", "", 9001),
                row("shop", "example.org", "", 9001), row("shop", "example.org", "", 9002)));
        assertEquals(List.of(9001, 9002), table.find("shop.example.org", "/").backends().stream()
                .map(Backend::port).toList());
    }
}

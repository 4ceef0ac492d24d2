package io.cfdeploy.router;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The router's view of the routes: hostname → routes by path, each with its backends. Pure (no I/O), built from
 * the rows of one query and immutable but for each route's round-robin position. Lookups follow gorouter: host and
 * path compared in lower case, the longest route path that is a prefix of the request's path on a segment
 * boundary wins ({@code ""} matches every path), and a host without a route of its own falls back to wildcard
 * routes ({@code *.example.org}, then {@code *.org}).
 */
public final class RouteTable {
    /** One row of the routing query: a route, and one backend of it or none. */
    public record Row(String routeHost, String domain, String path, String appGuid, Integer instanceIndex,
            String backendHost, Integer backendPort) {
    }

    /** A running, routable instance the router may send requests to. */
    public record Backend(String host, int port, String appGuid, int index) {
        static final Comparator<Backend> ORDER = Comparator.comparing(Backend::host).thenComparingInt(Backend::port)
                .thenComparing(Backend::appGuid).thenComparingInt(Backend::index);
    }

    /** A route with its backends in a fixed order; {@link #attemptOrder()} rotates through them. */
    public static final class Route {
        private final String hostname;
        private final String path;
        private final List<Backend> backends;
        private final AtomicInteger next;

        Route(String hostname, String path, List<Backend> backends, AtomicInteger next) {
            this.hostname = hostname;
            this.path = path;
            this.backends = List.copyOf(backends);
            this.next = next;
        }

        public String hostname() {
            return hostname;
        }

        public String path() {
            return path;
        }

        public List<Backend> backends() {
            return backends;
        }

        /**
         * The backends to try for one request: round robin picks the first, the others follow in order, each once,
         * for retries when a connection is refused. Empty when the route has no routable backend.
         */
        public List<Backend> attemptOrder() {
            int size = backends.size();
            if (size == 0) {
                return List.of();
            }
            int first = Math.floorMod(next.getAndIncrement(), size);
            List<Backend> order = new ArrayList<>(size);
            for (int offset = 0; offset < size; offset++) {
                order.add(backends.get((first + offset) % size));
            }
            return order;
        }
    }

    public static final RouteTable EMPTY = new RouteTable(Map.of());

    /** Routes by lower-case hostname, longest path first. */
    private final Map<String, List<Route>> byHost;

    private RouteTable(Map<String, List<Route>> byHost) {
        this.byHost = byHost;
    }

    /** A table of the rows; backends without a host or port are left out. */
    public static RouteTable of(List<Row> rows) {
        return of(rows, EMPTY);
    }

    /**
     * A table of the rows that keeps the round-robin position of the routes {@code previous} had, so a table rebuilt
     * at every instance change still spreads the requests.
     */
    public static RouteTable of(List<Row> rows, RouteTable previous) {
        Map<String, Map<String, Set<Backend>>> grouped = new LinkedHashMap<>();
        for (Row row : rows) {
            String hostname = hostname(row.routeHost(), row.domain());
            String path = row.path() == null ? "" : row.path().toLowerCase(Locale.ROOT);
            Set<Backend> backends = grouped.computeIfAbsent(hostname, host -> new LinkedHashMap<>())
                    .computeIfAbsent(path, key -> new LinkedHashSet<>());
            if (row.backendHost() != null && !row.backendHost().isEmpty() && row.backendPort() != null) {
                backends.add(new Backend(row.backendHost(), row.backendPort(), row.appGuid(),
                        row.instanceIndex() == null ? 0 : row.instanceIndex()));
            }
        }
        Map<String, List<Route>> byHost = new HashMap<>();
        grouped.forEach((hostname, paths) -> {
            List<Route> routes = new ArrayList<>();
            paths.forEach((path, backends) -> {
                List<Backend> ordered = new ArrayList<>(backends);
                ordered.sort(Backend.ORDER);
                Route before = previous.exact(hostname, path);
                routes.add(new Route(hostname, path, ordered, before == null ? new AtomicInteger() : before.next));
            });
            routes.sort(Comparator.comparingInt((Route route) -> route.path.length()).reversed());
            byHost.put(hostname, List.copyOf(routes));
        });
        return new RouteTable(byHost);
    }

    /** CAPI's route name: the domain itself for an empty host, else host.domain; lower case. */
    static String hostname(String host, String domain) {
        String name = host == null || host.isEmpty() ? domain : host + "." + domain;
        return name.toLowerCase(Locale.ROOT);
    }

    /**
     * The route a request for {@code host} (a Host header: a port is stripped) and {@code path} (without the query)
     * goes to, or null when none matches.
     */
    public Route find(String host, String path) {
        String hostname = withoutPort(host).toLowerCase(Locale.ROOT);
        if (hostname.endsWith(".")) {
            hostname = hostname.substring(0, hostname.length() - 1);
        }
        String lowerPath = path == null ? "" : path.toLowerCase(Locale.ROOT);
        Route route = match(byHost.get(hostname), lowerPath);
        // gorouter's wildcards: a.b.example.org → *.b.example.org → *.example.org → *.org
        String rest = hostname;
        for (int dot = rest.indexOf('.'); route == null && dot >= 0; dot = rest.indexOf('.')) {
            rest = rest.substring(dot + 1);
            route = match(byHost.get("*." + rest), lowerPath);
        }
        return route;
    }

    /** How many hostnames the table routes (for logs). */
    public int size() {
        return byHost.size();
    }

    private Route exact(String hostname, String path) {
        for (Route route : byHost.getOrDefault(hostname, List.of())) {
            if (route.path.equals(path)) {
                return route;
            }
        }
        return null;
    }

    private static Route match(List<Route> routes, String path) {
        if (routes == null) {
            return null;
        }
        for (Route route : routes) { // longest path first
            if (route.path.isEmpty() || path.equals(route.path)
                    || (path.startsWith(route.path) && path.charAt(route.path.length()) == '/')) {
                return route;
            }
        }
        return null;
    }

    /** {@code example.org:8081} → {@code example.org}; an IPv6 literal keeps its brackets. */
    static String withoutPort(String host) {
        if (host == null) {
            return "";
        }
        int colon = host.lastIndexOf(':');
        if (colon >= 0 && host.indexOf(']', colon) < 0) {
            return host.substring(0, colon);
        }
        return host;
    }
}

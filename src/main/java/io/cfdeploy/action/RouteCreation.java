package io.cfdeploy.action;

import io.cfdeploy.error.CfException;
import io.cfdeploy.message.MetadataMessage;
import io.cfdeploy.model.DomainEntity;
import io.cfdeploy.model.RouteEntity;
import io.cfdeploy.model.SpaceEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import java.util.Map;

/**
 * The route model's own rules when a route is created (CAPI's Route validations as RouteCreate words them), shared by
 * {@code POST /v3/routes} and the manifest's routes. Runs inside the caller's transaction.
 */
@ApplicationScoped
class RouteCreation {
    static final String MISSING_HOST = "Missing host. Routes in shared domains must have a host defined.";
    static final String PORT_ON_HTTP = "Port is supported for domains of TCP router groups only.";
    static final String TOO_LONG = "Host combined with domain name must be no more than 253 characters.";
    static final int MAXIMUM_NAME_LENGTH = 253;

    private final EntityManager em;
    private final MetadataApply metadata;
    private final Event<RoutesChanged> routesChanged;

    RouteCreation(EntityManager em, MetadataApply metadata, Event<RoutesChanged> routesChanged) {
        this.em = em;
        this.metadata = metadata;
        this.routesChanged = routesChanged;
    }

    /** The route as {@code host}/{@code path}/{@code port} name it, or null. */
    static RouteEntity find(DomainEntity domain, String host, String path, Integer port) {
        return RouteEntity.find("domain = ?1 and host = ?2 and path = ?3 and "
                + (port == null ? "port is null" : "port = ?4"), port == null
                        ? new Object[] {domain, host, path} : new Object[] {domain, host, path, port})
                .<RouteEntity>firstResultOptional().orElse(null);
    }

    /**
     * Creates the route; 422 with CAPI's text when the host is missing, a port is given (every domain here is
     * http), the name is too long or the route exists (checked first, and again by the unique index for a
     * concurrent create).
     */
    RouteEntity create(SpaceEntity space, DomainEntity domain, String host, String path, boolean portRequested,
            Map<String, String> options, MetadataMessage metadataMessage) {
        String routeHost = host == null ? "" : host;
        String routePath = path == null ? "" : path;
        if (routeHost.isEmpty()) {
            throw CfException.unprocessable(MISSING_HOST);
        }
        if (portRequested) {
            throw CfException.unprocessable(PORT_ON_HTTP);
        }
        if (routeHost.length() + 1 + domain.name.length() > MAXIMUM_NAME_LENGTH) {
            throw CfException.unprocessable(TOO_LONG);
        }
        if (find(domain, routeHost, routePath, null) != null) {
            throw exists(routeHost, routePath, domain);
        }
        RouteEntity route = new RouteEntity();
        route.host = routeHost;
        route.path = routePath;
        route.domain = domain;
        route.space = space;
        route.options = options == null || options.isEmpty() ? null : options;
        if (metadataMessage != null) {
            metadata.apply(route, metadataMessage);
        }
        UniqueViolations.persist(em, route, () -> exists(routeHost, routePath, domain));
        // a route without destinations is known to the router: it answers 502, not 404
        routesChanged.fire(new RoutesChanged());
        return route;
    }

    /** CAPI's four texts for a taken host/path on a domain. */
    static CfException exists(String host, String path, DomainEntity domain) {
        String where = " for domain '" + domain.name + "'.";
        if (path.isEmpty()) {
            return CfException.unprocessable(host.isEmpty() ? "Route already exists" + where
                    : "Route already exists with host '" + host + "'" + where);
        }
        return CfException.unprocessable(host.isEmpty() ? "Route already exists with path '" + path + "'" + where
                : "Route already exists with host '" + host + "' and path '" + path + "'" + where);
    }
}

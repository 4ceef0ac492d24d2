package io.cfdeploy.action;

import io.cfdeploy.model.AppEntity;
import io.cfdeploy.model.RouteDestinationEntity;
import io.cfdeploy.model.RouteEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import java.util.List;

/** Writes destinations (CAPI's route mappings) inside the caller's transaction; each write tells the router. */
@ApplicationScoped
class RouteMappings {
    private final EntityManager em;
    private final Event<RoutesChanged> routesChanged;

    RouteMappings(EntityManager em, Event<RoutesChanged> routesChanged) {
        this.em = em;
        this.routesChanged = routesChanged;
    }

    /** A new destination of the route to the app's process type. */
    RouteDestinationEntity add(RouteEntity route, AppEntity app, String processType, Integer port, String protocol,
            Integer weight) {
        RouteDestinationEntity destination = new RouteDestinationEntity();
        destination.route = route;
        destination.app = app;
        destination.processType = processType;
        destination.port = port == null ? RouteDestinationEntity.DEFAULT_PORT : port;
        destination.protocol = protocol == null ? RouteDestinationEntity.HTTP1 : protocol;
        destination.weight = weight;
        destination.persist();
        routesChanged.fire(new RoutesChanged());
        return destination;
    }

    /** Removes one destination. */
    void remove(RouteDestinationEntity destination) {
        destination.delete();
        routesChanged.fire(new RoutesChanged());
    }

    /** The app's destinations, on every route. */
    static List<RouteDestinationEntity> ofApp(AppEntity app) {
        return RouteDestinationEntity.list("app.id", app.id);
    }

    /** Whether the app has a destination on the route (any process, any port). */
    static boolean mapped(RouteEntity route, AppEntity app) {
        return RouteDestinationEntity.count("route.id = ?1 and app.id = ?2", route.id, app.id) > 0;
    }

    /** Removes every destination of the app; its routes stay. */
    int unmapAll(AppEntity app) {
        int removed = em.createQuery("delete from RouteDestinationEntity rd where rd.app.id = :app")
                .setParameter("app", app.id).executeUpdate();
        routesChanged.fire(new RoutesChanged());
        return removed;
    }
}

package io.cfdeploy.action;

import io.cfdeploy.audit.AuditRecorder;
import io.cfdeploy.error.CfException;
import io.cfdeploy.fetch.RouteFetcher;
import io.cfdeploy.fetch.Visible;
import io.cfdeploy.message.RouteDestinationsMessage;
import io.cfdeploy.message.RouteDestinationsMessage.Destination;
import io.cfdeploy.model.AppEntity;
import io.cfdeploy.model.RouteDestinationEntity;
import io.cfdeploy.model.RouteEntity;
import io.cfdeploy.security.Caller;
import io.cfdeploy.security.Permissions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Add, replace and remove a route's destinations (CAPI's RoutesController destination actions with
 * UpdateRouteDestinations), each in one transaction with the route's row locked and an app event per mapping.
 */
@ApplicationScoped
public class RouteDestinationActions {
    static final String DIFFERENT_SPACES = "Routes cannot be mapped to destinations in different spaces.";
    static final String DUPLICATES = "Destinations cannot contain duplicate entries";
    static final String WEIGHTED_EXIST = "Destinations cannot be inserted when there are weighted destinations already "
            + "configured.";
    static final String WEIGHTED_DELETE = "Weighted destinations cannot be deleted individually.";
    static final String NO_SUCH_DESTINATION = "Unable to unmap route from destination. Ensure the route has a "
            + "destination with this guid.";

    private final EntityManager em;
    private final Permissions permissions;
    private final RouteFetcher routes;
    private final RouteMappings mappings;
    private final AuditRecorder audit;

    RouteDestinationActions(EntityManager em, Permissions permissions, RouteFetcher routes, RouteMappings mappings,
            AuditRecorder audit) {
        this.em = em;
        this.permissions = permissions;
        this.routes = routes;
        this.mappings = mappings;
        this.audit = audit;
    }

    /**
     * CAPI's order (the body's 422s come first, in the resource): 404 unless the route is readable; 403 unless
     * admin or space developer; 403 if suspended; 422 for apps that are missing or unreadable, then for apps in
     * another space; 422 for duplicates or when weighted destinations exist. Destinations already there stay.
     */
    @Transactional
    public RouteEntity add(Caller caller, String routeGuid, RouteDestinationsMessage message) {
        RouteEntity route = writable(caller, routeGuid);
        Map<String, AppEntity> apps = apps(caller, route, message.destinations());
        List<RouteDestinationEntity> existing = routes.destinationsOf(route);
        List<Key> wanted = keys(message.destinations());
        if (existing.stream().anyMatch(destination -> destination.weight != null)) {
            throw CfException.unprocessable(WEIGHTED_EXIST);
        }
        Set<Key> present = new HashSet<>();
        existing.forEach(destination -> present.add(Key.of(destination)));
        for (int index = 0; index < wanted.size(); index++) {
            Destination destination = message.destinations().get(index);
            if (present.add(wanted.get(index))) {
                map(caller, route, apps.get(destination.appGuid()), destination);
            }
        }
        return route;
    }

    /** As {@link #add} (without the weighted check), then every destination not in the body goes. */
    @Transactional
    public RouteEntity replace(Caller caller, String routeGuid, RouteDestinationsMessage message) {
        RouteEntity route = writable(caller, routeGuid);
        Map<String, AppEntity> apps = apps(caller, route, message.destinations());
        List<Key> wanted = keys(message.destinations());
        Map<Key, RouteDestinationEntity> existing = new LinkedHashMap<>();
        routes.destinationsOf(route).forEach(destination -> existing.put(Key.of(destination), destination));
        for (Map.Entry<Key, RouteDestinationEntity> entry : existing.entrySet()) {
            int index = wanted.indexOf(entry.getKey());
            RouteDestinationEntity current = entry.getValue();
            Destination desired = index < 0 ? null : message.destinations().get(index);
            if (desired == null || !Objects.equals(desired.weight(), current.weight)
                    || !protocolOf(desired).equals(current.protocol)) {
                unmap(caller, current);
            }
        }
        em.flush();
        for (int index = 0; index < wanted.size(); index++) {
            RouteDestinationEntity current = existing.get(wanted.get(index));
            Destination desired = message.destinations().get(index);
            if (current == null || !Objects.equals(desired.weight(), current.weight)
                    || !protocolOf(desired).equals(current.protocol)) {
                map(caller, route, apps.get(desired.appGuid()), desired);
            }
        }
        return route;
    }

    /**
     * 404 unless the route is readable; 403 unless admin or space developer; 403 if suspended; 422 unless the route
     * has the destination; 422 for a weighted one.
     */
    @Transactional
    public void remove(Caller caller, String routeGuid, String destinationGuid) {
        RouteEntity route = writable(caller, routeGuid);
        RouteDestinationEntity destination = routes.destinationsOf(route).stream()
                .filter(candidate -> candidate.guid.equals(destinationGuid)).findFirst()
                .orElseThrow(() -> CfException.unprocessable(NO_SUCH_DESTINATION));
        if (destination.weight != null) {
            throw CfException.unprocessable(WEIGHTED_DELETE);
        }
        unmap(caller, destination);
    }

    private RouteEntity writable(Caller caller, String routeGuid) {
        Visible<RouteEntity> visible = routes.readable(caller, routeGuid);
        if (!visible.roles().canWriteToSpace()) {
            throw CfException.notAuthorized();
        }
        RouteEntity route = visible.resource();
        Permissions.requireActive(caller, route.space);
        // concurrent changes of one route's destinations apply one after the other
        em.lock(route, LockModeType.PESSIMISTIC_WRITE);
        return route;
    }

    /** The destinations' apps by guid: all readable by the caller, all in the route's space. */
    private Map<String, AppEntity> apps(Caller caller, RouteEntity route, List<Destination> destinations) {
        Set<String> guids = new LinkedHashSet<>();
        destinations.forEach(destination -> guids.add(destination.appGuid()));
        Map<String, AppEntity> apps = new LinkedHashMap<>();
        if (!guids.isEmpty()) {
            List<AppEntity> found = AppEntity.list("from AppEntity a join fetch a.space s join fetch s.organization "
                    + "where a.guid in ?1", guids);
            var readable = permissions.readableSpaceIds(caller);
            for (AppEntity app : found) {
                if (readable.all() || readable.members().contains(app.space.id)) {
                    apps.put(app.guid, app);
                }
            }
        }
        List<String> missing = guids.stream().filter(guid -> !apps.containsKey(guid)).toList();
        if (!missing.isEmpty()) {
            throw CfException.unprocessable("App(s) with guid(s) \"" + String.join("\", \"", missing)
                    + "\" do not exist or you do not have access.");
        }
        if (apps.values().stream().anyMatch(app -> !app.space.id.equals(route.space.id))) {
            throw CfException.unprocessable(DIFFERENT_SPACES);
        }
        return apps;
    }

    private static List<Key> keys(List<Destination> destinations) {
        List<Key> keys = new ArrayList<>();
        for (Destination destination : destinations) {
            Key key = new Key(destination.appGuid(), destination.processType(),
                    destination.port() == null ? RouteDestinationEntity.DEFAULT_PORT : destination.port());
            if (keys.contains(key)) {
                throw CfException.unprocessable(DUPLICATES);
            }
            keys.add(key);
        }
        return keys;
    }

    private static String protocolOf(Destination destination) {
        return destination.protocol() == null ? RouteDestinationEntity.HTTP1 : destination.protocol();
    }

    private void map(Caller caller, RouteEntity route, AppEntity app, Destination destination) {
        RouteDestinationEntity added = mappings.add(route, app, destination.processType(), destination.port(),
                destination.protocol(), destination.weight());
        audit.record("audit.app.map-route", Actors.of(caller), AppTargets.of(app), eventData(added));
    }

    private void unmap(Caller caller, RouteDestinationEntity destination) {
        audit.record("audit.app.unmap-route", Actors.of(caller), AppTargets.of(destination.app),
                eventData(destination));
        mappings.remove(destination);
    }

    /** CAPI's app event repository for (un)mapping: the route, the destination and its settings. */
    private static Map<String, Object> eventData(RouteDestinationEntity destination) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("route_guid", destination.route.guid);
        data.put("app_port", destination.port);
        data.put("destination_guid", destination.guid);
        data.put("process_type", destination.processType);
        data.put("weight", destination.weight);
        data.put("protocol", destination.protocol);
        return data;
    }

    /** What makes a destination unique on a route (the table's unique index). */
    private record Key(String appGuid, String processType, int port) {
        static Key of(RouteDestinationEntity destination) {
            return new Key(destination.app.guid, destination.processType, destination.port);
        }
    }
}

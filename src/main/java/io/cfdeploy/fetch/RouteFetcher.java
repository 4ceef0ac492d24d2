package io.cfdeploy.fetch;

import io.cfdeploy.error.CfException;
import io.cfdeploy.message.ListQuery;
import io.cfdeploy.message.ListQuerySpec;
import io.cfdeploy.model.AppEntity;
import io.cfdeploy.model.DomainEntity;
import io.cfdeploy.model.RouteDestinationEntity;
import io.cfdeploy.model.RouteEntity;
import io.cfdeploy.model.SpaceEntity;
import io.cfdeploy.security.Caller;
import io.cfdeploy.security.Permissions;
import io.cfdeploy.security.RoleSet;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads routes (and their destinations) in the spaces the caller can read. */
@ApplicationScoped
public class RouteFetcher {
    /** CAPI's RoutesListMessage, of {@code /v3/routes} and {@code /v3/apps/:guid/routes}. */
    public static final ListQuerySpec LIST = ListQuerySpec.builder()
            .filters("hosts", "space_guids", "organization_guids", "domain_guids", "paths", "app_guids")
            .include(RouteFetcher.INCLUDE_DOMAIN, RouteFetcher.INCLUDE_SPACE, RouteFetcher.INCLUDE_ORGANIZATION)
            .labelSelector().filters("ports", "service_instance_guids").build();
    public static final String INCLUDE_DOMAIN = "domain";
    public static final String INCLUDE_SPACE = "space";
    public static final String INCLUDE_ORGANIZATION = "space.organization";

    private static final String FROM = "routes r JOIN spaces s ON s.id = r.space_id"
            + " JOIN organizations o ON o.id = s.organization_id JOIN domains d ON d.id = r.domain_id";

    private final Permissions permissions;
    private final ListFetcher lists;

    RouteFetcher(Permissions permissions, ListFetcher lists) {
        this.permissions = permissions;
        this.lists = lists;
    }

    /** The route (with domain, space, organization) and the caller's roles; 404 "Route not found" otherwise. */
    public Visible<RouteEntity> readable(Caller caller, String guid) {
        RouteEntity route = RouteEntity.findByGuid(guid).orElseThrow(RouteFetcher::notFound);
        RoleSet roles = permissions.rolesIn(caller, route.space);
        if (!roles.canReadSpace()) {
            throw notFound();
        }
        return new Visible<>(route, roles);
    }

    /** {@code GET /v3/routes}: routes in the spaces the caller can read. */
    public Page<RouteEntity> list(Caller caller, ListQuery query) {
        Where where = filtered(query).scope("r.space_id", permissions.readableSpaceIds(caller));
        return lists.page(RouteEntity.class, FROM, where, query);
    }

    /** {@code GET /v3/apps/:guid/routes}: the routes with a destination of the app. */
    public Page<RouteEntity> listForApp(AppEntity app, ListQuery query) {
        Where where = filtered(query);
        where.clause("r.id IN (SELECT rd.route_id FROM route_destinations rd WHERE rd.app_id = "
                + where.bind(app.id) + ")");
        return lists.page(RouteEntity.class, FROM, where, query);
    }

    private static Where filtered(ListQuery query) {
        Where where = new Where("r").in("host", emptyMeansBlank(query.filter("hosts")))
                .in("path", emptyMeansBlank(query.filter("paths"))).in("s.guid", query.filter("space_guids"))
                .in("o.guid", query.filter("organization_guids")).in("d.guid", query.filter("domain_guids"))
                .timestamps(query.timestamps()).labels(query.labelSelector());
        List<String> appGuids = query.filter("app_guids");
        if (appGuids != null) {
            where.clause(appGuids.isEmpty() ? "FALSE"
                    : "r.id IN (SELECT rd.route_id FROM route_destinations rd JOIN apps a ON a.id = rd.app_id"
                            + " WHERE a.guid IN (" + where.bind(appGuids) + "))");
        }
        List<String> ports = query.filter("ports");
        if (ports != null) {
            List<Integer> numbers = new ArrayList<>();
            for (String port : ports) {
                try {
                    numbers.add(Integer.valueOf(port));
                } catch (NumberFormatException notAPort) {
                    // no route has it
                }
            }
            where.in("port", numbers);
        }
        if (query.filter("service_instance_guids") != null) {
            where.clause("FALSE"); // cfdeploy binds no route services
        }
        return where;
    }

    /** CAPI's list message turns {@code hosts=} (and {@code paths=}) into a search for the empty value. */
    private static List<String> emptyMeansBlank(List<String> values) {
        return values != null && values.isEmpty() ? List.of("") : values;
    }

    /** The routes' destinations with their apps, in one query, by route id (each route's in creation order). */
    public Map<Long, List<RouteDestinationEntity>> destinationsOf(Collection<RouteEntity> routes) {
        Map<Long, List<RouteDestinationEntity>> byRoute = new LinkedHashMap<>();
        Set<Long> ids = new LinkedHashSet<>();
        for (RouteEntity route : routes) {
            ids.add(route.id);
            byRoute.put(route.id, new ArrayList<>());
        }
        if (ids.isEmpty()) {
            return byRoute;
        }
        List<RouteDestinationEntity> destinations = RouteDestinationEntity.list(
                "from RouteDestinationEntity rd join fetch rd.app where rd.route.id in ?1 order by rd.id", ids);
        for (RouteDestinationEntity destination : destinations) {
            byRoute.get(destination.route.id).add(destination);
        }
        return byRoute;
    }

    /** One route's destinations (see {@link #destinationsOf}). */
    public List<RouteDestinationEntity> destinationsOf(RouteEntity route) {
        return destinationsOf(List.of(route)).get(route.id);
    }

    /**
     * The URLs of the routes mapped to the app ({@code host.domain[:port]/path}), oldest route first: what
     * {@code GET /v3/apps/:guid/manifest} lists under {@code routes}.
     */
    public List<String> urlsOfApp(AppEntity app) {
        List<RouteEntity> routes = RouteEntity.list("from RouteEntity r join fetch r.domain where r.id in "
                + "(select rd.route.id from RouteDestinationEntity rd where rd.app.id = ?1) order by r.id", app.id);
        List<String> urls = new ArrayList<>();
        for (RouteEntity route : routes) {
            urls.add(route.url());
        }
        return urls;
    }

    /** The domains of the routes, each once, oldest first (for {@code include=domain}). */
    public List<DomainEntity> domainsOf(Collection<RouteEntity> routes) {
        Set<Long> ids = new LinkedHashSet<>();
        routes.forEach(route -> ids.add(route.domain.id));
        return ids.isEmpty() ? List.of() : DomainEntity.list("id in ?1 order by createdAt, guid", ids);
    }

    /** The spaces of the routes with their organizations, each once, oldest first (for {@code include=space}). */
    public List<SpaceEntity> spacesOf(Collection<RouteEntity> routes) {
        Set<Long> ids = new LinkedHashSet<>();
        routes.forEach(route -> ids.add(route.space.id));
        return ids.isEmpty() ? List.of()
                : SpaceEntity.list("from SpaceEntity s join fetch s.organization where s.id in ?1 "
                        + "order by s.createdAt, s.guid", ids);
    }

    public static CfException notFound() {
        return CfException.notFound("Route");
    }
}

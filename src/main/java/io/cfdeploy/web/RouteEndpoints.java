package io.cfdeploy.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfdeploy.fetch.RouteFetcher;
import io.cfdeploy.model.RouteDestinationEntity;
import io.cfdeploy.model.RouteEntity;
import io.cfdeploy.present.DomainPresenter;
import io.cfdeploy.present.Included;
import io.cfdeploy.present.OrganizationPresenter;
import io.cfdeploy.present.RoutePresenter;
import io.cfdeploy.present.SpacePresenter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/** Presents a page of routes (both route lists): destinations in one query, then what {@code include} asks for. */
@ApplicationScoped
public class RouteEndpoints {
    private final RouteFetcher routes;

    RouteEndpoints(RouteFetcher routes) {
        this.routes = routes;
    }

    Response respond(Lists.Listed<RouteEntity> listed, String path) {
        Map<Long, List<RouteDestinationEntity>> destinations = routes.destinationsOf(listed.resources());
        ObjectNode body = listed.body(path, route -> RoutePresenter.present(route, destinations.get(route.id),
                listed.links()));
        List<String> includes = listed.query().filter("include");
        if (includes != null) {
            if (includes.contains(RouteFetcher.INCLUDE_DOMAIN)) {
                Included.add(body, "domains", routes.domainsOf(listed.resources()).stream()
                        .map(domain -> DomainPresenter.present(domain, listed.links())).toList());
            }
            if (includes.contains(RouteFetcher.INCLUDE_SPACE)) {
                Included.add(body, "spaces", routes.spacesOf(listed.resources()).stream()
                        .map(space -> SpacePresenter.present(space, listed.links())).toList());
            }
            if (includes.contains(RouteFetcher.INCLUDE_ORGANIZATION)) {
                Included.add(body, "organizations", routes.spacesOf(listed.resources()).stream()
                        .map(space -> space.organization).distinct()
                        .map(org -> OrganizationPresenter.present(org, listed.links())).toList());
            }
        }
        return Response.ok(body).build();
    }
}

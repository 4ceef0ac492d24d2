package io.cfdeploy.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.cfdeploy.action.RouteActions;
import io.cfdeploy.action.RouteDestinationActions;
import io.cfdeploy.api.RoutesApi;
import io.cfdeploy.fetch.RouteFetcher;
import io.cfdeploy.message.RouteCreateMessage;
import io.cfdeploy.message.RouteDestinationsMessage;
import io.cfdeploy.model.RouteEntity;
import io.cfdeploy.present.RoutePresenter;
import io.cfdeploy.security.CurrentCaller;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** {@code /v3/routes}: create, show, list, delete, and the route's destinations (CAPI V3). */
public class RoutesResource implements RoutesApi {
    private final CurrentCaller caller;
    private final RequestUrls urls;
    private final Lists lists;
    private final RouteFetcher fetcher;
    private final RouteEndpoints endpoints;
    private final RouteActions actions;
    private final RouteDestinationActions destinations;

    @Context
    UriInfo uriInfo;

    RoutesResource(CurrentCaller caller, RequestUrls urls, Lists lists, RouteFetcher fetcher, RouteEndpoints endpoints,
            RouteActions actions, RouteDestinationActions destinations) {
        this.caller = caller;
        this.urls = urls;
        this.lists = lists;
        this.fetcher = fetcher;
        this.endpoints = endpoints;
        this.actions = actions;
        this.destinations = destinations;
    }

    @Override
    public Response listRoutes(String page, String perPage, String orderBy, String hosts, String spaceGuids,
            String organizationGuids, String domainGuids, String paths, String appGuids, String include,
            String labelSelector, String createdAts, String updatedAts, String ports, String serviceInstanceGuids) {
        return endpoints.respond(lists.fetch(uriInfo, RouteFetcher.LIST, query -> fetcher.list(caller.get(), query)),
                "/v3/routes");
    }

    @Override
    public Response createRoute(JsonNode body) {
        RouteEntity route = actions.create(caller.get(), RouteCreateMessage.parse(body));
        return Response.status(Response.Status.CREATED).entity(present(route)).build();
    }

    @Override
    public Response getRoute(String guid) {
        return Response.ok(present(fetcher.readable(caller.get(), guid).resource())).build();
    }

    @Override
    public Response deleteRoute(String guid) {
        return Jobs.accepted(actions.delete(caller.get(), guid), urls.of(uriInfo));
    }

    @Override
    public Response listRouteDestinations(String guid) {
        return destinations(fetcher.readable(caller.get(), guid).resource());
    }

    /** CAPI validates the body before it looks the route up. */
    @Override
    public Response addRouteDestinations(String guid, JsonNode body) {
        RouteDestinationsMessage message = RouteDestinationsMessage.parse(body, false);
        return destinations(destinations.add(caller.get(), guid, message));
    }

    @Override
    public Response replaceRouteDestinations(String guid, JsonNode body) {
        RouteDestinationsMessage message = RouteDestinationsMessage.parse(body, true);
        return destinations(destinations.replace(caller.get(), guid, message));
    }

    @Override
    public Response deleteRouteDestination(String guid, String destinationGuid) {
        destinations.remove(caller.get(), guid, destinationGuid);
        return Response.noContent().build();
    }

    private com.fasterxml.jackson.databind.node.ObjectNode present(RouteEntity route) {
        return RoutePresenter.present(route, fetcher.destinationsOf(route), urls.of(uriInfo));
    }

    private Response destinations(RouteEntity route) {
        return Response.ok(RoutePresenter.destinations(route, fetcher.destinationsOf(route), urls.of(uriInfo)))
                .build();
    }
}

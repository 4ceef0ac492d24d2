package io.cfdeploy.web;

import io.cfdeploy.api.RoutesApi;
import io.cfdeploy.fetch.EmptyLists;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * {@code GET /v3/routes}: cfdeploy has no routes, but the cf CLI's {@code cf apps} lists the routes of the space's
 * apps, so the list answers CAPI's validation and an empty page.
 */
public class RoutesResource implements RoutesApi {
    private final Lists lists;

    @Context
    UriInfo uriInfo;

    RoutesResource(Lists lists) {
        this.lists = lists;
    }

    @Override
    public Response listRoutes(String page, String perPage, String orderBy, String hosts, String spaceGuids,
            String organizationGuids, String domainGuids, String paths, String appGuids, String include,
            String labelSelector, String createdAts, String updatedAts, String ports, String serviceInstanceGuids) {
        return lists.empty(uriInfo, EmptyLists.ROUTES, "/v3/routes", () -> { });
    }
}

package io.cfdeploy.web;

import io.cfdeploy.api.RoutesApi;
import io.cfdeploy.fetch.EmptyLists;
import io.cfdeploy.message.ListQuery;
import io.cfdeploy.message.ListQueryParser;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * {@code GET /v3/routes}: cfdeploy has no routes, but the cf CLI's {@code cf apps} lists the routes of the space's
 * apps, so the list answers CAPI's validation and an empty page.
 */
public class RoutesResource implements RoutesApi {
    private final RequestUrls urls;

    @Context
    UriInfo uriInfo;

    RoutesResource(RequestUrls urls) {
        this.urls = urls;
    }

    @Override
    public Response listRoutes(String page, String perPage, String orderBy, String hosts, String spaceGuids,
            String organizationGuids, String domainGuids, String paths, String appGuids, String include,
            String labelSelector, String createdAts, String updatedAts, String ports, String serviceInstanceGuids) {
        ListQuery query = ListQueryParser.parse(RequestUrls.queryParameters(uriInfo), EmptyLists.ROUTES);
        return PackagesResource.emptyPage(urls.of(uriInfo), "/v3/routes", query);
    }
}

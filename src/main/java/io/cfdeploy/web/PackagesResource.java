package io.cfdeploy.web;

import io.cfdeploy.api.PackagesApi;
import io.cfdeploy.fetch.EmptyLists;
import io.cfdeploy.message.ListQuery;
import io.cfdeploy.message.ListQueryParser;
import io.cfdeploy.present.PaginatedListPresenter;
import io.cfdeploy.present.Urls;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;

/** {@code GET /v3/packages}: CAPI's filters and validation; cfdeploy has no packages yet, so always empty. */
public class PackagesResource implements PackagesApi {
    private final RequestUrls urls;

    @Context
    UriInfo uriInfo;

    PackagesResource(RequestUrls urls) {
        this.urls = urls;
    }

    @Override
    public Response listPackages(String page, String perPage, String orderBy, String guids, String states,
            String types, String appGuids, String spaceGuids, String organizationGuids, String labelSelector,
            String createdAts, String updatedAts) {
        ListQuery query = ListQueryParser.parse(RequestUrls.queryParameters(uriInfo), EmptyLists.PACKAGES);
        return emptyPage(urls.of(uriInfo), "/v3/packages", query);
    }

    /** An empty page with CAPI's pagination (first and last page 1, no next or previous). */
    static Response emptyPage(Urls links, String path, ListQuery query) {
        return Response.ok(PaginatedListPresenter.present(links, path, query, 0, List.<Object>of(),
                resource -> null)).build();
    }
}

package io.cfdeploy.web;

import io.cfdeploy.api.PackagesApi;
import io.cfdeploy.fetch.EmptyLists;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** {@code GET /v3/packages}: CAPI's filters and validation; cfdeploy has no packages yet, so always empty. */
public class PackagesResource implements PackagesApi {
    private final Lists lists;

    @Context
    UriInfo uriInfo;

    PackagesResource(Lists lists) {
        this.lists = lists;
    }

    @Override
    public Response listPackages(String page, String perPage, String orderBy, String guids, String states,
            String types, String appGuids, String spaceGuids, String organizationGuids, String labelSelector,
            String createdAts, String updatedAts) {
        return lists.empty(uriInfo, EmptyLists.PACKAGES, "/v3/packages", () -> { });
    }
}

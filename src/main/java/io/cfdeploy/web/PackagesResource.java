package io.cfdeploy.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.cfdeploy.action.PackageActions;
import io.cfdeploy.api.PackagesApi;
import io.cfdeploy.fetch.PackageFetcher;
import io.cfdeploy.message.PackageCreateMessage;
import io.cfdeploy.model.PackageEntity;
import io.cfdeploy.present.PackagePresenter;
import io.cfdeploy.security.CurrentCaller;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** {@code /v3/packages}: create (bits or docker), show and list with CAPI's filters (CAPI V3). */
public class PackagesResource implements PackagesApi {
    private final CurrentCaller caller;
    private final RequestUrls urls;
    private final Lists lists;
    private final PackageFetcher fetcher;
    private final PackageActions actions;

    @Context
    UriInfo uriInfo;

    PackagesResource(CurrentCaller caller, RequestUrls urls, Lists lists, PackageFetcher fetcher,
            PackageActions actions) {
        this.caller = caller;
        this.urls = urls;
        this.lists = lists;
        this.fetcher = fetcher;
        this.actions = actions;
    }

    @Override
    public Response listPackages(String page, String perPage, String orderBy, String guids, String states,
            String types, String appGuids, String spaceGuids, String organizationGuids, String labelSelector,
            String createdAts, String updatedAts) {
        Lists.Listed<PackageEntity> listed = lists.fetch(uriInfo, PackageFetcher.LIST,
                query -> fetcher.list(caller.get(), query));
        return listed.respond("/v3/packages", pkg -> PackagePresenter.present(pkg, listed.links()));
    }

    @Override
    public Response createPackage(JsonNode body) {
        PackageEntity pkg = actions.create(caller.get(), PackageCreateMessage.parse(body));
        return Response.status(Response.Status.CREATED).entity(PackagePresenter.present(pkg, urls.of(uriInfo)))
                .build();
    }

    @Override
    public Response getPackage(String guid) {
        return Response.ok(PackagePresenter.present(fetcher.readable(caller.get(), guid).resource(),
                urls.of(uriInfo))).build();
    }
}

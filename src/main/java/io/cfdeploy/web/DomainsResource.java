package io.cfdeploy.web;

import io.cfdeploy.api.DomainsApi;
import io.cfdeploy.fetch.DomainFetcher;
import io.cfdeploy.model.DomainEntity;
import io.cfdeploy.present.DomainPresenter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** {@code /v3/domains}: list and show (CAPI V3); domains come from configuration, not from this API. */
public class DomainsResource implements DomainsApi {
    private final RequestUrls urls;
    private final Lists lists;
    private final DomainFetcher fetcher;

    @Context
    UriInfo uriInfo;

    DomainsResource(RequestUrls urls, Lists lists, DomainFetcher fetcher) {
        this.urls = urls;
        this.lists = lists;
        this.fetcher = fetcher;
    }

    @Override
    public Response listDomains(String page, String perPage, String orderBy, String names, String guids,
            String organizationGuids, String labelSelector, String createdAts, String updatedAts) {
        Lists.Listed<DomainEntity> listed = lists.fetch(uriInfo, DomainFetcher.LIST, fetcher::list);
        return listed.respond("/v3/domains", domain -> DomainPresenter.present(domain, listed.links()));
    }

    @Override
    public Response getDomain(String guid) {
        return Response.ok(DomainPresenter.present(fetcher.readable(guid), urls.of(uriInfo))).build();
    }
}

package io.cfdeploy.web;

import io.cfdeploy.api.AuditEventsApi;
import io.cfdeploy.fetch.AuditEventFetcher;
import io.cfdeploy.model.AuditEventEntity;
import io.cfdeploy.present.AuditEventPresenter;
import io.cfdeploy.security.CurrentCaller;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

public class AuditEventsResource implements AuditEventsApi {
    private final CurrentCaller caller;
    private final RequestUrls urls;
    private final Lists lists;
    private final AuditEventFetcher fetcher;

    @Context
    UriInfo uriInfo;

    AuditEventsResource(CurrentCaller caller, RequestUrls urls, Lists lists, AuditEventFetcher fetcher) {
        this.caller = caller;
        this.urls = urls;
        this.lists = lists;
        this.fetcher = fetcher;
    }

    @Override
    public Response listAuditEvents(String page, String perPage, String orderBy, String guids, String types,
            String targetGuids, String spaceGuids, String organizationGuids, String createdAts, String updatedAts) {
        Lists.Listed<AuditEventEntity> listed = lists.fetch(uriInfo, AuditEventFetcher.LIST,
                query -> fetcher.list(caller.get(), query));
        return listed.respond("/v3/audit_events", event -> AuditEventPresenter.present(event, listed.links()));
    }

    @Override
    public Response getAuditEvent(String guid) {
        return Response.ok(AuditEventPresenter.present(fetcher.readable(caller.get(), guid), urls.of(uriInfo)))
                .build();
    }
}

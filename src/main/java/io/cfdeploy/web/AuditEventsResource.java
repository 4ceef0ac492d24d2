package io.cfdeploy.web;

import io.cfdeploy.api.AuditEventsApi;
import io.cfdeploy.fetch.AuditEventFetcher;
import io.cfdeploy.fetch.Page;
import io.cfdeploy.message.ListQuery;
import io.cfdeploy.message.ListQueryParser;
import io.cfdeploy.model.AuditEventEntity;
import io.cfdeploy.present.AuditEventPresenter;
import io.cfdeploy.present.PaginatedListPresenter;
import io.cfdeploy.present.Urls;
import io.cfdeploy.security.CurrentCaller;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

public class AuditEventsResource implements AuditEventsApi {
    private final CurrentCaller caller;
    private final RequestUrls urls;
    private final AuditEventFetcher fetcher;

    @Context
    UriInfo uriInfo;

    AuditEventsResource(CurrentCaller caller, RequestUrls urls, AuditEventFetcher fetcher) {
        this.caller = caller;
        this.urls = urls;
        this.fetcher = fetcher;
    }

    @Override
    public Response listAuditEvents(String page, String perPage, String orderBy, String guids, String types,
            String targetGuids, String spaceGuids, String organizationGuids, String createdAts, String updatedAts) {
        ListQuery query = ListQueryParser.parse(RequestUrls.queryParameters(uriInfo), AuditEventFetcher.LIST);
        Page<AuditEventEntity> result = fetcher.list(caller.get(), query);
        Urls links = urls.of(uriInfo);
        return Response.ok(PaginatedListPresenter.present(links, "/v3/audit_events", query, result.totalResults(),
                result.resources(), event -> AuditEventPresenter.present(event, links))).build();
    }

    @Override
    public Response getAuditEvent(String guid) {
        return Response.ok(AuditEventPresenter.present(fetcher.readable(caller.get(), guid), urls.of(uriInfo)))
                .build();
    }
}

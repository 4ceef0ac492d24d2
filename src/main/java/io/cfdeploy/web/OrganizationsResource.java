package io.cfdeploy.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.cfdeploy.action.OrganizationActions;
import io.cfdeploy.api.OrganizationsApi;
import io.cfdeploy.fetch.OrganizationFetcher;
import io.cfdeploy.message.Parsed;
import io.cfdeploy.message.OrganizationMessage;
import io.cfdeploy.model.OrganizationEntity;
import io.cfdeploy.present.OrganizationPresenter;
import io.cfdeploy.security.Caller;
import io.cfdeploy.security.CurrentCaller;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

public class OrganizationsResource implements OrganizationsApi {
    private final CurrentCaller caller;
    private final RequestUrls urls;
    private final Lists lists;
    private final OrganizationFetcher fetcher;
    private final OrganizationActions actions;
    private final Idempotency idempotency;

    @Context
    UriInfo uriInfo;

    OrganizationsResource(CurrentCaller caller, RequestUrls urls, Lists lists, OrganizationFetcher fetcher,
            OrganizationActions actions, Idempotency idempotency) {
        this.caller = caller;
        this.urls = urls;
        this.lists = lists;
        this.fetcher = fetcher;
        this.actions = actions;
        this.idempotency = idempotency;
    }

    @Override
    public Response listOrganizations(String page, String perPage, String orderBy, String names, String guids,
            String labelSelector, String createdAts, String updatedAts) {
        Lists.Listed<OrganizationEntity> listed = lists.fetch(uriInfo, OrganizationFetcher.LIST,
                query -> fetcher.list(caller.get(), query));
        return listed.respond("/v3/organizations", org -> OrganizationPresenter.present(org, listed.links()));
    }

    @Override
    public Response createOrganization(JsonNode body, String idempotencyKey) {
        Caller current = caller.get();
        OrganizationActions.requireCreator(current);
        return idempotency.once(idempotencyKey, body, uriInfo, () -> {
            OrganizationEntity org = actions.create(current, OrganizationMessage.create(body));
            return Response.status(Response.Status.CREATED)
                    .entity(OrganizationPresenter.present(org, urls.of(uriInfo))).build();
        });
    }

    @Override
    public Response getOrganization(String guid) {
        return Response.ok(OrganizationPresenter.present(fetcher.readable(caller.get(), guid), urls.of(uriInfo)))
                .build();
    }

    @Override
    public Response updateOrganization(String guid, JsonNode body) {
        return Response.ok(OrganizationPresenter.present(actions.update(caller.get(), guid,
                Parsed.of(() -> OrganizationMessage.update(body))),
                urls.of(uriInfo))).build();
    }

    @Override
    public Response deleteOrganization(String guid) {
        return Jobs.accepted(actions.delete(caller.get(), guid), urls.of(uriInfo));
    }
}

package io.cfdeploy.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.cfdeploy.action.BuildActions;
import io.cfdeploy.api.BuildsApi;
import io.cfdeploy.fetch.BuildFetcher;
import io.cfdeploy.message.BuildCreateMessage;
import io.cfdeploy.model.BuildEntity;
import io.cfdeploy.present.BuildPresenter;
import io.cfdeploy.security.CurrentCaller;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** {@code /v3/builds}: create (staging starts after the commit), show and list (CAPI V3). */
public class BuildsResource implements BuildsApi {
    private final CurrentCaller caller;
    private final RequestUrls urls;
    private final Lists lists;
    private final BuildFetcher fetcher;
    private final BuildActions actions;

    @Context
    UriInfo uriInfo;

    BuildsResource(CurrentCaller caller, RequestUrls urls, Lists lists, BuildFetcher fetcher, BuildActions actions) {
        this.caller = caller;
        this.urls = urls;
        this.lists = lists;
        this.fetcher = fetcher;
        this.actions = actions;
    }

    @Override
    public Response listBuilds(String page, String perPage, String orderBy, String guids, String states,
            String appGuids, String packageGuids, String labelSelector, String createdAts, String updatedAts) {
        Lists.Listed<BuildEntity> listed = lists.fetch(uriInfo, BuildFetcher.LIST,
                query -> fetcher.list(caller.get(), query));
        return listed.respond("/v3/builds", build -> BuildPresenter.present(build, listed.links()));
    }

    @Override
    public Response createBuild(JsonNode body) {
        BuildEntity build = actions.create(caller.get(), BuildCreateMessage.parse(body));
        return Response.status(Response.Status.CREATED).entity(BuildPresenter.present(build, urls.of(uriInfo)))
                .build();
    }

    @Override
    public Response getBuild(String guid) {
        return Response.ok(BuildPresenter.present(fetcher.readable(caller.get(), guid).resource(),
                urls.of(uriInfo))).build();
    }
}

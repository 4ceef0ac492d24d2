package io.cfdeploy.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfdeploy.action.RevisionActions;
import io.cfdeploy.api.RevisionsApi;
import io.cfdeploy.fetch.RevisionFetcher;
import io.cfdeploy.message.MetadataUpdateMessage;
import io.cfdeploy.model.RevisionEntity;
import io.cfdeploy.present.RevisionPresenter;
import io.cfdeploy.security.CurrentCaller;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;

public class RevisionsResource implements RevisionsApi {
    private final CurrentCaller caller;
    private final RequestUrls urls;
    private final RevisionFetcher fetcher;
    private final RevisionActions actions;

    @Context
    UriInfo uriInfo;

    RevisionsResource(CurrentCaller caller, RequestUrls urls, RevisionFetcher fetcher, RevisionActions actions) {
        this.caller = caller;
        this.urls = urls;
        this.fetcher = fetcher;
        this.actions = actions;
    }

    @Override
    public Response getRevision(String guid) {
        return Response.ok(present(fetcher.readable(caller.get(), guid).resource())).build();
    }

    @Override
    public Response updateRevision(String guid, JsonNode body) {
        return Response.ok(present(actions.update(caller.get(), guid, MetadataUpdateMessage.parse(body)))).build();
    }

    @Override
    public Response getRevisionEnvironmentVariables(String guid) {
        RevisionEntity revision = actions.showEnvironmentVariables(caller.get(), guid);
        return Response.ok(RevisionPresenter.environmentVariables(revision, revision.app.guid, urls.of(uriInfo)))
                .build();
    }

    private ObjectNode present(RevisionEntity revision) {
        boolean deployable = fetcher.deployableDroplets(List.of(revision)).contains(revision.dropletGuid);
        return RevisionPresenter.present(revision, revision.app.guid, deployable, urls.of(uriInfo));
    }
}

package io.cfdeploy.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfdeploy.action.SpaceActions;
import io.cfdeploy.api.SpacesApi;
import io.cfdeploy.error.CfError;
import io.cfdeploy.fetch.SpaceFetcher;
import io.cfdeploy.message.Parsed;
import io.cfdeploy.message.ShowQuery;
import io.cfdeploy.message.SpaceMessage;
import io.cfdeploy.model.SpaceEntity;
import io.cfdeploy.present.Included;
import io.cfdeploy.present.OrganizationPresenter;
import io.cfdeploy.present.SpacePresenter;
import io.cfdeploy.present.Urls;
import io.cfdeploy.security.CurrentCaller;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;

public class SpacesResource implements SpacesApi {
    private final CurrentCaller caller;
    private final RequestUrls urls;
    private final Lists lists;
    private final SpaceFetcher fetcher;
    private final SpaceActions actions;
    private final ManifestEndpoints manifests;

    @Context
    UriInfo uriInfo;

    @Context
    HttpHeaders headers;

    SpacesResource(CurrentCaller caller, RequestUrls urls, Lists lists, SpaceFetcher fetcher, SpaceActions actions,
            ManifestEndpoints manifests) {
        this.caller = caller;
        this.urls = urls;
        this.lists = lists;
        this.fetcher = fetcher;
        this.actions = actions;
        this.manifests = manifests;
    }

    @Override
    public Response applyManifest(String guid, String body) {
        return manifests.apply(guid, headers.getMediaType(), body, urls.of(uriInfo));
    }

    @Override
    public Response createManifestDiff(String guid, String body) {
        return manifests.diff(guid, headers.getMediaType(), body);
    }

    @Override
    public Response listSpaces(String page, String perPage, String orderBy, String names, String guids,
            String organizationGuids, String include, String labelSelector, String createdAts, String updatedAts) {
        Lists.Listed<SpaceEntity> listed = lists.fetch(uriInfo, SpaceFetcher.LIST,
                query -> fetcher.list(caller.get(), query));
        ObjectNode body = listed.body("/v3/spaces", space -> SpacePresenter.present(space, listed.links()));
        if (SpaceFetcher.includesOrganization(listed.query().filter("include"))) {
            includeOrganizations(body, listed.resources(), listed.links());
        }
        return Response.ok(body).build();
    }

    @Override
    public Response createSpace(JsonNode body) {
        SpaceEntity space = actions.create(caller.get(), SpaceMessage.create(body));
        return Response.status(Response.Status.CREATED).entity(SpacePresenter.present(space, urls.of(uriInfo)))
                .build();
    }

    /** 404 when not readable comes before a bad {@code include} (400), as in CAPI. */
    @Override
    public Response getSpace(String guid, String include) {
        SpaceEntity space = fetcher.readable(caller.get(), guid);
        List<String> includes = ShowQuery.includes(RequestUrls.queryParameters(uriInfo), SpaceFetcher.INCLUDES,
                CfError.BAD_QUERY_PARAMETER);
        Urls links = urls.of(uriInfo);
        ObjectNode body = SpacePresenter.present(space, links);
        if (SpaceFetcher.includesOrganization(includes)) {
            includeOrganizations(body, List.of(space), links);
        }
        return Response.ok(body).build();
    }

    @Override
    public Response updateSpace(String guid, JsonNode body) {
        return Response.ok(SpacePresenter.present(actions.update(caller.get(), guid,
                Parsed.of(() -> SpaceMessage.update(body))), urls.of(uriInfo)))
                .build();
    }

    @Override
    public Response deleteSpace(String guid) {
        return Jobs.accepted(actions.delete(caller.get(), guid), urls.of(uriInfo));
    }

    private void includeOrganizations(ObjectNode body, List<SpaceEntity> spaces, Urls links) {
        Included.add(body, "organizations", fetcher.organizationsOf(spaces).stream()
                .map(org -> OrganizationPresenter.present(org, links)).toList());
    }
}

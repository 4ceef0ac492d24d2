package io.cfdeploy.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.cfdeploy.action.ProcessActions;
import io.cfdeploy.api.ProcessesApi;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** {@code /v3/processes}: the same handlers as the app-nested routes, addressed by guid. */
public class ProcessesResource implements ProcessesApi {
    private final ProcessEndpoints endpoints;

    @Context
    UriInfo uriInfo;

    ProcessesResource(ProcessEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    @Override
    public Response listProcesses(String page, String perPage, String orderBy, String guids, String spaceGuids,
            String organizationGuids, String types, String appGuids, String labelSelector, String createdAts,
            String updatedAts) {
        return endpoints.list(uriInfo);
    }

    @Override
    public Response getProcess(String guid) {
        return endpoints.show(ProcessActions.Ref.byGuid(guid), uriInfo);
    }

    @Override
    public Response updateProcess(String guid, JsonNode body) {
        return endpoints.update(ProcessActions.Ref.byGuid(guid), body, uriInfo);
    }

    @Override
    public Response scaleProcess(String guid, JsonNode body) {
        return endpoints.scale(ProcessActions.Ref.byGuid(guid), body, uriInfo);
    }

    @Override
    public Response getProcessStats(String guid) {
        return endpoints.stats(ProcessActions.Ref.byGuid(guid), uriInfo);
    }
}

package io.cfdeploy.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.cfdeploy.action.ProcessActions;
import io.cfdeploy.api.ProcessesApi;
import io.cfdeploy.fetch.EmptyLists;
import io.cfdeploy.fetch.ProcessFetcher;
import io.cfdeploy.security.CurrentCaller;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** {@code /v3/processes}: the same handlers as the app-nested routes, addressed by guid. */
public class ProcessesResource implements ProcessesApi {
    private final ProcessEndpoints endpoints;
    private final CurrentCaller caller;
    private final Lists lists;
    private final ProcessFetcher processes;

    @Context
    UriInfo uriInfo;

    ProcessesResource(ProcessEndpoints endpoints, CurrentCaller caller, Lists lists, ProcessFetcher processes) {
        this.endpoints = endpoints;
        this.caller = caller;
        this.lists = lists;
        this.processes = processes;
    }

    @Override
    public Response listProcesses(String page, String perPage, String orderBy, String guids, String spaceGuids,
            String organizationGuids, String types, String appGuids, String labelSelector, String createdAts,
            String updatedAts, String embed) {
        return endpoints.list(uriInfo);
    }

    @Override
    public Response getProcess(String guid, String embed) {
        return endpoints.show(ProcessActions.Ref.byGuid(guid), uriInfo);
    }

    @Override
    public Response getProcessInstances(String guid) {
        return endpoints.instances(ProcessActions.Ref.byGuid(guid), uriInfo);
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

    @Override
    public Response listProcessSidecars(String guid, String page, String perPage, String orderBy, String createdAts,
            String updatedAts) {
        // CAPI validates the parameters before it looks the process up
        return lists.empty(uriInfo, EmptyLists.SIDECARS, "/v3/processes/" + guid + "/sidecars",
                () -> processes.readable(caller.get(), guid));
    }
}

package io.cfdeploy.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.cfdeploy.action.ProcessActions;
import io.cfdeploy.fetch.RevisionFetcher;
import io.cfdeploy.model.RevisionEntity;
import io.cfdeploy.present.RevisionPresenter;
import io.cfdeploy.security.CurrentCaller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Set;

/**
 * The process and revision routes nested under {@code /v3/apps/:guid} (AppsResource delegates here, so process
 * and revision code stays together). The app is looked up first: missing or unreadable → 404 "App not found".
 */
@ApplicationScoped
public class AppProcessEndpoints {
    private final CurrentCaller caller;
    private final Lists lists;
    private final ProcessEndpoints processes;
    private final RevisionFetcher revisions;

    AppProcessEndpoints(CurrentCaller caller, Lists lists, ProcessEndpoints processes,
            RevisionFetcher revisions) {
        this.caller = caller;
        this.lists = lists;
        this.processes = processes;
        this.revisions = revisions;
    }

    public Response listAppProcesses(String appGuid, UriInfo uriInfo) {
        return processes.listOfApp(appGuid, uriInfo);
    }

    /** The newest process of the type. */
    public Response getAppProcess(String appGuid, String type, UriInfo uriInfo) {
        return processes.show(ProcessActions.Ref.byAppAndType(appGuid, type), uriInfo);
    }

    public Response updateAppProcess(String appGuid, String type, JsonNode body, UriInfo uriInfo) {
        return processes.update(ProcessActions.Ref.byAppAndType(appGuid, type), body, uriInfo);
    }

    public Response scaleAppProcess(String appGuid, String type, JsonNode body, UriInfo uriInfo) {
        return processes.scale(ProcessActions.Ref.byAppAndType(appGuid, type), body, uriInfo);
    }

    public Response getAppProcessStats(String appGuid, String type, UriInfo uriInfo) {
        return processes.stats(ProcessActions.Ref.byAppAndType(appGuid, type), uriInfo);
    }

    public Response listAppRevisions(String appGuid, UriInfo uriInfo) {
        return present(lists.fetch(uriInfo, RevisionFetcher.APP_LIST,
                query -> revisions.listOfApp(caller.get(), appGuid, query)), appGuid, "/v3/apps/" + appGuid + "/revisions");
    }

    /** The distinct revisions the app's started processes run. */
    public Response listAppDeployedRevisions(String appGuid, UriInfo uriInfo) {
        return present(lists.fetch(uriInfo, RevisionFetcher.DEPLOYED,
                query -> revisions.deployedOfApp(caller.get(), appGuid, query)), appGuid,
                "/v3/apps/" + appGuid + "/revisions/deployed");
    }

    /** Each revision with whether its droplet can be deployed (one query for the page). */
    private Response present(Lists.Listed<RevisionEntity> listed, String appGuid, String path) {
        Set<String> deployable = revisions.deployableDroplets(listed.resources());
        return listed.respond(path, revision -> RevisionPresenter.present(revision, appGuid,
                deployable.contains(revision.dropletGuid), listed.links()));
    }
}

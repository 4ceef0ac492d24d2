package io.cfdeploy.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.cfdeploy.action.ProcessActions;
import io.cfdeploy.fetch.RevisionFetcher;
import io.cfdeploy.message.ListQuery;
import io.cfdeploy.message.ListQueryParser;
import io.cfdeploy.message.ListQuerySpec;
import io.cfdeploy.present.PaginatedListPresenter;
import io.cfdeploy.present.RevisionPresenter;
import io.cfdeploy.present.Urls;
import io.cfdeploy.security.CurrentCaller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * The process and revision routes nested under {@code /v3/apps/:guid} (AppsResource delegates here, so process
 * and revision code stays together). The app is looked up first: missing or unreadable → 404 "App not found".
 */
@ApplicationScoped
public class AppProcessEndpoints {
    private final CurrentCaller caller;
    private final RequestUrls urls;
    private final ProcessEndpoints processes;
    private final RevisionFetcher revisions;

    AppProcessEndpoints(CurrentCaller caller, RequestUrls urls, ProcessEndpoints processes,
            RevisionFetcher revisions) {
        this.caller = caller;
        this.urls = urls;
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
        ListQuery query = parse(uriInfo, RevisionFetcher.APP_LIST);
        return present(revisions.listOfApp(caller.get(), appGuid, query), "/v3/apps/" + appGuid + "/revisions",
                query, uriInfo);
    }

    /** The distinct revisions the app's started processes run. */
    public Response listAppDeployedRevisions(String appGuid, UriInfo uriInfo) {
        ListQuery query = parse(uriInfo, RevisionFetcher.DEPLOYED);
        return present(revisions.deployedOfApp(caller.get(), appGuid, query),
                "/v3/apps/" + appGuid + "/revisions/deployed", query, uriInfo);
    }

    private static ListQuery parse(UriInfo uriInfo, ListQuerySpec spec) {
        return ListQueryParser.parse(RequestUrls.queryParameters(uriInfo), spec);
    }

    private Response present(RevisionFetcher.Listed listed, String path, ListQuery query, UriInfo uriInfo) {
        Urls links = urls.of(uriInfo);
        String appGuid = listed.app().guid;
        return Response.ok(PaginatedListPresenter.present(links, path, query, listed.page().totalResults(),
                listed.page().resources(), revision -> RevisionPresenter.present(revision, appGuid,
                        listed.deployableDroplets().contains(revision.dropletGuid), links))).build();
    }
}

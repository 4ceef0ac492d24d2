package io.cfdeploy.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.cfdeploy.action.ProcessActions;
import io.cfdeploy.config.CfdeployConfig;
import io.cfdeploy.fetch.ProcessFetcher;
import io.cfdeploy.fetch.Visible;
import io.cfdeploy.message.Parsed;
import io.cfdeploy.message.ProcessEmbed;
import io.cfdeploy.message.ProcessScaleMessage;
import io.cfdeploy.message.ProcessUpdateMessage;
import io.cfdeploy.model.ProcessEntity;
import io.cfdeploy.present.ProcessInstancesPresenter;
import io.cfdeploy.present.ProcessPresenter;
import io.cfdeploy.present.ProcessStatsPresenter;
import io.cfdeploy.security.Caller;
import io.cfdeploy.security.CurrentCaller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;

/**
 * The process handlers shared by {@code /v3/processes/:guid…} and {@code /v3/apps/:guid/processes/:type…}: map,
 * call, present. Single reads redact the command unless the caller may read secrets in the space; lists redact
 * it for everyone; PATCH and scale answers show it (as CAPI).
 */
@ApplicationScoped
public class ProcessEndpoints {
    private final CurrentCaller caller;
    private final RequestUrls urls;
    private final Lists lists;
    private final ProcessFetcher fetcher;
    private final ProcessActions actions;
    private final int maxInstances;

    ProcessEndpoints(CurrentCaller caller, RequestUrls urls, Lists lists, ProcessFetcher fetcher, ProcessActions actions,
            CfdeployConfig config) {
        this.maxInstances = config.limits().maxInstances();
        this.caller = caller;
        this.urls = urls;
        this.lists = lists;
        this.fetcher = fetcher;
        this.actions = actions;
    }

    /** {@code GET /v3/processes}. */
    public Response list(UriInfo uriInfo) {
        return present(lists.fetch(uriInfo, ProcessFetcher.LIST, query -> fetcher.list(caller.get(), query)),
                "/v3/processes");
    }

    /** {@code GET /v3/apps/:guid/processes}: 400 for bad parameters before 404 for the app, as CAPI. */
    public Response listOfApp(String appGuid, UriInfo uriInfo) {
        return present(lists.fetch(uriInfo, ProcessFetcher.APP_LIST,
                query -> fetcher.listOfApp(caller.get(), appGuid, query)), "/v3/apps/" + appGuid + "/processes");
    }

    /** {@code GET /v3/processes/:guid} and {@code /v3/apps/:guid/processes/:type}: 400 for bad parameters first. */
    public Response show(ProcessActions.Ref ref, UriInfo uriInfo) {
        boolean embedInstances = ProcessEmbed.show(RequestUrls.queryParameters(uriInfo));
        Visible<ProcessEntity> found = found(caller.get(), ref);
        ProcessEntity process = found.resource();
        ArrayNode instances = null;
        if (embedInstances) {
            ProcessFetcher.Stats stats = fetcher.stats(process);
            instances = ProcessInstancesPresenter.entries(process, stats.started(), stats.instances(), Instant.now());
        }
        return Response.ok(ProcessPresenter.present(process, fetcher.command(process),
                ProcessPresenter.Command.forSingle(found.roles().canReadSecrets()), instances, urls.of(uriInfo))).build();
    }

    /** {@code GET /v3/processes/:guid/process_instances}. */
    public Response instances(ProcessActions.Ref ref, UriInfo uriInfo) {
        ProcessFetcher.Stats stats = fetcher.stats(found(caller.get(), ref).resource());
        return Response.ok(ProcessInstancesPresenter.present(stats.process(), stats.started(), stats.instances(),
                Instant.now(), urls.of(uriInfo))).build();
    }

    public Response update(ProcessActions.Ref ref, JsonNode body, UriInfo uriInfo) {
        ProcessEntity process = actions.update(caller.get(), ref,
                Parsed.of(() -> ProcessUpdateMessage.parse(body)));
        return Response.ok(ProcessPresenter.present(process, fetcher.command(process), ProcessPresenter.Command.SHOWN,
                urls.of(uriInfo))).build();
    }

    /** 202 Accepted with the process, as CAPI. */
    public Response scale(ProcessActions.Ref ref, JsonNode body, UriInfo uriInfo) {
        ProcessEntity process = actions.scale(caller.get(), ref,
                Parsed.of(() -> ProcessScaleMessage.parse(body, maxInstances)));
        return Response.status(Response.Status.ACCEPTED).entity(ProcessPresenter.present(process,
                fetcher.command(process), ProcessPresenter.Command.SHOWN, urls.of(uriInfo))).build();
    }

    public Response stats(ProcessActions.Ref ref, UriInfo uriInfo) {
        ProcessFetcher.Stats stats = fetcher.statsWithUsage(found(caller.get(), ref).resource());
        return Response.ok(ProcessStatsPresenter.present(stats.process(), stats.started(), stats.instances(),
                stats.usage())).build();
    }

    private Visible<ProcessEntity> found(Caller caller, ProcessActions.Ref ref) {
        return ref.guid() != null ? fetcher.readable(caller, ref.guid())
                : fetcher.readable(caller, ref.appGuid(), ref.type());
    }

    private Response present(Lists.Listed<ProcessEntity> listed, String path) {
        // Lists hide every command, so the page needs its apps (loaded by the fetcher) but no droplets or revisions;
        // embedded instances come from one runtime round trip for the whole page.
        ProcessFetcher.PageInstances instances = ProcessEmbed.requested(listed.query())
                ? fetcher.instances(listed.resources()) : null;
        Instant now = Instant.now();
        return listed.respond(path, process -> ProcessPresenter.present(process, null,
                ProcessPresenter.Command.HIDDEN_IN_LISTS, instances == null ? null
                        : ProcessInstancesPresenter.entries(process, process.app.isStarted(), instances.of(process),
                                now), listed.links()));
    }
}

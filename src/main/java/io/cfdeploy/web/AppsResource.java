package io.cfdeploy.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.cfdeploy.action.AppActions;
import io.cfdeploy.action.AppStateActions;
import io.cfdeploy.api.AppsApi;
import io.cfdeploy.error.CfException;
import io.cfdeploy.fetch.AppFetcher;
import io.cfdeploy.fetch.BuildFetcher;
import io.cfdeploy.fetch.DropletFetcher;
import io.cfdeploy.fetch.PackageFetcher;
import io.cfdeploy.fetch.RouteFetcher;
import io.cfdeploy.fetch.Visible;
import io.cfdeploy.message.AppEnvironmentVariablesMessage;
import io.cfdeploy.message.AppFeatureMessage;
import io.cfdeploy.message.AppMessage;
import io.cfdeploy.message.CurrentDropletMessage;
import io.cfdeploy.message.Parsed;
import io.cfdeploy.model.AppEntity;
import io.cfdeploy.model.BuildEntity;
import io.cfdeploy.model.AppFeatures;
import io.cfdeploy.model.DropletEntity;
import io.cfdeploy.model.PackageEntity;
import io.cfdeploy.present.AppPresenter;
import io.cfdeploy.present.BuildPresenter;
import io.cfdeploy.present.DropletPresenter;
import io.cfdeploy.present.PackagePresenter;
import io.cfdeploy.security.CurrentCaller;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

public class AppsResource implements AppsApi {
    private final CurrentCaller caller;
    private final RequestUrls urls;
    private final Lists lists;
    private final AppFetcher apps;
    private final DropletFetcher droplets;
    private final PackageFetcher packages;
    private final BuildFetcher builds;
    private final AppActions actions;
    private final AppStateActions states;
    private final AppProcessEndpoints processEndpoints;
    private final Idempotency idempotency;
    private final ManifestEndpoints manifests;
    private final RouteFetcher routes;
    private final RouteEndpoints routeEndpoints;

    @Context
    UriInfo uriInfo;

    AppsResource(CurrentCaller caller, RequestUrls urls, Lists lists, AppFetcher apps, DropletFetcher droplets,
            PackageFetcher packages, BuildFetcher builds, AppActions actions, AppStateActions states,
            AppProcessEndpoints processEndpoints, Idempotency idempotency, ManifestEndpoints manifests,
            RouteFetcher routes, RouteEndpoints routeEndpoints) {
        this.caller = caller;
        this.urls = urls;
        this.lists = lists;
        this.apps = apps;
        this.droplets = droplets;
        this.packages = packages;
        this.builds = builds;
        this.actions = actions;
        this.states = states;
        this.processEndpoints = processEndpoints;
        this.idempotency = idempotency;
        this.manifests = manifests;
        this.routes = routes;
        this.routeEndpoints = routeEndpoints;
    }

    @Override
    public Response getAppManifest(String guid) {
        return manifests.show(guid);
    }

    @Override
    public Response listApps(String page, String perPage, String orderBy, String guids, String names,
            String organizationGuids, String spaceGuids, String stacks, String lifecycleType, String labelSelector,
            String createdAts, String updatedAts) {
        Lists.Listed<AppEntity> listed = lists.fetch(uriInfo, AppFetcher.LIST, query -> apps.list(caller.get(), query));
        return listed.respond("/v3/apps", app -> AppPresenter.present(app, listed.links()));
    }

    @Override
    public Response createApp(JsonNode body, String idempotencyKey) {
        return idempotency.once(idempotencyKey, body, uriInfo, () -> {
            AppEntity app = actions.create(caller.get(), AppMessage.create(body));
            return Response.status(Response.Status.CREATED).entity(AppPresenter.present(app, urls.of(uriInfo)))
                    .build();
        });
    }

    @Override
    public Response getApp(String guid) {
        return app(apps.shown(caller.get(), guid));
    }

    @Override
    public Response updateApp(String guid, JsonNode body) {
        return app(actions.update(caller.get(), guid, AppMessage.update(body)));
    }

    @Override
    public Response deleteApp(String guid) {
        return Jobs.accepted(actions.delete(caller.get(), guid), urls.of(uriInfo));
    }

    @Override
    public Response startApp(String guid) {
        return app(states.start(caller.get(), guid));
    }

    @Override
    public Response stopApp(String guid) {
        return app(states.stop(caller.get(), guid));
    }

    @Override
    public Response restartApp(String guid) {
        return app(states.restart(caller.get(), guid));
    }

    @Override
    public Response getAppEnvironmentVariables(String guid) {
        AppEntity app = actions.readEnvironmentVariables(caller.get(), guid);
        return Response.ok(AppPresenter.environmentVariables(app, urls.of(uriInfo))).build();
    }

    @Override
    public Response updateAppEnvironmentVariables(String guid, JsonNode body) {
        AppEntity app = actions.updateEnvironmentVariables(caller.get(), guid,
                Parsed.of(() -> AppEnvironmentVariablesMessage.parse(body)));
        return Response.ok(AppPresenter.environmentVariables(app, urls.of(uriInfo))).build();
    }

    @Override
    public Response listAppFeatures(String guid) {
        AppEntity app = apps.readable(caller.get(), guid).resource();
        return Response.ok(AppPresenter.features(app, urls.of(uriInfo))).build();
    }

    @Override
    public Response getAppFeature(String guid, String name) {
        AppEntity app = apps.readable(caller.get(), guid).resource();
        if (!AppFeatures.exists(name)) {
            throw CfException.notFound("Feature");
        }
        return Response.ok(AppPresenter.feature(app, name)).build();
    }

    @Override
    public Response updateAppFeature(String guid, String name, JsonNode body) {
        AppEntity app = actions.updateFeature(caller.get(), guid, name,
                Parsed.of(() -> AppFeatureMessage.parse(body)));
        return Response.ok(AppPresenter.feature(app, name)).build();
    }

    /** 404 "Droplet not found" when the app has no current droplet (so {@code data: null} is never rendered). */
    @Override
    public Response getAppCurrentDropletRelationship(String guid) {
        AppEntity app = apps.readable(caller.get(), guid).resource();
        droplets.currentOf(app);
        return Response.ok(AppPresenter.currentDroplet(app, urls.of(uriInfo))).build();
    }

    @Override
    public Response setAppCurrentDroplet(String guid, JsonNode body) {
        AppEntity app = actions.assignCurrentDroplet(caller.get(), guid,
                CurrentDropletMessage.parse(body));
        return Response.ok(AppPresenter.currentDroplet(app, urls.of(uriInfo))).build();
    }

    @Override
    public Response getAppCurrentDroplet(String guid) {
        Visible<AppEntity> visible = apps.readable(caller.get(), guid);
        DropletEntity droplet = droplets.currentOf(visible.resource());
        return Response.ok(DropletPresenter.present(droplet, urls.of(uriInfo), visible.roles().canReadSecrets()
                ? DropletPresenter.Secrets.SHOWN : DropletPresenter.Secrets.HIDDEN)).build();
    }

    @Override
    public Response listAppDroplets(String guid, String page, String perPage, String orderBy, String guids,
            String states, String current, String labelSelector, String createdAts, String updatedAts) {
        AppEntity app = apps.readable(caller.get(), guid).resource();
        Lists.Listed<DropletEntity> listed = lists.fetch(uriInfo, DropletFetcher.APP_LIST,
                query -> droplets.listForApp(app, query));
        return listed.respond("/v3/apps/" + guid + "/droplets", droplet -> DropletPresenter.present(droplet,
                listed.links(), DropletPresenter.Secrets.HIDDEN_IN_LISTS));
    }

    @Override
    public Response listAppProcesses(String guid, String page, String perPage, String orderBy, String guids,
            String types, String labelSelector, String createdAts, String updatedAts, String embed) {
        return processEndpoints.listAppProcesses(guid, uriInfo);
    }

    @Override
    public Response getAppProcess(String guid, String type, String embed) {
        return processEndpoints.getAppProcess(guid, type, uriInfo);
    }

    @Override
    public Response updateAppProcess(String guid, String type, JsonNode body) {
        return processEndpoints.updateAppProcess(guid, type, body, uriInfo);
    }

    @Override
    public Response scaleAppProcess(String guid, String type, JsonNode body) {
        return processEndpoints.scaleAppProcess(guid, type, body, uriInfo);
    }

    @Override
    public Response getAppProcessStats(String guid, String type) {
        return processEndpoints.getAppProcessStats(guid, type, uriInfo);
    }

    @Override
    public Response listAppRevisions(String guid, String page, String perPage, String orderBy, String guids,
            String versions, String deployable, String labelSelector, String createdAts, String updatedAts) {
        return processEndpoints.listAppRevisions(guid, uriInfo);
    }

    @Override
    public Response listAppDeployedRevisions(String guid, String page, String perPage, String orderBy) {
        return processEndpoints.listAppDeployedRevisions(guid, uriInfo);
    }

    private Response app(AppEntity app) {
        return Response.ok(AppPresenter.present(app, urls.of(uriInfo))).build();
    }

    @Override
    public Response listAppPackages(String guid, String page, String perPage, String orderBy, String guids,
            String states, String types, String appGuids, String spaceGuids, String organizationGuids,
            String labelSelector, String createdAts, String updatedAts) {
        // CAPI validates the parameters before it looks the app up
        Lists.Listed<PackageEntity> listed = lists.fetch(uriInfo, PackageFetcher.APP_LIST,
                query -> packages.listForApp(apps.readable(caller.get(), guid).resource(), query));
        return listed.respond("/v3/apps/" + guid + "/packages",
                pkg -> PackagePresenter.present(pkg, listed.links()));
    }

    @Override
    public Response listAppBuilds(String guid, String page, String perPage, String orderBy, String states,
            String labelSelector, String createdAts, String updatedAts) {
        Lists.Listed<BuildEntity> listed = lists.fetch(uriInfo, BuildFetcher.APP_LIST,
                query -> builds.listForApp(apps.readable(caller.get(), guid).resource(), query));
        return listed.respond("/v3/apps/" + guid + "/builds", build -> BuildPresenter.present(build,
                listed.links()));
    }

    @Override
    public Response listAppRoutes(String guid, String page, String perPage, String orderBy, String hosts,
            String spaceGuids, String organizationGuids, String domainGuids, String paths, String appGuids,
            String include, String labelSelector, String createdAts, String updatedAts, String ports,
            String serviceInstanceGuids) {
        // CAPI validates the parameters before it looks the app up
        return routeEndpoints.respond(lists.fetch(uriInfo, RouteFetcher.LIST,
                query -> routes.listForApp(apps.readable(caller.get(), guid).resource(), query)),
                "/v3/apps/" + guid + "/routes");
    }
}

package io.cfdeploy.present;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfdeploy.model.AppEntity;
import io.cfdeploy.model.AppFeatures;
import java.util.List;

/**
 * The app resource and its small sub-resources (environment variables, features, the current droplet
 * relationship), in CAPI's key order (AppPresenter, AppEnvironmentVariablesPresenter, AppFeaturePresenter,
 * AppDropletRelationshipPresenter).
 */
public final class AppPresenter {
    private AppPresenter() {
    }

    public static ObjectNode present(AppEntity app, Urls urls) {
        ObjectNode json = Json.resource(app.guid, app.createdAt, app.updatedAt);
        json.put("name", app.name);
        json.put("state", app.desiredState);
        json.set("lifecycle", lifecycle(app));
        ObjectNode relationships = json.putObject("relationships");
        relationships.set("space", Json.toOne(app.space.guid));
        relationships.putObject("current_droplet").putObject("data").put("guid", app.dropletGuid);
        json.set("metadata", Json.metadata(app.labels, app.annotations));
        String self = urls.of("/v3/apps/" + app.guid);
        ObjectNode links = json.putObject("links");
        links.set("self", Json.link(self));
        links.set("environment_variables", Json.link(self + "/environment_variables"));
        links.set("space", Json.link(urls.of("/v3/spaces/" + app.space.guid)));
        links.set("processes", Json.link(self + "/processes"));
        links.set("packages", Json.link(self + "/packages"));
        links.set("current_droplet", Json.link(self + "/droplets/current"));
        links.set("droplets", Json.link(self + "/droplets"));
        links.set("tasks", Json.link(self + "/tasks"));
        links.set("start", Json.postLink(self + "/actions/start"));
        links.set("stop", Json.postLink(self + "/actions/stop"));
        links.set("clear_buildpack_cache", Json.postLink(self + "/actions/clear_buildpack_cache"));
        links.set("revisions", Json.link(self + "/revisions"));
        links.set("deployed_revisions", Json.link(self + "/revisions/deployed"));
        links.set("features", Json.link(self + "/features"));
        return json;
    }

    /** buildpack: {@code {"buildpacks": [...], "stack": …}}; docker: {@code {}}. */
    private static ObjectNode lifecycle(AppEntity app) {
        ObjectNode lifecycle = Json.object().put("type", app.lifecycleType);
        ObjectNode data = lifecycle.putObject("data");
        if ("buildpack".equals(app.lifecycleType)) {
            ArrayNode buildpacks = data.putArray("buildpacks");
            Object names = app.lifecycleData.get("buildpacks");
            if (names instanceof List<?> list) {
                list.forEach(name -> buildpacks.add(String.valueOf(name)));
            }
            Object stack = app.lifecycleData.get("stack");
            data.put("stack", stack == null ? null : String.valueOf(stack));
        }
        return lifecycle;
    }

    /** {@code {"var": {…}, "links": {"self", "app"}}} */
    public static ObjectNode environmentVariables(AppEntity app, Urls urls) {
        ObjectNode json = Json.object();
        ObjectNode variables = json.putObject("var");
        app.environmentVariables.forEach(variables::put);
        String self = urls.of("/v3/apps/" + app.guid);
        ObjectNode links = json.putObject("links");
        links.set("self", Json.link(self + "/environment_variables"));
        links.set("app", Json.link(self));
        return json;
    }

    /** One feature: {@code {"name", "description", "enabled"}}. */
    public static ObjectNode feature(AppEntity app, String name) {
        return switch (name) {
            case AppFeatures.SSH -> Json.object().put("name", AppFeatures.SSH)
                    .put("description", "Enable SSHing into the app.").put("enabled", false);
            case AppFeatures.REVISIONS -> Json.object().put("name", AppFeatures.REVISIONS)
                    .put("description", "Enable versioning of an application").put("enabled", app.revisionsEnabled);
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** Every feature, with a one-page pagination block whose links carry no query string, as CAPI renders it. */
    public static ObjectNode features(AppEntity app, Urls urls) {
        ObjectNode json = Json.object();
        ArrayNode resources = json.putArray("resources");
        AppFeatures.ALL.forEach(name -> resources.add(feature(app, name)));
        String self = urls.of("/v3/apps/" + app.guid + "/features");
        ObjectNode pagination = json.putObject("pagination");
        pagination.put("total_results", AppFeatures.ALL.size());
        pagination.put("total_pages", 1);
        pagination.set("first", Json.link(self));
        pagination.set("last", Json.link(self));
        pagination.putNull("next");
        pagination.putNull("previous");
        return json;
    }

    /**
     * {@code {"data": {"guid"}, "links": {"self", "related"}}} for an app with a current droplet; {@code data} null
     * and no {@code related} link otherwise.
     */
    public static ObjectNode currentDroplet(AppEntity app, Urls urls) {
        ObjectNode json = Json.object();
        if (app.dropletGuid == null) {
            json.putNull("data");
        } else {
            json.putObject("data").put("guid", app.dropletGuid);
        }
        String self = urls.of("/v3/apps/" + app.guid);
        ObjectNode links = json.putObject("links");
        links.set("self", Json.link(self + "/relationships/current_droplet"));
        if (app.dropletGuid != null) {
            links.set("related", Json.link(self + "/droplets/current"));
        }
        return json;
    }
}

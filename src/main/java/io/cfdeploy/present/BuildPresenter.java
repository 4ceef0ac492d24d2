package io.cfdeploy.present;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfdeploy.model.BuildEntity;
import java.util.List;

/**
 * The build resource in CAPI's key order (BuildPresenter): guid, created_at, updated_at, state, staging resources,
 * error, lifecycle, package, droplet (null until STAGED), created_by, relationships, metadata, links.
 */
public final class BuildPresenter {
    private BuildPresenter() {
    }

    public static ObjectNode present(BuildEntity build, Urls urls) {
        ObjectNode json = Json.resource(build.guid, build.createdAt, build.updatedAt);
        json.put("state", build.state);
        json.put("staging_memory_in_mb", build.stagingMemoryInMb);
        json.put("staging_disk_in_mb", build.stagingDiskInMb);
        json.put("staging_log_rate_limit_bytes_per_second", build.stagingLogRateLimit);
        json.put("error", build.error());
        ObjectNode lifecycle = json.putObject("lifecycle");
        lifecycle.put("type", build.lifecycleType);
        ObjectNode data = lifecycle.putObject("data");
        if ("buildpack".equals(build.lifecycleType)) {
            ArrayNode buildpacks = data.putArray("buildpacks");
            if (build.lifecycleData.get("buildpacks") instanceof List<?> names) {
                names.forEach(name -> buildpacks.add(String.valueOf(name)));
            }
            Object stack = build.lifecycleData.get("stack");
            data.put("stack", stack == null ? null : String.valueOf(stack));
        }
        json.putObject("package").put("guid", build.packageGuid);
        if (build.dropletGuid == null) {
            json.putNull("droplet");
        } else {
            json.putObject("droplet").put("guid", build.dropletGuid);
        }
        json.putObject("created_by").put("guid", build.createdByUserGuid).put("name", build.createdByUserName)
                .put("email", build.createdByUserEmail);
        json.putObject("relationships").set("app", Json.toOne(build.app.guid));
        json.set("metadata", Json.metadata(build.labels, build.annotations));
        ObjectNode links = json.putObject("links");
        links.set("self", Json.link(urls.of("/v3/builds/" + build.guid)));
        links.set("app", Json.link(urls.of("/v3/apps/" + build.app.guid)));
        if (build.dropletGuid != null) {
            links.set("droplet", Json.link(urls.of("/v3/droplets/" + build.dropletGuid)));
        }
        return json;
    }
}

package io.cfdeploy.present;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfdeploy.model.DeploymentEntity;
import io.cfdeploy.model.ProcessEntity;
import java.util.Map;

/**
 * The deployment resource in CAPI's DeploymentPresenter key order (spec §1.1): guid, created_at, updated_at,
 * status, strategy, options, droplet, previous_droplet, new_processes, revision, relationships, metadata, links.
 * Optional keys are omitted, not null: status.details.error, status.canary (canary only), the options that were
 * not set, options.canary (canary with steps), links.cancel (active states) and links.continue (PAUSED).
 */
public final class DeploymentPresenter {
    private DeploymentPresenter() {
    }

    public static ObjectNode present(DeploymentEntity deployment, Urls urls) {
        ObjectNode json = Json.object();
        json.put("guid", deployment.guid);
        json.put("created_at", Json.timestamp(deployment.createdAt));
        json.put("updated_at", Json.timestamp(deployment.updatedAt));
        json.set("status", status(deployment));
        json.put("strategy", deployment.strategy.wireName());
        json.set("options", options(deployment));
        json.putObject("droplet").put("guid", deployment.dropletGuid);
        json.putObject("previous_droplet").put("guid", deployment.previousDropletGuid);
        ArrayNode processes = json.putArray("new_processes");
        if (deployment.deployingWebProcessGuid != null) {
            processes.addObject().put("guid", deployment.deployingWebProcessGuid).put("type", ProcessEntity.WEB);
        }
        if (deployment.revisionGuid != null && deployment.app.revisionsEnabled) {
            json.putObject("revision").put("guid", deployment.revisionGuid).put("version",
                    deployment.revisionVersion);
        } else {
            json.putNull("revision");
        }
        String appGuid = deployment.app.guid;
        json.putObject("relationships").set("app", Json.toOne(appGuid));
        json.set("metadata", Json.metadata(deployment.labels, deployment.annotations));
        String self = urls.of("/v3/deployments/" + deployment.guid);
        ObjectNode links = json.putObject("links");
        links.set("self", Json.link(self));
        links.set("app", Json.link(urls.of("/v3/apps/" + appGuid)));
        if (DeploymentEntity.State.ACTIVE.contains(deployment.state)) {
            links.set("cancel", Json.postLink(self + "/actions/cancel"));
        }
        if (deployment.state == DeploymentEntity.State.PAUSED) {
            links.set("continue", Json.postLink(self + "/actions/continue"));
        }
        return json;
    }

    private static ObjectNode status(DeploymentEntity deployment) {
        ObjectNode status = Json.object();
        status.put("value", deployment.statusValue);
        status.put("reason", deployment.statusReason);
        ObjectNode details = status.putObject("details");
        details.put("last_successful_healthcheck", Json.timestamp(deployment.lastHealthyAt));
        details.put("last_status_change", Json.timestamp(deployment.statusUpdatedAt));
        if (deployment.error != null) {
            details.put("error", deployment.error);
        }
        if (deployment.isCanary()) {
            int total = deployment.canarySteps == null || deployment.canarySteps.isEmpty() ? 1
                    : deployment.canarySteps.size();
            ObjectNode steps = status.putObject("canary").putObject("steps");
            steps.put("current", deployment.canaryCurrentStep == null ? 1 : deployment.canaryCurrentStep);
            steps.put("total", total);
        }
        return status;
    }

    private static ObjectNode options(DeploymentEntity deployment) {
        ObjectNode options = Json.object();
        options.put("max_in_flight", deployment.maxInFlight);
        if (deployment.webInstances != null) {
            options.put("web_instances", deployment.webInstances);
        }
        if (deployment.memoryInMb != null) {
            options.put("memory_in_mb", deployment.memoryInMb);
        }
        if (deployment.diskInMb != null) {
            options.put("disk_in_mb", deployment.diskInMb);
        }
        if (deployment.logRateLimitInBytesPerSecond != null) {
            options.put("log_rate_limit_in_bytes_per_second", deployment.logRateLimitInBytesPerSecond);
        }
        if (deployment.isCanary() && deployment.canarySteps != null) {
            ArrayNode steps = options.putObject("canary").putArray("steps");
            for (Map<String, Object> step : deployment.canarySteps) {
                Object weight = step.get("instance_weight");
                steps.addObject().put("instance_weight", ((Number) weight).intValue());
            }
        }
        return options;
    }
}

package io.cfdeploy.present;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfdeploy.model.ProcessEntity;

/**
 * The process resource in CAPI's key order (spec §8, research §2). The process's app, space and organization must
 * be loaded; the command is resolved by the fetcher (custom, else detected, else "").
 */
public final class ProcessPresenter {
    /** What readers without secret access see instead of a single process's command. */
    public static final String PRIVATE_DATA_HIDDEN = "[PRIVATE DATA HIDDEN]";
    /** What every list shows instead of commands, to everyone (CAPI's PaginatedListPresenter). */
    public static final String PRIVATE_DATA_HIDDEN_IN_LISTS = "[PRIVATE DATA HIDDEN IN LISTS]";
    /** The user processes run as; cfdeploy does not model a custom user. */
    public static final String USER = "vcap";

    /** How the command is rendered. */
    public enum Command {
        SHOWN, HIDDEN, HIDDEN_IN_LISTS;

        public static Command forSingle(boolean showSecrets) {
            return showSecrets ? SHOWN : HIDDEN;
        }
    }

    private ProcessPresenter() {
    }

    public static ObjectNode present(ProcessEntity process, String command, Command visibility, Urls urls) {
        return present(process, command, visibility, null, urls);
    }

    /** @param instances the {@code process_instances} to embed ({@code embed=process_instances}), or null for none */
    public static ObjectNode present(ProcessEntity process, String command, Command visibility, ArrayNode instances,
            Urls urls) {
        ObjectNode json = Json.resource(process.guid, process.createdAt, process.updatedAt);
        json.put("version", process.version);
        json.put("type", process.type);
        json.put("command", switch (visibility) {
            case SHOWN -> command == null ? "" : command;
            case HIDDEN -> PRIVATE_DATA_HIDDEN;
            case HIDDEN_IN_LISTS -> PRIVATE_DATA_HIDDEN_IN_LISTS;
        });
        json.put("user", USER);
        json.put("instances", process.instances);
        json.put("memory_in_mb", process.memoryInMb);
        json.put("disk_in_mb", process.diskInMb);
        json.put("log_rate_limit_in_bytes_per_second", process.logRateLimitInBytesPerSecond);

        ObjectNode healthCheck = json.putObject("health_check");
        healthCheck.put("type", process.healthCheckType);
        ObjectNode data = healthCheck.putObject("data");
        data.put("timeout", process.healthCheckTimeout);
        data.put("invocation_timeout", process.healthCheckInvocationTimeout);
        data.put("interval", process.healthCheckInterval);
        if ("http".equals(process.healthCheckType)) {
            data.put("endpoint", process.healthCheckEndpoint);
        }

        ObjectNode readiness = json.putObject("readiness_health_check");
        readiness.put("type", process.readinessHealthCheckType);
        ObjectNode readinessData = readiness.putObject("data");
        readinessData.put("invocation_timeout", process.readinessHealthCheckInvocationTimeout);
        readinessData.put("interval", process.readinessHealthCheckInterval);
        if ("http".equals(process.readinessHealthCheckType)) {
            readinessData.put("endpoint", process.readinessHealthCheckEndpoint);
        }

        if (instances != null) {
            json.set("process_instances", instances); // CAPI puts it between the health checks and relationships
        }

        String appGuid = process.app.guid;
        ObjectNode relationships = json.putObject("relationships");
        relationships.set("app", Json.toOne(appGuid));
        if (process.revisionGuid == null) {
            relationships.putNull("revision");
        } else {
            relationships.set("revision", Json.toOne(process.revisionGuid));
        }
        json.set("metadata", Json.metadata(process.labels, process.annotations));

        String self = urls.of("/v3/processes/" + process.guid);
        ObjectNode links = json.putObject("links");
        links.set("self", Json.link(self));
        links.set("scale", Json.postLink(self + "/actions/scale"));
        links.set("app", Json.link(urls.of("/v3/apps/" + appGuid)));
        links.set("space", Json.link(urls.of("/v3/spaces/" + process.app.space.guid)));
        links.set("stats", Json.link(self + "/stats"));
        links.set("process_instances", Json.link(self + "/process_instances"));
        return json;
    }
}

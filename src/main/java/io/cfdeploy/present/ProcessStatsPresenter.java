package io.cfdeploy.present;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfdeploy.model.ProcessEntity;
import io.cfdeploy.runtime.InstanceState;
import io.cfdeploy.runtime.InstanceStatus;
import io.cfdeploy.runtime.InstanceUsage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v3/processes/:guid/stats}: one entry per desired instance, sorted by index (CAPI's
 * ProcessStatsPresenter). An instance the runtime reports gets the full entry; a desired instance it does not
 * report (every instance of a stopped app) is DOWN with only type, index, state, routable, uptime,
 * isolation_segment and details.
 */
public final class ProcessStatsPresenter {
    /** CAPI's default {@code instance_file_descriptor_limit}. */
    public static final int FDS_QUOTA = 16384;
    /** The simulated runtime has no cells: every instance reports this host and address. */
    public static final String SIMULATED_HOST = "127.0.0.1";
    /** The port a web process listens on inside its container (CAPI's default app port). */
    public static final int APP_PORT = 8080;
    /** Host ports of the simulated instances: this plus the index. */
    public static final int FIRST_HOST_PORT = 61000;

    private static final long MB = 1024L * 1024L;

    private ProcessStatsPresenter() {
    }

    /**
     * @param started   whether the process is started (its app is); a stopped process shows DOWN entries only
     * @param instances what the runtime reports
     */
    public static ObjectNode present(ProcessEntity process, boolean started, List<InstanceStatus> instances) {
        return present(process, started, instances, Map.of());
    }

    /** @param usage what each instance uses now, by index (runtimes with metrics) */
    public static ObjectNode present(ProcessEntity process, boolean started, List<InstanceStatus> instances,
            Map<Integer, InstanceUsage> usage) {
        Map<Integer, InstanceStatus> byIndex = new HashMap<>();
        if (started) {
            instances.forEach(instance -> byIndex.put(instance.index(), instance));
        }
        ObjectNode body = Json.object();
        ArrayNode resources = body.putArray("resources");
        for (int index = 0; index < process.instances; index++) {
            InstanceStatus instance = byIndex.get(index);
            resources.add(instance == null || instance.state() == InstanceState.DOWN ? down(process, index)
                    : found(process, instance, usage.get(index)));
        }
        return body;
    }

    private static ObjectNode found(ProcessEntity process, InstanceStatus instance, InstanceUsage usage) {
        ObjectNode entry = Json.object();
        entry.put("type", process.type);
        entry.put("index", instance.index());
        entry.put("state", instance.state().name());
        entry.put("routable", instance.routable());
        entry.put("instance_guid", instance.instanceGuid());
        // a runtime that reports no host is the simulated one: every instance is on this host, web on a port each
        boolean simulated = instance.host() == null;
        entry.put("host", simulated ? SIMULATED_HOST : instance.host());
        entry.put("instance_internal_ip", simulated ? SIMULATED_HOST : instance.host());
        ArrayNode ports = entry.putArray("instance_ports");
        if (!simulated && instance.port() != null) {
            // a local instance listens on its host port itself: no container port behind it
            ObjectNode port = ports.addObject();
            port.put("external", instance.port());
            port.put("internal", instance.port());
            port.putNull("external_tls_proxy_port");
            port.putNull("internal_tls_proxy_port");
        } else if (simulated && process.isWeb()) {
            ObjectNode port = ports.addObject();
            port.put("external", FIRST_HOST_PORT + instance.index());
            port.put("internal", APP_PORT);
            port.putNull("external_tls_proxy_port");
            port.putNull("internal_tls_proxy_port");
        }
        entry.put("uptime", instance.uptime());
        entry.put("mem_quota", process.memoryInMb * MB);
        entry.put("disk_quota", process.diskInMb * MB);
        entry.put("log_rate_limit", process.logRateLimitInBytesPerSecond);
        entry.put("fds_quota", FDS_QUOTA);
        entry.putNull("isolation_segment");
        if (instance.details() == null) {
            entry.putNull("details");
        } else {
            entry.put("details", instance.details());
        }
        // CAPI renders {} when log-cache has no metrics for an instance (the simulated runtime never has any)
        ObjectNode used = entry.putObject("usage");
        if (usage != null) {
            used.put("time", usage.time().toString());
            used.put("cpu", usage.cpu());
            used.putNull("cpu_entitlement");
            used.put("mem", usage.mem());
            used.put("disk", usage.disk());
            used.put("log_rate", usage.logRate());
        }
        return entry;
    }

    private static ObjectNode down(ProcessEntity process, int index) {
        ObjectNode entry = Json.object();
        entry.put("type", process.type);
        entry.put("index", index);
        entry.put("state", InstanceState.DOWN.name());
        entry.putNull("routable");
        entry.put("uptime", 0);
        entry.putNull("isolation_segment");
        entry.putNull("details");
        return entry;
    }
}

package io.cfdeploy.runtime.kubernetes;

import java.util.List;
import java.util.Map;

/**
 * What one CF process should be in the cluster, read in one query ({@link KubernetesRows}).
 *
 * @param instances     its desired instances (rows); 0: no StatefulSet
 * @param instancesGuid the instance guid of index 0: a new one means the instances were replaced (a restart)
 * @param generation    the desired-generation counter (the write guard)
 * @param command       the process's command, else its revision's, else the droplet's for the type; "" when none
 * @param dropletImage  the droplet's image (docker lifecycle), else null
 */
record ProcessSpec(long processId, String processGuid, String processType, String processVersion, long generation,
        int memoryInMb, int diskInMb, Check liveness, Check readiness, String command, String appGuid,
        String appName, Map<String, String> environment, String spaceGuid, String spaceName,
        String organizationGuid, String organizationName, int instances, String instancesGuid, String dropletGuid,
        String dropletImage, String dropletSha256, List<String> uris) {

    /**
     * A health check as stored on the process (seconds; null: CF's default).
     *
     * @param type port, http or process
     */
    record Check(String type, String endpoint, Integer timeout, Integer invocationTimeout, Integer interval) {
        boolean probes() {
            return "port".equals(type) || "http".equals(type);
        }
    }
}

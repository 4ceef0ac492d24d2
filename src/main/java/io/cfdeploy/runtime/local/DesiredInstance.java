package io.cfdeploy.runtime.local;

import java.util.List;
import java.util.Map;

/**
 * Everything the supervisor needs to run one desired instance, read in one query ({@link InstanceRows}).
 *
 * @param command the process's command, else its revision's, else the droplet's for the type; "" when none
 */
record DesiredInstance(long processId, String processGuid, String processType, String processVersion, int index,
        String instanceGuid, String dropletGuid, int crashCount, int memoryInMb, int diskInMb, HealthCheck liveness,
        HealthCheck readiness, String command, String appGuid, String appName, Map<String, String> environment,
        String spaceGuid, String spaceName, String organizationGuid, String organizationName, String dropletBlobKey,
        List<String> uris) {

    /** The identity of a running copy: the same guid on the same process and index. */
    boolean sameInstance(long otherProcessId, int otherIndex, String otherGuid) {
        return processId == otherProcessId && index == otherIndex && instanceGuid.equals(otherGuid);
    }

    String sourceType() {
        return "APP/PROC/" + processType.toUpperCase(java.util.Locale.ROOT);
    }
}

package io.cfdeploy.rollout.plan;

import io.cfdeploy.runtime.InstanceState;
import io.cfdeploy.runtime.InstanceStatus;
import java.util.List;

/**
 * The deploying process's instances as CAPI's updater counts them (spec §5.2): only indexes below the desired
 * count; a missing index counts as DOWN.
 *
 * @param routable  R: RUNNING and routable
 * @param starting  S: STARTING, or RUNNING but not routable
 * @param unhealthy U: everything else (CRASHED, DOWN, missing)
 */
public record HealthCounts(int routable, int starting, int unhealthy) {

    public static HealthCounts of(List<InstanceStatus> instances, int desired) {
        boolean[] seen = new boolean[Math.max(desired, 0)];
        int routable = 0;
        int starting = 0;
        int unhealthy = 0;
        for (InstanceStatus instance : instances) {
            if (instance.index() < 0 || instance.index() >= desired || seen[instance.index()]) {
                continue;
            }
            seen[instance.index()] = true;
            if (instance.state() == InstanceState.RUNNING && instance.routable()) {
                routable++;
            } else if (instance.state() == InstanceState.RUNNING || instance.state() == InstanceState.STARTING) {
                starting++;
            } else {
                unhealthy++;
            }
        }
        int missing = Math.max(desired, 0) - routable - starting - unhealthy;
        return new HealthCounts(routable, starting, unhealthy + missing);
    }
}

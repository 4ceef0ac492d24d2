package io.cfdeploy.runtime;

import java.util.List;

/**
 * A runtime saw instances of the app's process change state or routability (fired after the observation is
 * stored): the rollout engine steps the app's moving deployments, the router rebuilds its table.
 *
 * @param movingDeployments the app's deployments the rollout engine moves (DEPLOYING, PREPAUSED, CANCELING)
 */
public record InstancesChanged(String appGuid, long processId, List<String> movingDeployments) {

    public InstancesChanged(String appGuid, long processId) {
        this(appGuid, processId, List.of());
    }
}

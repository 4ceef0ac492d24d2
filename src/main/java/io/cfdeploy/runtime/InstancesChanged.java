package io.cfdeploy.runtime;

/**
 * A runtime saw instances of the app's process change state or routability (fired after the observation is
 * stored): the rollout engine steps the app's moving deployments, the router rebuilds its table.
 */
public record InstancesChanged(String appGuid, long processId) {
}

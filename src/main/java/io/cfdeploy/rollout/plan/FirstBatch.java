package io.cfdeploy.rollout.plan;

/** How many instances the deploying web process starts with (spec §4.3 step 2). */
public final class FirstBatch {
    private FirstBatch() {
    }

    /**
     * min(max_in_flight, X): X is the first canary step's canary instances for a canary deployment, else
     * web_instances when set (0 included), else the original web process count.
     *
     * @param firstCanaryWeight the first step's weight for a canary (null: no steps given), ignored otherwise
     */
    public static int instances(boolean canary, Integer firstCanaryWeight, int original, Integer webInstances,
            int maxInFlight) {
        int wanted;
        if (canary) {
            wanted = CanaryPlan.step(firstCanaryWeight, original, webInstances).canary();
        } else if (webInstances != null) {
            wanted = webInstances;
        } else {
            wanted = original;
        }
        return Math.min(maxInFlight, wanted);
    }
}

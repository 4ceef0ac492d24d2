package io.cfdeploy.rollout.plan;

import java.util.List;

/** The instance counts of canary steps (spec §5.3). */
public final class CanaryPlan {
    private CanaryPlan() {
    }

    /** One step: new (canary) instances, and the old (original) instances kept beside them. */
    public record Step(int canary, int original) {
        public int total() {
            return canary + original;
        }
    }

    /**
     * The step for {@code weight} (null: no steps were given, a single step of one canary instance).
     *
     * @param original     O, {@code original_web_process_instance_count}
     * @param webInstances the deployment's web_instances, or null; only a smaller value is used for the steps
     */
    public static Step step(Integer weight, int original, Integer webInstances) {
        if (weight == null) {
            return new Step(1, original);
        }
        int n = webInstances != null && webInstances < original ? webInstances : original;
        int canary = (int) Math.max(1, Math.round(n * weight / 100.0));
        return new Step(canary, weight == 100 ? 0 : n - canary + 1);
    }

    /** Every step of the weights, in order (one step without weights). */
    public static List<Step> steps(List<Integer> weights, int original, Integer webInstances) {
        if (weights == null || weights.isEmpty()) {
            return List.of(step(null, original, webInstances));
        }
        return weights.stream().map(weight -> step(weight, original, webInstances)).toList();
    }
}

package io.cfdeploy.rollout.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * One scaling tick of CAPI's updater (spec §5.2), as a pure function of numbers.
 *
 * @param deployingInstances desired instances of the deploying process ({@code inst})
 * @param health             R, S and U of the deploying process
 * @param maxInFlight        {@code mif}
 * @param targetTotal        the total old and new instances must come to
 * @param interimTarget      the deploying process's goal for this phase (a canary step's canary count, or the
 *                           desired web instances)
 * @param others             every other web process of the app, oldest first
 */
public record ScaleTick(int deployingInstances, HealthCounts health, int maxInFlight, int targetTotal,
        int interimTarget, List<OldProcess> others) {

    /**
     * A web process other than the deploying one.
     *
     * @param original the app's oldest web process: set to 0 instances, never destroyed by a tick
     * @param retired  an interim process of a deployment that was CANCELED and SUPERSEDED: scaled to 0 first
     *                 (kept until finalize or cancel)
     */
    public record OldProcess(int instances, boolean original, boolean retired) {
    }

    /** What happens to an old process: its new desired count, and whether it is destroyed. */
    public record Change(int instances, boolean destroy) {
    }

    /**
     * What the tick does.
     *
     * @param acts               false: neither scale-up nor scale-down is possible — nothing is written
     * @param finished           the phase's goal is reached (finalize, or pause a canary step)
     * @param deployingInstances the deploying process's new desired count
     * @param others             what happens to each old process, same order
     */
    public record Decision(boolean acts, boolean finished, int deployingInstances, List<Change> others) {
    }

    public boolean canScaleUp() {
        return health.starting() < maxInFlight && health.unhealthy() == 0
                && health.routable() >= deployingInstances - maxInFlight;
    }

    /** Old instances still wanted: what routable new instances do not yet cover. */
    public int desiredOld() {
        return Math.max(targetTotal - health.routable(), 0);
    }

    public boolean canScaleDown() {
        return others.stream().mapToInt(OldProcess::instances).sum() > desiredOld();
    }

    public boolean finished() {
        return deployingInstances >= interimTarget && health.routable() >= interimTarget;
    }

    public Decision decide() {
        boolean up = canScaleUp();
        boolean down = canScaleDown();
        if (!up && !down) {
            return new Decision(false, false, deployingInstances,
                    others.stream().map(old -> new Change(old.instances(), false)).toList());
        }
        // retired interim processes go to 0 first; then the rest comes down, oldest first, to desired_old
        List<Integer> afterRetiring = others.stream().map(old -> old.retired() ? 0 : old.instances()).toList();
        int left = down ? Math.max(afterRetiring.stream().mapToInt(Integer::intValue).sum() - desiredOld(), 0) : 0;
        List<Change> changes = new ArrayList<>(others.size());
        for (int i = 0; i < others.size(); i++) {
            int before = afterRetiring.get(i);
            int taken = Math.min(before, left);
            left -= taken;
            int after = before - taken;
            changes.add(new Change(after, taken > 0 && after == 0 && !others.get(i).original()));
        }
        if (finished()) {
            return new Decision(true, true, deployingInstances, changes);
        }
        // in long: routable + max_in_flight may pass Integer.MAX_VALUE for rows written before the instance cap
        int deploying = up ? (int) Math.min((long) health.routable() + maxInFlight, interimTarget) : deployingInstances;
        return new Decision(true, false, deploying, changes);
    }
}

package io.cfdeploy.rollout.plan;

import io.cfdeploy.rollout.plan.ScaleTick.Change;
import io.cfdeploy.rollout.plan.ScaleTick.Decision;
import io.cfdeploy.rollout.plan.ScaleTick.OldProcess;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The invariants of the scaling tick (spec §5.2) over arbitrary inputs, and whole simulated rollouts that must
 * always finish when instances turn healthy.
 */
class ScaleTickPropertiesTest {

    @Provide
    Arbitrary<List<OldProcess>> olds() {
        return Arbitraries.integers().between(0, 20).list().ofMinSize(1).ofMaxSize(4).map(counts -> {
            List<OldProcess> old = new ArrayList<>();
            for (int i = 0; i < counts.size(); i++) {
                old.add(new OldProcess(counts.get(i), i == 0, false));
            }
            return old;
        });
    }

    @Property
    void neverMoreThanTargetPlusMaxInFlightWanted(@ForAll @IntRange(min = 0, max = 20) int target,
            @ForAll @IntRange(min = 1, max = 10) int mif, @ForAll @IntRange(min = 0, max = 20) int routable,
            @ForAll @IntRange(min = 0, max = 5) int starting, @ForAll("olds") List<OldProcess> old) {
        int inst = Math.min(routable + starting, target + mif);
        // reachable states: the deploying count was last set to at most R + mif (R only grows while healthy)
        Assume.that(routable + starting <= inst && inst <= target + mif && inst <= routable + mif);
        Decision decision = new ScaleTick(inst, new HealthCounts(routable, starting, 0), mif, target, target, old)
                .decide();
        if (!decision.acts()) {
            return;
        }
        int oldAfter = decision.others().stream().mapToInt(Change::instances).sum();
        int oldBefore = old.stream().mapToInt(OldProcess::instances).sum();
        // new desired never beyond routable + mif, nor beyond the target
        assert decision.deployingInstances() <= Math.max(inst, Math.min(routable + mif, target));
        // old desired never below what routable new instances do not cover (unless it already was)
        assert oldAfter >= Math.min(oldBefore, Math.max(target - routable, 0));
        // when old came down, it came down exactly to target − R
        assert oldAfter == oldBefore || oldAfter == Math.max(target - routable, 0);
        // the total wanted stays within target + max_in_flight once old has been reduced
        if (oldAfter <= Math.max(target - routable, 0)) {
            assert oldAfter + decision.deployingInstances() <= target + mif;
        }
    }

    @Property
    void theOriginalProcessIsNeverDestroyed(@ForAll @IntRange(min = 0, max = 20) int target,
            @ForAll @IntRange(min = 1, max = 10) int mif, @ForAll @IntRange(min = 0, max = 20) int routable,
            @ForAll("olds") List<OldProcess> old) {
        Decision decision = new ScaleTick(routable, new HealthCounts(routable, 0, 0), mif, target, target, old)
                .decide();
        assert !decision.others().get(0).destroy();
    }

    /** A whole rolling deployment where every started instance turns healthy before the next tick. */
    @Property
    void aHealthyRolloutAlwaysFinishesAndEveryTickProgresses(@ForAll @IntRange(min = 0, max = 30) int original,
            @ForAll @IntRange(min = 0, max = 30) int target, @ForAll @IntRange(min = 1, max = 10) int mif) {
        int inst = Math.min(mif, target);
        int old = original;
        for (int ticks = 0; ticks < 100; ticks++) {
            Decision decision = new ScaleTick(inst, new HealthCounts(inst, 0, 0), mif, target, target,
                    List.of(new OldProcess(old, true, false))).decide();
            assert decision.acts() : "a healthy rollout always moves: inst=" + inst + " old=" + old;
            int oldNext = decision.others().get(0).instances();
            assert oldNext + decision.deployingInstances() <= Math.max(target, original) + mif;
            if (decision.finished()) {
                assert oldNext == 0 && inst == target;
                return;
            }
            assert decision.deployingInstances() > inst || oldNext < old : "each tick progresses";
            inst = decision.deployingInstances();
            old = oldNext;
        }
        throw new AssertionError("did not finish in 100 ticks");
    }

    /** While new instances are only starting, nothing is scaled up: the tick waits for the runtime. */
    @Property
    void startingInstancesMakeItWait(@ForAll @IntRange(min = 1, max = 10) int mif,
            @ForAll @IntRange(min = 1, max = 20) int target) {
        int inst = Math.min(mif, target);
        Decision decision = new ScaleTick(inst, new HealthCounts(0, inst, 0), mif, target, target,
                List.of(new OldProcess(target, true, false))).decide();
        assert decision.deployingInstances() == inst;
        assert decision.others().get(0).instances() == target;
    }
}

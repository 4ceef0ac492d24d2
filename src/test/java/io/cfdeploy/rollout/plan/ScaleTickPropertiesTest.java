package io.cfdeploy.rollout.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertTrue(decision.deployingInstances() <= Math.max(inst, Math.min(routable + mif, target)));
        // old desired never below what routable new instances do not cover (unless it already was)
        assertTrue(oldAfter >= Math.min(oldBefore, Math.max(target - routable, 0)));
        // when old came down, it came down exactly to target − R
        assertTrue(oldAfter == oldBefore || oldAfter == Math.max(target - routable, 0));
        // the total wanted stays within target + max_in_flight once old has been reduced
        if (oldAfter <= Math.max(target - routable, 0)) {
            assertTrue(oldAfter + decision.deployingInstances() <= target + mif);
        }
    }

    @Property
    void theOriginalProcessIsNeverDestroyed(@ForAll @IntRange(min = 0, max = 20) int target,
            @ForAll @IntRange(min = 1, max = 10) int mif, @ForAll @IntRange(min = 0, max = 20) int routable,
            @ForAll("olds") List<OldProcess> old) {
        Decision decision = new ScaleTick(routable, new HealthCounts(routable, 0, 0), mif, target, target, old)
                .decide();
        assertFalse(decision.others().get(0).destroy());
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
            assertTrue(decision.acts(), "a healthy rollout always moves: inst=" + inst + " old=" + old);
            int oldNext = decision.others().get(0).instances();
            assertTrue(oldNext + decision.deployingInstances() <= Math.max(target, original) + mif);
            if (decision.finished()) {
                assertTrue(oldNext == 0 && inst == target);
                return;
            }
            assertTrue(decision.deployingInstances() > inst || oldNext < old, "each tick progresses");
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
        assertEquals(inst, decision.deployingInstances());
        assertEquals(target, decision.others().get(0).instances());
    }

    @Provide
    Arbitrary<List<OldProcess>> oldsWithRetired() {
        return Arbitraries.integers().between(0, 20).list().ofMinSize(1).ofMaxSize(4).flatMap(counts ->
                Arbitraries.of(true, false).list().ofSize(counts.size()).map(retired -> {
                    List<OldProcess> old = new ArrayList<>();
                    for (int i = 0; i < counts.size(); i++) {
                        // the original (oldest) process never belongs to a deployment
                        old.add(new OldProcess(counts.get(i), i == 0, i > 0 && retired.get(i)));
                    }
                    return old;
                }));
    }

    /** Spec §5.2 step 4: an acting tick leaves retired interim processes at 0 instances, never destroyed by it. */
    @Property
    void retiredInterimProcessesEndAtZeroAndAreKept(@ForAll @IntRange(min = 0, max = 20) int target,
            @ForAll @IntRange(min = 1, max = 10) int mif, @ForAll @IntRange(min = 0, max = 20) int routable,
            @ForAll("oldsWithRetired") List<OldProcess> old) {
        Decision decision = new ScaleTick(routable, new HealthCounts(routable, 0, 0), mif, target, target, old)
                .decide();
        for (int i = 0; i < old.size(); i++) {
            Change change = decision.others().get(i);
            assertTrue(change.instances() <= old.get(i).instances(), "old processes never grow");
            if (old.get(i).retired() && decision.acts()) {
                assertEquals(new Change(0, false), change);
            }
            if (old.get(i).original()) {
                assertFalse(change.destroy());
            }
            if (change.destroy()) {
                assertEquals(0, change.instances());
            }
        }
    }

    /** Unhealthy (crashed, down) new instances stop every scale-up; old ones only come down to what R covers. */
    @Property
    void unhealthyInstancesNeverScaleUp(@ForAll @IntRange(min = 1, max = 20) int target,
            @ForAll @IntRange(min = 1, max = 10) int mif, @ForAll @IntRange(min = 0, max = 20) int routable,
            @ForAll @IntRange(min = 1, max = 5) int unhealthy, @ForAll("olds") List<OldProcess> old) {
        int inst = routable + unhealthy;
        Decision decision = new ScaleTick(inst, new HealthCounts(routable, 0, unhealthy), mif, target, target, old)
                .decide();
        assertEquals(inst, decision.deployingInstances());
        int oldAfter = decision.others().stream().mapToInt(Change::instances).sum();
        assertTrue(oldAfter >= Math.min(old.stream().mapToInt(OldProcess::instances).sum(),
                Math.max(target - routable, 0)));
    }

    /**
     * A whole canary step with healthy instances: it always ends finished (the pause) with the step's canary
     * count and the old instances down to the step's original count, never wanting more than O + mif at once.
     */
    @Property
    void aHealthyCanaryStepAlwaysPausesAtItsCounts(@ForAll @IntRange(min = 1, max = 30) int original,
            @ForAll @IntRange(min = 1, max = 100) int weight, @ForAll @IntRange(min = 1, max = 10) int mif) {
        CanaryPlan.Step step = CanaryPlan.step(weight, original, null);
        int inst = Math.min(mif, step.canary());
        int old = original;
        for (int ticks = 0; ticks < 100; ticks++) {
            Decision decision = new ScaleTick(inst, new HealthCounts(inst, 0, 0), mif, step.total(), step.canary(),
                    List.of(new OldProcess(old, true, false))).decide();
            assertTrue(decision.acts() || decision.finished(), "a healthy step always moves");
            int oldNext = decision.others().get(0).instances();
            assertTrue(oldNext + decision.deployingInstances() <= original + mif + 1, "bounded in flight");
            if (decision.finished()) {
                assertEquals(step.canary(), inst);
                assertEquals(Math.min(original, step.original()), oldNext);
                return;
            }
            inst = decision.deployingInstances();
            old = oldNext;
        }
        throw new AssertionError("the step did not finish in 100 ticks");
    }

    /** Spec §5.3's rules for every step: at least one canary, one extra instance unless 100 %. */
    @Property
    void canaryStepsFollowTheRoundingRules(@ForAll @IntRange(min = 1, max = 200) int original,
            @ForAll @IntRange(min = 1, max = 100) int weight, @ForAll("webInstances") Integer webInstances) {
        CanaryPlan.Step step = CanaryPlan.step(weight, original, webInstances);
        int n = webInstances != null && webInstances < original ? webInstances : original;
        assertTrue(step.canary() >= 1);
        assertTrue(step.canary() <= Math.max(n, 1));
        assertEquals(weight == 100 ? 0 : n - step.canary() + 1, step.original());
        assertEquals(Math.max(1, (int) Math.floor(n * weight / 100.0 + 0.5)), step.canary(), "halves round up");
        if (weight < 100) {
            assertTrue(CanaryPlan.step(weight + 1, original, webInstances).canary() >= step.canary(), "monotone");
        }
    }

    @Provide
    Arbitrary<Integer> webInstances() {
        return Arbitraries.integers().between(0, 200).injectNull(0.3);
    }

    /** Spec §5.5: cancel keeps the newest running process of a superseded deployed deployment, else the oldest. */
    @Property
    void cancelKeepsTheNewestRunningSupersededProcessElseTheOldest(
            @ForAll("candidates") List<CancelChoice.Candidate> web) {
        int keep = CancelChoice.keep(web);
        int newest = -1;
        for (int i = 0; i < web.size(); i++) {
            if (web.get(i).ofSupersededDeployed() && web.get(i).running()) {
                newest = i;
            }
        }
        assertEquals(newest >= 0 ? newest : 0, keep);
    }

    @Provide
    Arbitrary<List<CancelChoice.Candidate>> candidates() {
        Arbitrary<CancelChoice.Candidate> candidate = Arbitraries.of(true, false).list().ofSize(2)
                .map(flags -> new CancelChoice.Candidate(flags.get(0), flags.get(1)));
        return candidate.list().ofMinSize(1).ofMaxSize(6);
    }
}

package io.cfdeploy.rollout.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cfdeploy.rollout.plan.ScaleTick.Change;
import io.cfdeploy.rollout.plan.ScaleTick.Decision;
import io.cfdeploy.rollout.plan.ScaleTick.OldProcess;
import io.cfdeploy.runtime.InstanceState;
import io.cfdeploy.runtime.InstanceStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scaling tick of spec §5.2, with its walk-through and the canary pause example of §5.3. */
class ScaleTickTest {

    static OldProcess original(int instances) {
        return new OldProcess(instances, true, false);
    }

    static HealthCounts routable(int r) {
        return new HealthCounts(r, 0, 0);
    }

    static Decision tick(int inst, HealthCounts health, int mif, int target, int interim, OldProcess... others) {
        return new ScaleTick(inst, health, mif, target, interim, List.of(others)).decide();
    }

    @Test
    void rollingWalkThroughThreeInstancesOneInFlight() {
        // create: new process has 1 instance; it turns routable
        Decision first = tick(1, routable(1), 1, 3, 3, original(3));
        assertEquals(new Decision(true, false, 2, List.of(new Change(2, false))), first);
        Decision second = tick(2, routable(2), 1, 3, 3, original(2));
        assertEquals(new Decision(true, false, 3, List.of(new Change(1, false))), second);
        Decision third = tick(3, routable(3), 1, 3, 3, original(1));
        assertEquals(new Decision(true, true, 3, List.of(new Change(0, false))), third,
                "finished; the original process is set to 0, never destroyed by a tick");
    }

    @Test
    void aHugeMaxInFlightDoesNotOverflow() {
        // routable + max_in_flight past Integer.MAX_VALUE wrapped to a negative desired count
        Decision decision = tick(1, routable(1), Integer.MAX_VALUE, 3, 3, original(3));
        assertEquals(new Decision(true, false, 3, List.of(new Change(2, false))), decision);
    }

    @Test
    void rollingWithTwoInFlight() {
        // create: min(2, 3) = 2 new instances
        Decision whileStarting = tick(2, new HealthCounts(0, 2, 0), 2, 3, 3, original(3));
        assertFalse(whileStarting.acts(), "nothing routable yet, two starting: wait");
        Decision both = tick(2, routable(2), 2, 3, 3, original(3));
        assertEquals(new Decision(true, false, 3, List.of(new Change(1, false))), both);
        Decision done = tick(3, routable(3), 2, 3, 3, original(1));
        assertEquals(new Decision(true, true, 3, List.of(new Change(0, false))), done);
    }

    @Test
    void startingOrUnhealthyInstancesStopScaleUpButNotScaleDown() {
        // one routable, one starting (mif 1): no scale-up, but old comes down to what routable covers
        Decision decision = tick(2, new HealthCounts(1, 1, 0), 1, 3, 3, original(3));
        assertEquals(new Decision(true, false, 2, List.of(new Change(2, false))), decision);
        // a crashed instance: no scale-up either
        Decision crashed = tick(2, new HealthCounts(1, 0, 1), 1, 3, 3, original(2));
        assertFalse(crashed.acts());
    }

    @Test
    void interimProcessesTakenToZeroAreDestroyedOldestFirst() {
        OldProcess interim = new OldProcess(2, false, false);
        Decision decision = tick(3, routable(3), 1, 4, 4, original(1), interim);
        // desired_old = 4 − 3 = 1: the original (oldest) goes first, then the interim one gives up one
        assertEquals(List.of(new Change(0, false), new Change(1, false)), decision.others());
        Decision later = tick(4, routable(4), 1, 4, 4, original(0), new OldProcess(1, false, false));
        assertEquals(List.of(new Change(0, false), new Change(0, true)), later.others());
        assertTrue(later.finished());
    }

    @Test
    void retiredInterimProcessesGoToZeroFirstAndAreKept() {
        OldProcess retired = new OldProcess(2, false, true);
        Decision decision = tick(1, routable(1), 1, 3, 3, original(3), retired);
        assertEquals(List.of(new Change(2, false), new Change(0, false)), decision.others());
        assertEquals(2, decision.deployingInstances());
    }

    @Test
    void canaryPausesOnceTheStepIsRoutable() {
        // O=10, steps [50, 80], step 1 = {5, 6}: 5 routable new, 8 old → finished, old scaled to 11 − 5 = 6
        Decision decision = tick(5, routable(5), 1, 11, 5, original(8));
        assertEquals(new Decision(true, true, 5, List.of(new Change(6, false))), decision);
    }

    @Test
    void zeroDesiredInstancesFinishOnTheFirstTick() {
        Decision decision = tick(0, routable(0), 1, 0, 0, original(2));
        assertTrue(decision.finished());
        assertEquals(List.of(new Change(0, false)), decision.others());
    }

    @Test
    void webInstancesUpAndDown() {
        // 2 → 4 with mif 2: create starts 2; then up to 4 while the old 2 stay until covered
        assertEquals(new Decision(true, false, 4, List.of(new Change(2, false))),
                tick(2, routable(2), 2, 4, 4, original(2)));
        // 4 → 2 with mif 1: create starts 1
        assertEquals(new Decision(true, false, 2, List.of(new Change(1, false))),
                tick(1, routable(1), 1, 2, 2, original(4)));
    }

    @Test
    void healthCountsOnlyTheWantedIndexesAndMissingOnesAreDown() {
        Instant now = Instant.now();
        List<InstanceStatus> instances = new ArrayList<>();
        instances.add(new InstanceStatus(0, "a", "d", InstanceState.RUNNING, true, now, 1, null));
        instances.add(new InstanceStatus(1, "b", "d", InstanceState.RUNNING, false, now, 1, null));
        instances.add(new InstanceStatus(2, "c", "d", InstanceState.STARTING, false, now, 0, now));
        instances.add(new InstanceStatus(3, "e", "d", InstanceState.CRASHED, false, now, 0, null));
        instances.add(new InstanceStatus(7, "f", "d", InstanceState.RUNNING, true, now, 1, null));
        assertEquals(new HealthCounts(1, 2, 1), HealthCounts.of(instances, 4));
        assertEquals(new HealthCounts(1, 2, 3), HealthCounts.of(instances, 6), "indexes 4 and 5 are missing");
        assertEquals(new HealthCounts(1, 1, 0), HealthCounts.of(instances, 2));
    }

    @Test
    void cancelKeepsTheNewestRunningProcessOfASupersededDeployment() {
        List<CancelChoice.Candidate> web = List.of(new CancelChoice.Candidate(false, true),
                new CancelChoice.Candidate(true, true), new CancelChoice.Candidate(true, false),
                new CancelChoice.Candidate(false, true));
        assertEquals(1, CancelChoice.keep(web));
        assertEquals(0, CancelChoice.keep(List.of(new CancelChoice.Candidate(false, true),
                new CancelChoice.Candidate(true, false))), "none running: the oldest");
        assertEquals(-1, CancelChoice.keep(List.of()));
    }
}

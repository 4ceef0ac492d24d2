package io.cfdeploy.rollout.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cfdeploy.rollout.plan.CanaryPlan.Step;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every example of spec §5.3 (CAPI's model spec). */
class CanaryPlanTest {

    private static List<Step> steps(int original, Integer webInstances, Integer... weights) {
        return CanaryPlan.steps(List.of(weights), original, webInstances);
    }

    @Test
    void noStepsIsOneCanaryBesideAllOriginals() {
        assertEquals(List.of(new Step(1, 10)), CanaryPlan.steps(null, 10, null));
        assertEquals(List.of(new Step(1, 10)), CanaryPlan.steps(List.of(), 10, 3));
    }

    @Test
    void theSpecsExamples() {
        assertEquals(List.of(new Step(2, 9), new Step(4, 7)), steps(10, null, 20, 40));
        assertEquals(List.of(new Step(8, 3)), steps(10, null, 80));
        assertEquals(List.of(new Step(1, 5), new Step(2, 4)), steps(5, null, 20, 40));
        assertEquals(List.of(new Step(2, 9), new Step(2, 9), new Step(2, 9), new Step(2, 9)),
                steps(10, null, 20, 20, 20, 20));
        assertEquals(List.of(new Step(1, 3)), steps(3, null, 1));
        assertEquals(List.of(new Step(1, 1), new Step(1, 1), new Step(1, 1), new Step(1, 1), new Step(1, 0)),
                steps(1, null, 1, 20, 40, 80, 100));
        List<Step> expected = List.of(new Step(1, 10), new Step(3, 8), new Step(5, 6), new Step(10, 1),
                new Step(10, 0));
        assertEquals(expected, steps(10, null, 1, 25, 50, 99, 100));
        assertEquals(expected, steps(100, 10, 1, 25, 50, 99, 100), "a smaller web_instances is N");
        assertEquals(expected, steps(10, 100, 1, 25, 50, 99, 100), "a larger web_instances is not used");
    }

    @Test
    void halvesRoundAwayFromZero() {
        assertEquals(new Step(3, 3), CanaryPlan.step(50, 5, null)); // 2.5 → 3
        assertEquals(new Step(2, 2), CanaryPlan.step(50, 3, null)); // 1.5 → 2, 3 − 2 + 1 = 2
    }

    @Test
    void atLeastOneCanary() {
        assertEquals(new Step(1, 2), CanaryPlan.step(1, 2, null));
        assertEquals(new Step(1, 1), CanaryPlan.step(40, 1, null));
    }
}

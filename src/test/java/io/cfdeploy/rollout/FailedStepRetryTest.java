package io.cfdeploy.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** How soon a failed step is tried again: 2 s, doubling with each failure in a row, never more than 60 s. */
class FailedStepRetryTest {
    @Test
    void theRetryDoublesUpToTheCeiling() {
        List<Long> seconds = IntStream.rangeClosed(1, 8)
                .mapToObj(failures -> RolloutEngine.failedStepRetry(failures).toSeconds()).toList();
        assertEquals(List.of(2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L), seconds);
        assertEquals(Duration.ofSeconds(60), RolloutEngine.failedStepRetry(Integer.MAX_VALUE));
        assertEquals(Duration.ofSeconds(2), RolloutEngine.failedStepRetry(0));
    }
}

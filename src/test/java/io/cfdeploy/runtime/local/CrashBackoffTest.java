package io.cfdeploy.runtime.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Diego's restart table (runtimes.md §1.5). */
class CrashBackoffTest {
    private static final Duration BASE = Duration.ofSeconds(30);

    @Test
    void theFirstTwoCrashesRestartAtOnce_thenTheWaitDoublesUpToSixteenMinutes_andStopsAtTwoHundred() {
        assertEquals(Duration.ZERO, CrashBackoff.restartDelay(1, BASE));
        assertEquals(Duration.ZERO, CrashBackoff.restartDelay(2, BASE));
        assertEquals(Duration.ofSeconds(30), CrashBackoff.restartDelay(3, BASE));
        assertEquals(Duration.ofSeconds(60), CrashBackoff.restartDelay(4, BASE));
        assertEquals(Duration.ofMinutes(2), CrashBackoff.restartDelay(5, BASE));
        assertEquals(Duration.ofMinutes(4), CrashBackoff.restartDelay(6, BASE));
        assertEquals(Duration.ofMinutes(8), CrashBackoff.restartDelay(7, BASE));
        assertEquals(Duration.ofMinutes(16), CrashBackoff.restartDelay(8, BASE));
        assertEquals(Duration.ofMinutes(16), CrashBackoff.restartDelay(199, BASE));
        assertNull(CrashBackoff.restartDelay(200, BASE));
    }

    @Test
    void fiveMinutesRunningStartTheCountOver() {
        assertEquals(5, CrashBackoff.countAfterCrash(4, Duration.ofMinutes(4)));
        assertEquals(5, CrashBackoff.countAfterCrash(4, null));
        assertEquals(1, CrashBackoff.countAfterCrash(4, Duration.ofMinutes(5)));
    }
}

package io.cfdeploy.runtime.local;

import java.time.Duration;

/**
 * Diego's restart rule for a crashed instance (bbs {@code restart_calculator.go}): the first two crashes in a row
 * restart at once, then the wait doubles from the base (30 s) up to 16 minutes; from the 200th crash on the
 * instance stays CRASHED. The count starts over when the instance had run for 5 minutes.
 */
public final class CrashBackoff {
    static final int IMMEDIATE_RESTARTS = 3;
    static final int MAX_RESTARTS = 200;
    static final Duration MAX_BACKOFF = Duration.ofMinutes(16);
    static final Duration CRASH_RESET = Duration.ofMinutes(5);

    private CrashBackoff() {
    }

    /** The crash count after a crash: one more, or 1 when the instance had been running for long enough. */
    public static int countAfterCrash(int previousCount, Duration ranFor) {
        return ranFor != null && ranFor.compareTo(CRASH_RESET) >= 0 ? 1 : previousCount + 1;
    }

    /** How long to wait before restarting after crash number {@code crashCount}; null: never again. */
    public static Duration restartDelay(int crashCount, Duration base) {
        if (crashCount >= MAX_RESTARTS) {
            return null;
        }
        if (crashCount < IMMEDIATE_RESTARTS) {
            return Duration.ZERO;
        }
        int doublings = Math.min(crashCount - IMMEDIATE_RESTARTS, 20);
        Duration delay = base.multipliedBy(1L << doublings);
        return delay.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : delay;
    }
}

package io.cfdeploy.rollout;

import java.time.Instant;

/**
 * What the scheduler should do with a deployment after a pass: forget it (no longer active, or waiting for a
 * user's continue/cancel), look again at {@code nextCheck} (the runtime's next instance change, or a retry after a
 * failure or a busy row), or wait for the next event ({@code nextCheck} null while still active, e.g. instances
 * that will never change by themselves).
 */
public record Progress(boolean active, Instant nextCheck) {

    /** Not active any more, or parked until a user acts (PAUSED): only an event brings it back. */
    public static Progress idle() {
        return new Progress(false, null);
    }

    /** Active; look again at {@code when} (null: only when an event arrives). */
    public static Progress at(Instant when) {
        return new Progress(true, when);
    }

    /** Another worker (maybe another replica) holds the row: look again shortly. */
    public static Progress busy(Instant retryAt) {
        return new Progress(true, retryAt);
    }
}

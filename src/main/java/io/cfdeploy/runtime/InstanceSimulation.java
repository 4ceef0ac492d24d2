package io.cfdeploy.runtime;

import java.time.Duration;
import java.time.Instant;

/** The pure rule of the simulated runtime: an instance's status from when it started, its simulation and now. */
public final class InstanceSimulation {
    private InstanceSimulation() {
    }

    public static InstanceStatus status(int index, String instanceGuid, String dropletGuid, Instant startedAt,
            Simulation simulation, Instant now) {
        Instant ready = startedAt.plus(simulation.startupTime());
        if (now.isBefore(ready)) {
            return new InstanceStatus(index, instanceGuid, dropletGuid, InstanceState.STARTING, false, startedAt, 0,
                    ready);
        }
        return switch (simulation.behaviour()) {
            case CRASH -> new InstanceStatus(index, instanceGuid, dropletGuid, InstanceState.CRASHED, false, ready, 0,
                    null);
            case UNREADY -> new InstanceStatus(index, instanceGuid, dropletGuid, InstanceState.RUNNING, false, ready,
                    Duration.between(startedAt, now).toSeconds(), null);
            case HEALTHY -> new InstanceStatus(index, instanceGuid, dropletGuid, InstanceState.RUNNING, true, ready,
                    Duration.between(startedAt, now).toSeconds(), null);
        };
    }

    /** When the instance's state will next change (its start-up ends), or null if it never will. */
    public static Instant nextChange(Instant startedAt, Simulation simulation, Instant now) {
        Instant ready = startedAt.plus(simulation.startupTime());
        return now.isBefore(ready) ? ready : null;
    }
}

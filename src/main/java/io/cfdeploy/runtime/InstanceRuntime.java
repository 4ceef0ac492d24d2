package io.cfdeploy.runtime;

import io.cfdeploy.model.ProcessEntity;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The port to whatever runs instances. The rest of the system says how many instances of a process it wants
 * (running which droplet) and asks how each instance is. Calls that change desired instances only write the
 * desired state, inside the caller's transaction; a runtime that runs real instances acts on the world after the
 * commit ({@link DesiredInstancesChanged}) and reports what it sees with {@link InstancesChanged}.
 */
public interface InstanceRuntime {

    /**
     * Run {@code process.instances} instances of the process with the droplet: adds the missing instances (new
     * ones start now) and removes those above the count, highest index first. Running instances are kept.
     */
    void scale(ProcessEntity process, String dropletGuid);

    /**
     * {@link #scale} for a process created in this transaction, which has no instance yet: a runtime may skip
     * looking for existing ones.
     */
    default void startNew(ProcessEntity process, String dropletGuid) {
        scale(process, dropletGuid);
    }

    /** Replace every instance with a fresh one running the droplet (a restart). */
    void restart(ProcessEntity process, String dropletGuid);

    /** Remove every instance (the app or process was stopped or deleted). */
    void stop(ProcessEntity process);

    /**
     * The process is deleted in this transaction: its instances go with it. A runtime whose instances are rows that
     * the process's deletion removes (foreign key, {@code ON DELETE CASCADE}) need not delete them first.
     */
    default void processDeleted(ProcessEntity process) {
        stop(process);
    }

    /** The instances of the process, sorted by index. */
    List<InstanceStatus> instances(ProcessEntity process);

    /** The instances of several processes in one round trip, by process id. */
    Map<Long, List<InstanceStatus>> instances(Collection<ProcessEntity> processes);

    /** What the process's instances use now, by index; empty where the runtime has no metrics. */
    default Map<Integer, InstanceUsage> usage(ProcessEntity process) {
        return Map.of();
    }

    /**
     * What the app's instances wrote between {@code startNanos} and {@code endNanos} (inclusive, ns since the epoch),
     * at most {@code limit} lines, oldest first or newest first; empty where this replica keeps no output.
     */
    default List<LogLine> logs(String appGuid, long startNanos, long endNanos, int limit, boolean descending) {
        return List.of();
    }
}

package io.cfdeploy.runtime;

import io.cfdeploy.model.ProcessEntity;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The port to whatever runs instances. The rest of the system says how many instances of a process it wants
 * (running which droplet) and asks how each instance is. Calls that change desired instances run inside the
 * caller's transaction.
 */
public interface InstanceRuntime {

    /**
     * Run {@code process.instances} instances of the process with the droplet: adds the missing instances (new
     * ones start now) and removes those above the count, highest index first. Running instances are kept.
     */
    void scale(ProcessEntity process, String dropletGuid);

    /** Replace every instance with a fresh one running the droplet (a restart). */
    void restart(ProcessEntity process, String dropletGuid);

    /** Remove every instance (the app or process was stopped or deleted). */
    void stop(ProcessEntity process);

    /** The instances of the process, sorted by index. */
    List<InstanceStatus> instances(ProcessEntity process);

    /** The instances of several processes in one round trip, by process id. */
    Map<Long, List<InstanceStatus>> instances(Collection<ProcessEntity> processes);
}

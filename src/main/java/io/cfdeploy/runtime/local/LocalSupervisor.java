package io.cfdeploy.runtime.local;

import io.cfdeploy.runtime.InstanceUsage;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/** Runs the desired instances of this machine as OS processes (in progress). */
@ApplicationScoped
public class LocalSupervisor {

    /** What the process's instances on this machine use now, by index. */
    public Map<Integer, InstanceUsage> usage(long processId) {
        return Map.of();
    }
}

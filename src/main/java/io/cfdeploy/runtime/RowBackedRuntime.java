package io.cfdeploy.runtime;

import io.cfdeploy.model.ProcessEntity;
import java.util.List;

/**
 * What every runtime of this project shares: the desired instances are {@code process_instances} rows written by
 * {@link DesiredInstances} in the caller's transaction; a runtime says only how it reads the instances' state.
 */
public abstract class RowBackedRuntime implements InstanceRuntime {
    private final DesiredInstances desired;

    protected RowBackedRuntime(DesiredInstances desired) {
        this.desired = desired;
    }

    /** For the container's client proxies only. */
    protected RowBackedRuntime() {
        this(null);
    }

    @Override
    public void scale(ProcessEntity process, String dropletGuid) {
        desired.scale(process, dropletGuid);
    }

    @Override
    public void startNew(ProcessEntity process, String dropletGuid) {
        desired.startNew(process, dropletGuid);
    }

    @Override
    public void processDeleted(ProcessEntity process) {
        desired.processDeleted(process);
    }

    @Override
    public void restart(ProcessEntity process, String dropletGuid) {
        desired.restart(process, dropletGuid);
    }

    @Override
    public void stop(ProcessEntity process) {
        desired.stop(process);
    }

    @Override
    public List<InstanceStatus> instances(ProcessEntity process) {
        return instances(List.of(process)).getOrDefault(process.id, List.of());
    }
}

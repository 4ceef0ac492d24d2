package io.cfdeploy.runtime;

import io.cfdeploy.model.ProcessEntity;
import io.cfdeploy.model.ProcessInstanceEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The desired instances of every runtime: one {@code process_instances} row per (process, index) with the droplet it
 * runs and a guid that changes when the instance is replaced. Written in the caller's transaction; each change
 * fires {@link DesiredInstancesChanged} so that a runtime running real instances converges after the commit.
 */
@ApplicationScoped
public class DesiredInstances {
    private final EntityManager em;
    private final Event<DesiredInstancesChanged> changed;
    private final Clock clock = Clock.systemUTC();

    DesiredInstances(EntityManager em, Event<DesiredInstancesChanged> changed) {
        this.em = em;
        this.changed = changed;
    }

    /** Adds the missing instances (new ones start now) and removes those at or above the count. */
    public void scale(ProcessEntity process, String dropletGuid) {
        Instant now = now();
        Set<Integer> present = new HashSet<>();
        boolean any = false;
        for (ProcessInstanceEntity instance : rows(process.id)) {
            if (instance.key.index >= process.instances) {
                instance.delete();
                any = true;
            } else {
                present.add(instance.key.index);
            }
        }
        for (int index = 0; index < process.instances; index++) {
            if (!present.contains(index)) {
                insert(process, index, dropletGuid, now);
                any = true;
            }
        }
        if (any) {
            changedDesired(process);
        }
    }

    /** {@link #scale} for a process created in this transaction: it has no instance yet, so none is looked for. */
    public void startNew(ProcessEntity process, String dropletGuid) {
        Instant now = now();
        for (int index = 0; index < process.instances; index++) {
            insert(process, index, dropletGuid, now);
        }
        if (process.instances > 0) {
            changed.fire(new DesiredInstancesChanged(process.id));
        }
    }

    /**
     * The process's row is deleted in this transaction: its instance rows go with it ({@code ON DELETE CASCADE}),
     * so nothing is deleted here; a runtime running them is told, as for {@link #stop}.
     */
    public void processDeleted(ProcessEntity process) {
        changed.fire(new DesiredInstancesChanged(process.id));
    }

    /** Replaces every instance with a new one (new guid) running the droplet. */
    public void restart(ProcessEntity process, String dropletGuid) {
        ProcessInstanceEntity.delete("key.processId", process.id);
        em.flush();
        Instant now = now();
        for (int index = 0; index < process.instances; index++) {
            insert(process, index, dropletGuid, now);
        }
        changedDesired(process);
    }

    /** Removes every instance. */
    public void stop(ProcessEntity process) {
        if (ProcessInstanceEntity.delete("key.processId", process.id) > 0) {
            changedDesired(process);
        }
    }

    /**
     * Bumps the process's desired generation (the kubernetes runtime's guard against out-of-order writes; written
     * at flush with the process's row, which a scale or restart changes anyway) and tells the runtime, after the commit.
     */
    private void changedDesired(ProcessEntity process) {
        process.desiredGeneration++;
        changed.fire(new DesiredInstancesChanged(process.id));
    }

    private void insert(ProcessEntity process, int index, String dropletGuid, Instant now) {
        ProcessInstanceEntity instance = new ProcessInstanceEntity();
        instance.key = new ProcessInstanceEntity.Key(process.id, index);
        instance.instanceGuid = UUID.randomUUID().toString();
        instance.dropletGuid = dropletGuid;
        instance.startedAt = now;
        instance.persist();
    }

    private static List<ProcessInstanceEntity> rows(Long processId) {
        return ProcessInstanceEntity.list("key.processId", processId);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** A timestamp column as read by a native query. */
    public static Instant toInstant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof java.time.OffsetDateTime offset) {
            return offset.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp type " + value.getClass());
    }
}

package io.cfdeploy.runtime;

import io.cfdeploy.config.CfdeployConfig;
import io.cfdeploy.model.ProcessEntity;
import io.cfdeploy.model.ProcessInstanceEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The built-in runtime: instances are rows (process, index, droplet, started_at); their state follows from those
 * facts, the droplet's {@code cfdeploy.io/simulate} annotation and the clock ({@link InstanceSimulation}). Nothing
 * runs in the background, so the state is the same on every replica and after a restart.
 */
@ApplicationScoped
public class SimulatedRuntime implements InstanceRuntime {
    private final EntityManager em;
    private final Duration startupTime;
    private final Clock clock;

    SimulatedRuntime(EntityManager em, CfdeployConfig config) {
        this.em = em;
        this.startupTime = config.runtime().startupTime();
        this.clock = Clock.systemUTC();
    }

    @Override
    public void scale(ProcessEntity process, String dropletGuid) {
        List<ProcessInstanceEntity> current = rows(process.id);
        Instant now = now();
        Set<Integer> present = new HashSet<>();
        for (ProcessInstanceEntity instance : current) {
            if (instance.key.index >= process.instances) {
                instance.delete();
            } else {
                present.add(instance.key.index);
            }
        }
        for (int index = 0; index < process.instances; index++) {
            if (!present.contains(index)) {
                insert(process, index, dropletGuid, now);
            }
        }
    }

    @Override
    public void restart(ProcessEntity process, String dropletGuid) {
        stop(process);
        em.flush();
        Instant now = now();
        for (int index = 0; index < process.instances; index++) {
            insert(process, index, dropletGuid, now);
        }
    }

    @Override
    public void stop(ProcessEntity process) {
        ProcessInstanceEntity.delete("key.processId", process.id);
    }

    @Override
    public List<InstanceStatus> instances(ProcessEntity process) {
        return instances(List.of(process)).getOrDefault(process.id, List.of());
    }

    @Override
    public Map<Long, List<InstanceStatus>> instances(Collection<ProcessEntity> processes) {
        Map<Long, List<InstanceStatus>> result = new HashMap<>();
        if (processes.isEmpty()) {
            return result;
        }
        List<Long> ids = processes.stream().map(process -> process.id).toList();
        // One query: the instances with their droplet's simulate annotation.
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT i.process_id, i.index, i.instance_guid, i.droplet_guid, i.started_at,
                       d.annotations ->> 'cfdeploy.io/simulate'
                  FROM process_instances i LEFT JOIN droplets d ON d.guid = i.droplet_guid
                 WHERE i.process_id IN (:ids)
                 ORDER BY i.process_id, i.index
                """).setParameter("ids", ids).getResultList();
        Instant now = now();
        for (Object[] row : rows) {
            long processId = ((Number) row[0]).longValue();
            Instant startedAt = toInstant(row[4]);
            InstanceStatus status = InstanceSimulation.status(((Number) row[1]).intValue(), (String) row[2],
                    (String) row[3], startedAt, Simulation.parse((String) row[5], startupTime), now);
            result.computeIfAbsent(processId, id -> new ArrayList<>()).add(status);
        }
        return result;
    }

    private void insert(ProcessEntity process, int index, String dropletGuid, Instant now) {
        ProcessInstanceEntity instance = new ProcessInstanceEntity();
        instance.key = new ProcessInstanceEntity.Key(process.id, index);
        instance.instanceGuid = UUID.randomUUID().toString();
        instance.dropletGuid = dropletGuid;
        instance.startedAt = now;
        instance.persist();
    }

    private List<ProcessInstanceEntity> rows(Long processId) {
        return ProcessInstanceEntity.list("key.processId", processId);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static Instant toInstant(Object value) {
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

package io.cfdeploy.runtime;

import io.cfdeploy.config.CfdeployConfig;
import io.cfdeploy.model.ProcessEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in runtime: instances are rows (process, index, droplet, started_at); their state follows from those
 * facts, the droplet's {@code cfdeploy.io/simulate} annotation and the clock ({@link InstanceSimulation}). Nothing
 * runs in the background, so the state is the same on every replica and after a restart.
 */
@ApplicationScoped
@Typed(SimulatedRuntime.class)
public class SimulatedRuntime extends RowBackedRuntime {
    private final EntityManager em;
    private final Duration startupTime;
    private final Clock clock;

    SimulatedRuntime(EntityManager em, DesiredInstances desired, CfdeployConfig config) {
        super(desired);
        this.em = em;
        this.startupTime = config.runtime().startupTime();
        this.clock = Clock.systemUTC();
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
        Instant now = clock.instant();
        for (Object[] row : rows) {
            long processId = ((Number) row[0]).longValue();
            Instant startedAt = DesiredInstances.toInstant(row[4]);
            InstanceStatus status = InstanceSimulation.status(((Number) row[1]).intValue(), (String) row[2],
                    (String) row[3], startedAt, Simulation.parse((String) row[5], startupTime), now);
            result.computeIfAbsent(processId, id -> new ArrayList<>()).add(status);
        }
        return result;
    }
}

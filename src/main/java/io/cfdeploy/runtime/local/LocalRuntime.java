package io.cfdeploy.runtime.local;

import io.cfdeploy.model.ProcessEntity;
import io.cfdeploy.runtime.DesiredInstances;
import io.cfdeploy.runtime.RowBackedRuntime;
import io.cfdeploy.runtime.InstanceState;
import io.cfdeploy.runtime.InstanceStatus;
import io.cfdeploy.runtime.InstanceUsage;
import io.cfdeploy.runtime.LogLine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Instances as OS processes on the supervising replica ({@link LocalSupervisor}). The port's writes are the desired
 * state only; the supervisor converges after the commit and records what it observes in the same rows, so every
 * replica answers from the database.
 */
@ApplicationScoped
@Typed(LocalRuntime.class)
public class LocalRuntime extends RowBackedRuntime {
    private final EntityManager em;
    private final LocalSupervisor supervisor;

    LocalRuntime(EntityManager em, DesiredInstances desired, LocalSupervisor supervisor) {
        super(desired);
        this.em = em;
        this.supervisor = supervisor;
    }

    @Override
    public Map<Long, List<InstanceStatus>> instances(Collection<ProcessEntity> processes) {
        Map<Long, List<InstanceStatus>> result = new HashMap<>();
        if (processes.isEmpty()) {
            return result;
        }
        List<Long> ids = processes.stream().map(process -> process.id).toList();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT process_id, index, instance_guid, droplet_guid, started_at, state, routable, since, details,
                       host, port
                  FROM process_instances
                 WHERE process_id IN (:ids)
                 ORDER BY process_id, index
                """).setParameter("ids", ids).getResultList();
        Instant now = Instant.now();
        for (Object[] row : rows) {
            result.computeIfAbsent(((Number) row[0]).longValue(), id -> new ArrayList<>()).add(status(row, now));
        }
        return result;
    }

    /** A row as observed; one the supervisor has not reached yet is STARTING since it was desired. */
    static InstanceStatus status(Object[] row, Instant now) {
        InstanceState state = row[5] == null ? InstanceState.STARTING : InstanceState.valueOf((String) row[5]);
        Instant since = DesiredInstances.toInstant(row[7] != null ? row[7] : row[4]);
        long uptime = state == InstanceState.RUNNING ? Math.max(0, Duration.between(since, now).toSeconds()) : 0;
        return new InstanceStatus(((Number) row[1]).intValue(), (String) row[2], (String) row[3], state,
                Boolean.TRUE.equals(row[6]), since, uptime, null, (String) row[8], row[9] == null ? "" : (String) row[9],
                row[10] == null ? null : ((Number) row[10]).intValue());
    }

    @Override
    public Map<Integer, InstanceUsage> usage(ProcessEntity process) {
        return supervisor.usage(process.id);
    }

    @Override
    public List<LogLine> logs(String appGuid, long startNanos, long endNanos, int limit, boolean descending) {
        return supervisor.logs(appGuid, startNanos, endNanos, limit, descending);
    }
}

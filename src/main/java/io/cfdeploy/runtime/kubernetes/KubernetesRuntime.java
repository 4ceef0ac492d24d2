package io.cfdeploy.runtime.kubernetes;

import io.cfdeploy.model.ProcessEntity;
import io.cfdeploy.runtime.DesiredInstances;
import io.cfdeploy.runtime.InstanceState;
import io.cfdeploy.runtime.InstanceStatus;
import io.cfdeploy.runtime.InstanceUsage;
import io.cfdeploy.runtime.RowBackedRuntime;
import io.cfdeploy.runtime.kubernetes.PodStates.Observed;
import io.fabric8.kubernetes.api.model.Pod;
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
 * Instances as pods of a StatefulSet per process ({@link KubernetesController}). The port's writes are the desired
 * rows; the states come from the informers' cache of pods, matched to the desired rows by index (pod
 * {@code cf-<process guid>-<index>}). Every replica watches, so every replica answers without a database write.
 */
@ApplicationScoped
@Typed(KubernetesRuntime.class)
public class KubernetesRuntime extends RowBackedRuntime {
    private final EntityManager em;
    private final KubernetesController controller;

    KubernetesRuntime(EntityManager em, DesiredInstances desired, KubernetesController controller) {
        super(desired);
        this.em = em;
        this.controller = controller;
    }

    @Override
    public Map<Long, List<InstanceStatus>> instances(Collection<ProcessEntity> processes) {
        Map<Long, List<InstanceStatus>> result = new HashMap<>();
        if (processes.isEmpty()) {
            return result;
        }
        Map<Long, String> guids = new HashMap<>();
        processes.forEach(process -> guids.put(process.id, process.guid));
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT i.process_id, i.index, i.instance_guid, i.droplet_guid, i.started_at,
                       (SELECT z.instance_guid FROM process_instances z WHERE z.process_id = i.process_id
                           AND z.index = 0)
                  FROM process_instances i
                 WHERE i.process_id IN (:ids)
                 ORDER BY i.process_id, i.index
                """).setParameter("ids", guids.keySet()).getResultList();
        Map<String, Pod> pods = controller.pods(guids.values());
        Instant now = Instant.now();
        for (Object[] row : rows) {
            long processId = ((Number) row[0]).longValue();
            int index = ((Number) row[1]).intValue();
            Pod pod = pods.get(Workloads.podName(guids.get(processId), index));
            result.computeIfAbsent(processId, id -> new ArrayList<>()).add(status(index, (String) row[2],
                    (String) row[3], DesiredInstances.toInstant(row[4]), (String) row[5], pod, now));
        }
        return result;
    }

    /**
     * The instance at the index as its pod shows it (runtimes.md §3.2). A pod of replaced instances (a restart
     * whose old pod is still there) is the new instance STARTING; no pod at all is DOWN.
     */
    static InstanceStatus status(int index, String rowGuid, String dropletGuid, Instant desiredAt,
            String instancesGuid, Pod pod, Instant now) {
        if (pod != null && instancesGuid != null
                && !instancesGuid.equals(pod.getMetadata().getLabels().get(Workloads.INSTANCES_GUID))) {
            return new InstanceStatus(index, rowGuid, dropletGuid, InstanceState.STARTING, false, desiredAt, 0,
                    null, null, "", null);
        }
        Observed observed = PodStates.observe(pod);
        if (pod == null) {
            return new InstanceStatus(index, rowGuid, dropletGuid, InstanceState.DOWN, false, desiredAt, 0, null,
                    null, "", null);
        }
        Instant since = observed.since() != null ? observed.since() : desiredAt;
        long uptime = observed.state() == InstanceState.RUNNING && observed.started() != null
                ? Math.max(0, Duration.between(observed.started(), now).toSeconds()) : 0;
        String host = pod.getStatus() == null || pod.getStatus().getPodIP() == null ? ""
                : pod.getStatus().getPodIP();
        String uid = pod.getMetadata().getUid() != null ? pod.getMetadata().getUid() : rowGuid;
        String droplet = pod.getMetadata().getLabels().getOrDefault(Workloads.DROPLET_GUID, dropletGuid);
        Integer port = observed.state() == InstanceState.RUNNING ? Workloads.PORT : null;
        return new InstanceStatus(index, uid, droplet, observed.state(), observed.routable(), since, uptime, null,
                observed.details(), host, port);
    }

    @Override
    public Map<Integer, InstanceUsage> usage(ProcessEntity process) {
        return controller.usage(process.guid);
    }
}

package io.cfdeploy.runtime.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The StatefulSet controller and the kubelet the CRUD mock server lacks (runtimes.md §3.3): {@link #sync()} makes
 * the pods {@code <set>-<i>} of every managed StatefulSet from its template (pending, scheduled, not ready), deletes
 * those above the replicas and those whose set is gone; the test turns pods ready, unready or crashing.
 */
final class FakeKubelet {
    private static final AtomicInteger IPS = new AtomicInteger(2);

    private final KubernetesClient client;
    private final String namespace;

    FakeKubelet(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    /** One pass of the StatefulSet controller (Parallel, OnDelete) over the managed sets. */
    synchronized void sync() {
        List<StatefulSet> sets = client.apps().statefulSets().inNamespace(namespace)
                .withLabel(Workloads.MANAGED_BY, Workloads.MANAGER).list().getItems();
        Map<String, StatefulSet> byName = new HashMap<>();
        sets.forEach(set -> byName.put(set.getMetadata().getName(), set));
        Set<String> existing = new HashSet<>();
        for (Pod pod : pods()) {
            String name = pod.getMetadata().getName();
            String setName = name.substring(0, name.lastIndexOf('-'));
            StatefulSet set = byName.get(setName);
            if (set == null || Workloads.index(name) >= set.getSpec().getReplicas()) {
                client.pods().inNamespace(namespace).withName(name).delete();
            } else {
                existing.add(name);
            }
        }
        for (StatefulSet set : sets) {
            for (int index = 0; index < set.getSpec().getReplicas(); index++) {
                String name = set.getMetadata().getName() + "-" + index;
                if (!existing.contains(name)) {
                    create(set, name, index);
                }
            }
        }
    }

    private void create(StatefulSet set, String name, int index) {
        Map<String, String> labels = new HashMap<>(set.getSpec().getTemplate().getMetadata().getLabels());
        labels.put(Workloads.POD_INDEX, Integer.toString(index));
        Pod pod = new PodBuilder().withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels)
                .withAnnotations(set.getSpec().getTemplate().getMetadata().getAnnotations())
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("StatefulSet")
                        .withName(set.getMetadata().getName()).withUid(set.getMetadata().getUid())
                        .withController(true).build())
                .withCreationTimestamp(Instant.now().toString()).endMetadata()
                .withSpec(set.getSpec().getTemplate().getSpec())
                .withStatus(new PodStatusBuilder().withPhase("Pending").withHostIP("192.0.2.1")
                        .withPodIP("10.1.0." + (IPS.getAndIncrement() % 250 + 2))
                        .withConditions(condition("PodScheduled", "True"), condition("Ready", "False"))
                        .withContainerStatuses(new ContainerStatusBuilder().withName(Workloads.APP_CONTAINER)
                                .withStarted(false).withReady(false).withRestartCount(0).withNewState().withNewWaiting()
                                .withReason("ContainerCreating").endWaiting().endState().build())
                        .build())
                .build();
        client.pods().inNamespace(namespace).resource(pod).create();
    }

    List<Pod> pods() {
        return client.pods().inNamespace(namespace).withLabel(Workloads.MANAGED_BY, Workloads.MANAGER).list()
                .getItems();
    }

    Pod pod(String processGuid, int index) {
        return client.pods().inNamespace(namespace).withName(Workloads.podName(processGuid, index)).get();
    }

    /** The app container started and its checks pass: Ready. */
    void ready(String processGuid, int index) {
        status(processGuid, index, "Running", true, true, new ContainerStatusBuilder()
                .withName(Workloads.APP_CONTAINER).withStarted(true).withReady(true).withRestartCount(0)
                .withNewState().withNewRunning().withStartedAt(Instant.now().toString()).endRunning().endState()
                .build());
    }

    /** Every existing pod of the process Ready. */
    void readyAll(String processGuid) {
        for (Pod pod : pods()) {
            if (processGuid.equals(pod.getMetadata().getLabels().get(Workloads.PROCESS_GUID))
                    && !PodStates.observe(pod).routable()) {
                ready(processGuid, Workloads.index(pod.getMetadata().getName()));
            }
        }
    }

    /** Started, the readiness probe failing: RUNNING, not routable. */
    void unready(String processGuid, int index) {
        status(processGuid, index, "Running", true, false, new ContainerStatusBuilder()
                .withName(Workloads.APP_CONTAINER).withStarted(true).withReady(false).withRestartCount(0)
                .withNewState().withNewRunning().withStartedAt(Instant.now().toString()).endRunning().endState()
                .build());
    }

    /** The app container exits again and again: CrashLoopBackOff. */
    void crashLoop(String processGuid, int index) {
        status(processGuid, index, "Running", false, false, new ContainerStatusBuilder()
                .withName(Workloads.APP_CONTAINER).withStarted(false).withReady(false).withRestartCount(3)
                .withNewState().withNewWaiting().withReason("CrashLoopBackOff")
                .withMessage("back-off 40s restarting failed container").endWaiting().endState()
                .withNewLastState().withNewTerminated().withExitCode(3).withReason("Error")
                .withFinishedAt(Instant.now().toString()).endTerminated().endLastState().build());
    }

    private void status(String processGuid, int index, String phase, boolean started, boolean ready,
            ContainerStatus app) {
        Pod pod = pod(processGuid, index);
        if (pod == null) {
            throw new AssertionError("no pod " + Workloads.podName(processGuid, index));
        }
        PodStatus status = pod.getStatus();
        status.setPhase(phase);
        status.setConditions(List.of(condition("PodScheduled", "True"), condition("Initialized", "True"),
                condition("ContainersReady", ready ? "True" : "False"), condition("Ready", ready ? "True" : "False")));
        status.setContainerStatuses(List.of(app));
        client.pods().inNamespace(namespace).resource(pod).updateStatus();
    }

    private static PodCondition condition(String type, String value) {
        return new PodConditionBuilder().withType(type).withStatus(value)
                .withLastTransitionTime(Instant.now().toString()).build();
    }
}

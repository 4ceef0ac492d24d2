package io.cfdeploy.runtime.kubernetes;

import io.cfdeploy.blobstore.DropletUrls;
import io.cfdeploy.config.CfdeployConfig;
import io.cfdeploy.config.CfdeployConfig.InstanceRuntimeSettings;
import io.cfdeploy.runtime.DesiredInstancesChanged;
import io.cfdeploy.runtime.InstanceUsage;
import io.cfdeploy.runtime.InstancesChanged;
import io.cfdeploy.runtime.kubernetes.PodStates.Observed;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.enterprise.inject.Instance;
import jakarta.interceptor.Interceptor;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Runs the desired instances of the database as StatefulSets in a namespace (runtimes.md §3.2), like a Kubernetes
 * controller: after every committed change of a process's desired instances it writes the process's objects by
 * name (guarded by the desired generation, so replicas writing out of order cannot roll a process back); at start
 * it converges every process and removes the managed objects whose process is gone. Informers on the managed pods
 * and StatefulSets turn the cluster's changes into {@link InstancesChanged} events (no polling); after a lost watch
 * the informers list again, and what changed meanwhile arrives as events.
 *
 * <p>Nothing here runs, and no Kubernetes client is built, unless {@code cfdeploy.runtime.type=kubernetes}.
 */
@ApplicationScoped
public class KubernetesController {
    private static final Logger LOG = Logger.getLogger(KubernetesController.class);
    private static final Duration RETRY = Duration.ofSeconds(5);
    private static final Duration LAST_RETRY = Duration.ofMinutes(5);
    private static final int CONFLICT_RETRIES = 5;

    private final CfdeployConfig config;
    private final KubernetesRows rows;
    private final DropletUrls dropletUrls;
    private final ScheduledExecutorService executor;
    private final Event<InstancesChanged> changes;
    private final Instance<KubernetesClient> clients;

    private final Object writes = new Object();
    /** Process guids whose instance change is still to be told, coalesced. Guarded by itself. */
    private final Set<String> toNotify = new LinkedHashSet<>();
    /** Failed convergences in a row, by process id or guid (or "all"), while a retry is pending. */
    private final Map<Object, Failures> failures = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile long startedNanos;
    private volatile boolean active;
    private volatile KubernetesClient client;
    private volatile String namespace;
    private volatile Workloads.Settings settings;
    private volatile SharedIndexInformer<Pod> pods;
    private volatile SharedIndexInformer<StatefulSet> sets;
    private List<StatefulSet> keptSets = List.of();
    private List<Pod> keptPods = List.of();

    KubernetesController(CfdeployConfig config, KubernetesRows rows, DropletUrls dropletUrls,
            ScheduledExecutorService executor, Event<InstancesChanged> changes, Instance<KubernetesClient> clients) {
        this.config = config;
        this.rows = rows;
        this.dropletUrls = dropletUrls;
        this.executor = executor;
        this.changes = changes;
        this.clients = clients;
    }

    /** After the database start-up (migrations, APPLICATION + 500). */
    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION + 700) StartupEvent event) {
        if (config.runtime().type() == InstanceRuntimeSettings.Type.KUBERNETES) {
            start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /** Builds the client, starts the informers and converges every process (at start; tests: a restart). */
    synchronized void start() {
        if (active) {
            return;
        }
        InstanceRuntimeSettings runtime = config.runtime();
        InstanceRuntimeSettings.Kubernetes kubernetes = runtime.kubernetes();
        client = clients.get();
        namespace = kubernetes.namespace().filter(ns -> !ns.isBlank())
                .orElseGet(() -> Objects.requireNonNullElse(client.getNamespace(), "default"));
        settings = new Workloads.Settings(kubernetes.serviceAccount(), kubernetes.imagePullSecrets().orElse(List.of()),
                kubernetes.baseImage(), kubernetes.dropletBaseUrl(), kubernetes.runAsUser(),
                kubernetes.cpuRequestPerGib(), kubernetes.cpuLimit(), runtime.gracefulShutdown().toSeconds(),
                (int) runtime.defaultHealthCheckTimeout().toSeconds());
        active = true;
        startedNanos = System.nanoTime();
        startWatching();
        executor.execute(this::convergeAll);
        LOG.infof("kubernetes runtime: namespace %s", namespace);
    }

    /** Stops the informers; the cluster keeps running everything (tests: a server that died). */
    synchronized void stop() {
        if (!active) {
            return;
        }
        active = false;
        stopWatching();
    }

    /** Starts the informers on the managed pods and StatefulSets; their first list arrives as events. */
    synchronized void startWatching() {
        startWatching(List.of(), List.of());
    }

    /**
     * Starts the informers from a cache: their first list is compared with it, so what changed while nobody watched
     * arrives as updates and deletions (what fabric8's informers do after a lost watch).
     */
    private void startWatching(List<StatefulSet> knownSets, List<Pod> knownPods) {
        sets = client.apps().statefulSets().inNamespace(namespace).withLabel(Workloads.MANAGED_BY, Workloads.MANAGER)
                .runnableInformer(0);
        sets.initialState(knownSets.stream());
        sets.exceptionHandler(this::retryWatch);
        sets.addEventHandler(new SetEvents());
        pods = client.pods().inNamespace(namespace).withLabel(Workloads.MANAGED_BY, Workloads.MANAGER)
                .runnableInformer(0);
        pods.initialState(knownPods.stream());
        pods.exceptionHandler(this::retryWatch);
        pods.addEventHandler(new PodEvents());
        sets.start();
        pods.start();
    }

    /**
     * An informer's list or watch failed (the cluster unreachable, a slow answer, even at the first list): it tries
     * again with its back-off, as long as this runtime runs, and tells what changed meanwhile once it lists again.
     */
    private boolean retryWatch(boolean started, Throwable failure) {
        if (active) {
            LOG.warnf("watching the cluster failed (%s); trying again", failure.getMessage());
        }
        return active;
    }

    /** Stops the informers. */
    synchronized void stopWatching() {
        if (pods != null) {
            pods.stop();
        }
        if (sets != null) {
            sets.stop();
        }
    }

    /** Tests: the watches are lost, the cache kept; {@link #resumeWatching()} lists again against it. */
    synchronized void loseWatch() {
        keptSets = sets.getStore().list();
        keptPods = pods.getStore().list();
        stopWatching();
    }

    /** Tests: the informers list again and tell what changed since {@link #loseWatch()}. */
    synchronized void resumeWatching() {
        startWatching(keptSets, keptPods);
    }

    boolean active() {
        return active;
    }

    /** A transaction changed what should run: converge that process, after the commit. */
    void onDesired(@Observes(during = TransactionPhase.AFTER_SUCCESS) DesiredInstancesChanged change) {
        if (active) {
            executor.execute(() -> reconcile(change.processId()));
        }
    }

    /** Converges the process by id; a process that is gone takes its objects (and any other orphan) with it. */
    void reconcile(long processId) {
        if (!active) {
            return;
        }
        try {
            synchronized (writes) {
                ProcessSpec spec = rows.spec(processId);
                if (spec == null) {
                    sweep();
                } else if (spec.instances() == 0) {
                    remove(spec.processGuid());
                } else {
                    apply(spec);
                }
            }
            failures.remove(processId);
        } catch (SQLException | RuntimeException failure) {
            retry(processId, () -> reconcile(processId), failure);
        }
    }

    /** Converges the process by guid (a StatefulSet changed or disappeared in the cluster, a pod went). */
    void reconcile(String processGuid) {
        if (!active) {
            return;
        }
        try {
            synchronized (writes) {
                ProcessSpec spec = rows.spec(processGuid);
                if (spec == null || spec.instances() == 0) {
                    if (exists(processGuid)) {
                        remove(processGuid);
                    }
                } else {
                    apply(spec);
                }
            }
            failures.remove(processGuid);
        } catch (SQLException | RuntimeException failure) {
            retry(processGuid, () -> reconcile(processGuid), failure);
        }
    }

    /**
     * Tries again after 5 s, doubling per failure in a row up to 5 min; one pending retry per process (a burst of
     * events while the cluster or the database is away schedules one).
     */
    private void retry(Object key, Runnable task, Exception failure) {
        Failures run = failures.computeIfAbsent(key, k -> new Failures());
        Duration delay;
        synchronized (run) {
            run.inARow++;
            if (run.pending) {
                return; // the pending retry converges to the latest desired state anyway
            }
            run.pending = true;
            delay = RETRY.multipliedBy(1L << Math.min(run.inARow - 1, 6));
        }
        Duration wait = delay.compareTo(LAST_RETRY) > 0 ? LAST_RETRY : delay;
        LOG.warnf("could not converge %s (%s); trying again in %s s", key, failure.getMessage(), wait.toSeconds());
        executor.schedule(() -> {
            synchronized (run) {
                run.pending = false;
            }
            task.run();
        }, wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Failed convergences of one key in a row, and whether a retry is scheduled. Guarded by itself. */
    private static final class Failures {
        int inARow;
        boolean pending;
    }

    /** At start: every process with instances is written, every managed object without a process removed. */
    void convergeAll() {
        if (!active) {
            return;
        }
        try {
            awaitSync();
            synchronized (writes) {
                for (ProcessSpec spec : rows.running()) {
                    try {
                        apply(spec);
                    } catch (RuntimeException failure) {
                        retry(spec.processGuid(), () -> reconcile(spec.processGuid()), failure);
                    }
                }
                sweep();
            }
            failures.remove("all");
        } catch (SQLException | RuntimeException failure) {
            retry("all", this::convergeAll, failure);
        }
    }

    private void awaitSync() {
        long deadline = System.nanoTime() + config.runtime().kubernetes().syncTimeout().toNanos();
        while (active && !(synced(sets) && synced(pods)) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static boolean synced(SharedIndexInformer<?> informer) {
        return informer != null && informer.isRunning() && informer.hasSynced();
    }

    // ---- writes ----

    private void apply(ProcessSpec spec) {
        String name = Workloads.setName(spec.processGuid());
        String dropletPath = null;
        if (spec.dropletImage() == null) {
            if (spec.dropletSha256() == null || spec.dropletGuid() == null) {
                throw new IllegalStateException("the droplet of process " + spec.processGuid() + " has no bits");
            }
            dropletPath = dropletUrls.path(spec.dropletGuid(), spec.dropletSha256());
        }
        StatefulSet desired = Workloads.statefulSet(spec, namespace, settings, dropletPath);
        StatefulSet applied = null;
        boolean wrote = false;
        for (int attempt = 0; applied == null; attempt++) {
            StatefulSet current = client.apps().statefulSets().inNamespace(namespace).withName(name).get();
            try {
                if (current == null) {
                    applied = client.resource(desired).create();
                    wrote = true;
                } else {
                    long generation = Workloads.generation(current);
                    if (generation > spec.generation()) {
                        return; // a replica that read a newer desired state wrote it: nothing to undo
                    }
                    if (generation == spec.generation() && sameSpec(current, desired)) {
                        applied = current;
                    } else {
                        desired.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
                        applied = client.resource(desired).update();
                        wrote = true;
                    }
                }
            } catch (KubernetesClientException conflict) {
                if (conflict.getCode() != 409 || attempt >= CONFLICT_RETRIES) {
                    throw conflict;
                }
            }
        }
        Secret secret = Workloads.secret(spec, namespace, Workloads.owner(applied));
        if (wrote || client.secrets().inNamespace(namespace).withName(secret.getMetadata().getName()).get() == null) {
            client.resource(secret).createOr(existing -> existing.update());
        }
        deleteReplacedPods(spec);
        deleteStaleSecrets(spec);
        if (config.runtime().kubernetes().services() && spec.liveness().probes()) {
            applyService(spec, applied);
        }
    }

    private static boolean sameSpec(StatefulSet current, StatefulSet desired) {
        String currentHash = current.getMetadata().getAnnotations() == null ? null
                : current.getMetadata().getAnnotations().get(Workloads.TEMPLATE_HASH);
        return Objects.equals(currentHash, desired.getMetadata().getAnnotations().get(Workloads.TEMPLATE_HASH))
                && current.getSpec() != null
                && Objects.equals(current.getSpec().getReplicas(), desired.getSpec().getReplicas());
    }

    /** OnDelete: the pods of replaced instances (a restart) go; the StatefulSet makes them anew from the template. */
    private void deleteReplacedPods(ProcessSpec spec) {
        for (Pod pod : podsOf(spec.processGuid())) {
            String instances = pod.getMetadata().getLabels().get(Workloads.INSTANCES_GUID);
            if (!spec.instancesGuid().equals(instances) && pod.getMetadata().getDeletionTimestamp() == null) {
                client.pods().inNamespace(namespace).withName(pod.getMetadata().getName()).delete();
            }
        }
    }

    /** Secrets of other versions of the process that no pod runs with any more. */
    private void deleteStaleSecrets(ProcessSpec spec) {
        Set<String> inUse = new HashSet<>();
        inUse.add(spec.processVersion());
        podsOf(spec.processGuid()).forEach(pod -> inUse.add(pod.getMetadata().getLabels()
                .get(Workloads.PROCESS_VERSION)));
        for (Secret secret : client.secrets().inNamespace(namespace)
                .withLabel(Workloads.PROCESS_GUID, spec.processGuid()).list().getItems()) {
            if (!inUse.contains(secret.getMetadata().getLabels().get(Workloads.PROCESS_VERSION))) {
                client.resource(secret).delete();
            }
        }
    }

    /** The Service of the app and type, owned by every StatefulSet of that type that exists. */
    private void applyService(ProcessSpec spec, StatefulSet set) {
        String name = Workloads.serviceName(spec.appGuid(), spec.processType());
        Service current = client.services().inNamespace(namespace).withName(name).get();
        Set<String> liveSets = setsInCache().stream().map(s -> s.getMetadata().getUid()).filter(Objects::nonNull)
                .collect(Collectors.toSet());
        liveSets.add(set.getMetadata().getUid());
        if (current == null) {
            client.resource(Workloads.service(spec.appGuid(), spec.processType(), namespace,
                    List.of(Workloads.owner(set)))).create();
            return;
        }
        List<OwnerReference> owners = new ArrayList<>(current.getMetadata().getOwnerReferences() == null ? List.of()
                : current.getMetadata().getOwnerReferences());
        boolean changed = owners.removeIf(owner -> !liveSets.contains(owner.getUid()));
        if (owners.stream().noneMatch(owner -> Objects.equals(owner.getUid(), set.getMetadata().getUid()))) {
            owners.add(Workloads.owner(set));
            changed = true;
        }
        if (changed) {
            client.services().inNamespace(namespace).withName(name).edit(service -> {
                service.getMetadata().setOwnerReferences(owners);
                return service;
            });
        }
    }

    /** Stop: the StatefulSet, its pods (the test server has no garbage collector) and its Secrets. */
    private void remove(String processGuid) {
        client.apps().statefulSets().inNamespace(namespace).withName(Workloads.setName(processGuid)).delete();
        client.pods().inNamespace(namespace).withLabel(Workloads.PROCESS_GUID, processGuid).delete();
        client.secrets().inNamespace(namespace).withLabel(Workloads.PROCESS_GUID, processGuid).delete();
    }

    private boolean exists(String processGuid) {
        return setsInCache().stream().anyMatch(set -> processGuid.equals(label(set, Workloads.PROCESS_GUID)))
                || !podsOf(processGuid).isEmpty();
    }

    /** Removes the managed StatefulSets whose process has no instances, and the Services whose type has no process. */
    private void sweep() throws SQLException {
        Set<String> guids = new HashSet<>();
        setsInCache().forEach(set -> guids.add(label(set, Workloads.PROCESS_GUID)));
        if (synced(pods)) {
            pods.getStore().list().forEach(pod -> guids.add(label(pod, Workloads.PROCESS_GUID)));
        }
        guids.remove(null);
        Set<String> wanted = rows.withInstances(guids);
        for (String guid : guids) {
            if (!wanted.contains(guid)) {
                remove(guid);
            }
        }
        List<Service> services = client.services().inNamespace(namespace)
                .withLabel(Workloads.MANAGED_BY, Workloads.MANAGER).list().getItems();
        Set<String> apps = services.stream().map(service -> label(service, Workloads.APP_GUID))
                .filter(Objects::nonNull).collect(Collectors.toSet());
        Set<String> types = rows.appProcessTypes(apps).stream().map(pair -> {
            int slash = pair.indexOf('/');
            return pair.substring(0, slash) + "/" + Workloads.sanitize(pair.substring(slash + 1));
        }).collect(Collectors.toSet());
        for (Service service : services) {
            if (!types.contains(label(service, Workloads.APP_GUID) + "/" + label(service, Workloads.PROCESS_TYPE))) {
                client.resource(service).delete();
            }
        }
    }

    // ---- reads ----

    private List<StatefulSet> setsInCache() {
        if (synced(sets)) {
            return sets.getStore().list();
        }
        return client.apps().statefulSets().inNamespace(namespace).withLabel(Workloads.MANAGED_BY, Workloads.MANAGER)
                .list().getItems();
    }

    private List<Pod> podsOf(String processGuid) {
        if (synced(pods)) {
            return pods.getStore().list().stream()
                    .filter(pod -> processGuid.equals(label(pod, Workloads.PROCESS_GUID))).toList();
        }
        return client.pods().inNamespace(namespace).withLabel(Workloads.PROCESS_GUID, processGuid).list()
                .getItems();
    }

    /**
     * The pods of the processes by name, from the informers' cache; before their first list (a cold start), after
     * waiting up to the sync timeout, from one LIST.
     */
    Map<String, Pod> pods(Collection<String> processGuids) {
        Map<String, Pod> byName = new HashMap<>();
        if (!active || processGuids.isEmpty()) {
            return byName;
        }
        if (!synced(pods) && System.nanoTime() - startedNanos < config.runtime().kubernetes().syncTimeout().toNanos()) {
            awaitSync(); // a cold start: the first list is on its way
        }
        Set<String> wanted = new HashSet<>(processGuids);
        List<Pod> found;
        try {
            found = synced(pods) ? pods.getStore().list()
                    : client.pods().inNamespace(namespace).withLabel(Workloads.MANAGED_BY, Workloads.MANAGER).list()
                            .getItems();
        } catch (KubernetesClientException unreachable) {
            LOG.warnf("could not list the instances' pods (%s): they show as DOWN", unreachable.getMessage());
            return byName;
        }
        for (Pod pod : found) {
            if (wanted.contains(label(pod, Workloads.PROCESS_GUID))) {
                byName.put(pod.getMetadata().getName(), pod);
            }
        }
        return byName;
    }

    /** CPU and memory of the process's pods by index from metrics.k8s.io; empty without a metrics API. */
    Map<Integer, InstanceUsage> usage(String processGuid) {
        if (!active) {
            return Map.of();
        }
        Map<Integer, InstanceUsage> usage = new HashMap<>();
        try {
            for (PodMetrics metrics : client.top().pods().inNamespace(namespace)
                    .withLabels(Workloads.selector(processGuid)).metrics().getItems()) {
                int index = Workloads.index(metrics.getMetadata().getName());
                double cpu = 0;
                long memory = 0;
                for (var container : metrics.getContainers()) {
                    Quantity cores = container.getUsage().get("cpu");
                    Quantity bytes = container.getUsage().get("memory");
                    cpu += cores == null ? 0 : cores.getNumericalAmount().doubleValue();
                    memory += bytes == null ? 0 : bytes.getNumericalAmount().longValue();
                }
                usage.put(index, new InstanceUsage(Instant.now(), cpu, memory, 0, 0));
            }
        } catch (KubernetesClientException noMetrics) {
            return Map.of();
        }
        return usage;
    }

    String namespace() {
        return namespace;
    }

    private static String label(HasMetadata object, String key) {
        return object.getMetadata().getLabels() == null ? null : object.getMetadata().getLabels().get(key);
    }

    // ---- events ----

    /** Tells the engine and the router that the process's instances changed (coalesced, off the informer thread). */
    private void changed(String processGuid) {
        if (processGuid == null || !active) {
            return;
        }
        boolean schedule;
        synchronized (toNotify) {
            schedule = toNotify.isEmpty();
            toNotify.add(processGuid);
        }
        if (schedule) {
            executor.execute(this::notifyChanged);
        }
    }

    private void notifyChanged() {
        List<String> guids;
        synchronized (toNotify) {
            guids = new ArrayList<>(toNotify);
            toNotify.clear();
        }
        for (String guid : guids) {
            try {
                KubernetesRows.Target target = rows.target(guid);
                if (target != null) {
                    changes.fire(new InstancesChanged(target.appGuid(), target.processId(),
                            target.movingDeployments()));
                }
            } catch (SQLException | RuntimeException failure) {
                LOG.warnf("could not tell of process %s's instances: %s", guid, failure.getMessage());
            }
        }
    }

    private final class PodEvents implements ResourceEventHandler<Pod> {
        @Override
        public void onAdd(Pod pod) {
            changed(label(pod, Workloads.PROCESS_GUID));
        }

        @Override
        public void onUpdate(Pod before, Pod after) {
            Observed was = PodStates.observe(before);
            Observed is = PodStates.observe(after);
            if (!was.sameAs(is)) {
                changed(label(after, Workloads.PROCESS_GUID));
            }
        }

        /** Tells of the instance, and converges its process: a Secret no pod runs with any more goes. */
        @Override
        public void onDelete(Pod pod, boolean finalStateUnknown) {
            String guid = label(pod, Workloads.PROCESS_GUID);
            changed(guid);
            if (guid != null && active) {
                executor.execute(() -> reconcile(guid));
            }
        }
    }

    /** A StatefulSet changed by somebody else (scaled by hand, deleted) is converged back to the database's. */
    private final class SetEvents implements ResourceEventHandler<StatefulSet> {
        @Override
        public void onAdd(StatefulSet set) {
            // ours, or seen at the first list: the convergence at start covers it
        }

        @Override
        public void onUpdate(StatefulSet before, StatefulSet after) {
            boolean replicas = before.getSpec() == null || after.getSpec() == null
                    || !Objects.equals(before.getSpec().getReplicas(), after.getSpec().getReplicas());
            Map<String, String> was = before.getMetadata().getAnnotations();
            Map<String, String> is = after.getMetadata().getAnnotations();
            if (replicas || !Objects.equals(was, is)) {
                String guid = label(after, Workloads.PROCESS_GUID);
                if (guid != null) {
                    executor.execute(() -> reconcile(guid));
                }
            }
        }

        @Override
        public void onDelete(StatefulSet set, boolean finalStateUnknown) {
            String guid = label(set, Workloads.PROCESS_GUID);
            if (guid != null) {
                executor.execute(() -> reconcile(guid));
                changed(guid);
            }
        }
    }
}

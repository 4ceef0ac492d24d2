package io.cfdeploy.runtime.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfdeploy.blobstore.Blobstore;
import io.cfdeploy.config.CfdeployConfig;
import io.cfdeploy.config.CfdeployConfig.InstanceRuntimeSettings;
import io.cfdeploy.runtime.DesiredInstancesChanged;
import io.cfdeploy.runtime.InstanceUsage;
import io.cfdeploy.runtime.InstancesChanged;
import io.cfdeploy.runtime.LogLine;
import io.cfdeploy.runtime.local.InstanceRows.Observation;
import io.cfdeploy.runtime.local.InstanceRows.Recorded;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Runs the desired instances of a database as OS processes on this machine (runtimes.md §2), like a Kubernetes
 * controller: after every committed change of a process's desired instances it compares what should run with what
 * runs and starts or stops the difference; at start it adopts the instances a previous server left running (or
 * kills them when they are no longer wanted) and starts what is missing, so neither a restart nor a crash leaves
 * the machine wrong. Exactly one replica supervises a database ({@link SupervisorLock}).
 *
 * <p>While instances run, each has its own checks on the managed scheduled executor; with no instance there is no
 * timer and no statement.
 */
@ApplicationScoped
public class LocalSupervisor implements LocalInstance.Supervision {
    private static final Logger LOG = Logger.getLogger(LocalSupervisor.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INSTANCE_FILE = "instance.json";
    private static final Duration DISK_CACHE = Duration.ofSeconds(10);
    private static final Duration RETRY = Duration.ofSeconds(2);

    private final CfdeployConfig config;
    private final InstanceRows rows;
    private final Blobstore blobstore;
    private final ScheduledExecutorService executor;
    private final Event<InstancesChanged> changes;
    private final SupervisorLock lock;

    /** The instances this machine runs, by instance guid. Guarded by {@code this}. */
    private final Map<String, LocalInstance> instances = new LinkedHashMap<>();
    /**
     * Instances holding a place of {@code max-instances}. Guarded by itself, never while calling into an instance:
     * instances call {@link #admit} and {@link #released} holding their own monitor, and the supervisor's monitor
     * is only ever taken before an instance's, never after.
     */
    private final Set<LocalInstance> admitted = new LinkedHashSet<>();
    /** Instances told to stop whose processes may still run (draining, or within their grace period). */
    private final Set<LocalInstance> retiring = ConcurrentHashMap.newKeySet();
    private final Map<Path, long[]> diskUsage = new ConcurrentHashMap<>();
    private volatile boolean active;
    private InstanceLauncher launcher;
    private HealthProbe probe;
    private DropletCache droplets;
    private PortPool ports;
    private Path instancesDir;
    private int startFailures;

    LocalSupervisor(CfdeployConfig config, InstanceRows rows, Blobstore blobstore, ScheduledExecutorService executor,
            Event<InstancesChanged> changes, SupervisorLock lock) {
        this.config = config;
        this.rows = rows;
        this.blobstore = blobstore;
        this.executor = executor;
        this.changes = changes;
        this.lock = lock;
    }

    /** After the database start-up (migrations, APPLICATION + 500). */
    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION + 700) StartupEvent event) throws IOException {
        InstanceRuntimeSettings runtime = config.runtime();
        if (runtime.type() != InstanceRuntimeSettings.Type.LOCAL || !runtime.local().supervise()) {
            return;
        }
        InstanceRuntimeSettings.Local local = runtime.local();
        Path workDir = Path.of(local.workDir()).toAbsolutePath().normalize();
        instancesDir = Files.createDirectories(workDir.resolve("instances"));
        droplets = new DropletCache(Files.createDirectories(workDir.resolve("droplets")));
        // instances running as another user must be able to reach their homes through these directories
        for (Path dir : List.of(workDir, instancesDir, workDir.resolve("droplets"))) {
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        }
        ports = PortPool.parse(local.portRange());
        launcher = new InstanceLauncher(local.advertiseHost(), local.path().orElseGet(LocalSupervisor::defaultPath),
                InstanceLauncher.runAs(local.runAsUser(), local.allowRoot()));
        probe = new HealthProbe();
        lock.acquire(); // a second supervisor of the same database refuses to start
        active = true;
        try {
            recover();
        } catch (SQLException unreachable) {
            LOG.warnf("the database is unreachable (%s): instances are recovered once it answers",
                    unreachable.getMessage());
            retryRecover();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (!active) {
            return;
        }
        active = false;
        List<LocalInstance> running;
        synchronized (this) {
            running = new ArrayList<>(instances.values());
            instances.clear();
        }
        synchronized (admitted) {
            admitted.clear();
        }
        List<LocalInstance> stopping = new ArrayList<>(retiring);
        if (config.runtime().local().keepRunningOnShutdown()) {
            running.forEach(LocalInstance::abandon);
            running = new ArrayList<>();
        }
        // instances told to stop are stopped now, whatever happens to the others: nobody would adopt them
        running.addAll(stopping);
        stopAll(running);
        lock.release();
    }

    /** A transaction changed what should run: converge that process, after the commit. */
    void onDesired(@Observes(during = TransactionPhase.AFTER_SUCCESS) DesiredInstancesChanged change) {
        if (active) {
            executor.execute(() -> reconcile(change.processId()));
        }
    }

    /** Starts what should run and is not running, stops what runs and should not. */
    void reconcile(Long processId) {
        List<DesiredInstance> desired;
        synchronized (this) {
            if (!active) {
                return;
            }
            try {
                desired = rows.desired(processId, config.runtime().defaultHealthCheckTimeout());
            } catch (SQLException unreachable) {
                LOG.warnf("could not read the desired instances (%s); trying again in %s", unreachable.getMessage(),
                        RETRY);
                schedule(() -> reconcile(processId), RETRY);
                return;
            }
            converge(processId, desired);
        }
    }

    private synchronized void converge(Long processId, List<DesiredInstance> desired) {
        Set<String> wanted = new LinkedHashSet<>();
        desired.forEach(instance -> wanted.add(instance.instanceGuid()));
        List<LocalInstance> unwanted = instances.values().stream()
                .filter(instance -> processId == null || instance.desired.processId() == processId)
                .filter(instance -> !wanted.contains(instance.guid())).toList();
        for (LocalInstance instance : unwanted) {
            instances.remove(instance.guid());
            retiring.add(instance);
            instance.stop();
        }
        for (DesiredInstance instance : desired) {
            if (!instances.containsKey(instance.instanceGuid())) {
                LocalInstance started = new LocalInstance(instance, this);
                instances.put(instance.instanceGuid(), started);
                started.start();
            }
        }
    }

    /**
     * At start: adopt each instance a previous server left running that is still desired as it was (same guid,
     * process, index and droplet, the same process by pid and start time), kill and remove every other one, then
     * start what is missing.
     */
    private void recover() throws SQLException {
        List<DesiredInstance> desired = rows.desired(null, config.runtime().defaultHealthCheckTimeout());
        Map<String, DesiredInstance> byGuid = new HashMap<>();
        desired.forEach(instance -> byGuid.put(instance.instanceGuid(), instance));
        int adopted = 0;
        synchronized (this) {
            for (Path home : homes()) {
                Optional<ObjectNode> record = readRecord(home);
                DesiredInstance wanted = record.map(json -> byGuid.get(json.path("instance_guid").asText()))
                        .orElse(null);
                long pid = record.map(json -> json.path("pid").asLong(-1)).orElse(-1L);
                boolean sameProcess = pid > 0 && record.get().path("start_ticks").asLong(-1) == ProcessGroups
                        .startTicks(pid).orElse(-2L);
                if (wanted != null && sameProcess && !instances.containsKey(wanted.instanceGuid())
                        && wanted.processId() == record.get().path("process_id").asLong()
                        && wanted.index() == record.get().path("index").asInt()
                        && String.valueOf(wanted.dropletGuid()).equals(record.get().path("droplet_guid").asText())) {
                    LocalInstance instance = new LocalInstance(wanted, this);
                    instances.put(wanted.instanceGuid(), instance);
                    synchronized (admitted) {
                        admitted.add(instance);
                    }
                    instance.adopt(pid, record.get().path("port").asInt(), home);
                    adopted++;
                } else {
                    if (sameProcess) {
                        ProcessGroups.signal(pid, "KILL");
                    }
                    DropletCache.deleteTree(home);
                }
            }
            if (adopted > 0) {
                LOG.infof("adopted %d running instance(s)", adopted);
            }
            // processes whose home is gone (or never had a record) but that still run in this work directory
            Set<Long> kept = new java.util.HashSet<>();
            instances.values().forEach(instance -> kept.add(instance.groupLeader()));
            for (long group : ProcessGroups.groupsWorkingUnder(instancesDir)) {
                if (!kept.contains(group)) {
                    LOG.warnf("killing process group %d: it runs in %s but is no instance any more", group,
                            instancesDir);
                    ProcessGroups.signal(group, "KILL");
                }
            }
            converge(null, desired);
        }
    }

    private void retryRecover() {
        Duration delay = RETRY.multipliedBy(1L << Math.min(startFailures++, 4));
        schedule(() -> {
            try {
                recover();
                startFailures = 0;
            } catch (SQLException stillUnreachable) {
                retryRecover();
            }
        }, delay);
    }

    private List<Path> homes() {
        try (Stream<Path> list = Files.list(instancesDir)) {
            return list.filter(Files::isDirectory).toList();
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    private static Optional<ObjectNode> readRecord(Path home) {
        try {
            return Optional.of((ObjectNode) JSON.readTree(home.resolve(INSTANCE_FILE).toFile()));
        } catch (IOException | ClassCastException | UnsupportedOperationException missing) {
            return Optional.empty();
        }
    }

    /** SIGTERM to every group, up to the grace period for them to end, then SIGKILL to what is left. */
    private void stopAll(List<LocalInstance> running) {
        List<Long> groups = new ArrayList<>();
        for (LocalInstance instance : running) {
            instance.quiesce(); // first: no launch can begin after it, so the leader read next is the last one
            long leader = instance.groupLeader();
            if (leader > 0) {
                groups.add(leader);
                ProcessGroups.signal(leader, "TERM");
            }
        }
        long deadline = System.nanoTime() + config.runtime().gracefulShutdown().toNanos();
        for (long group : groups) {
            while (ProcessGroups.alive(group) && System.nanoTime() < deadline) {
                sleep(Duration.ofMillis(50));
            }
            ProcessGroups.signal(group, "KILL");
        }
        running.forEach(LocalInstance::cleanUp);
        try {
            rows.forget(running.stream().map(LocalInstance::guid).toList());
        } catch (SQLException unreachable) {
            LOG.warnf("could not record the stopped instances (%s)", unreachable.getMessage());
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** What the process's instances on this machine use now, by index. */
    public Map<Integer, InstanceUsage> usage(long processId) {
        List<LocalInstance> ofProcess;
        synchronized (this) {
            ofProcess = instances.values().stream().filter(instance -> instance.desired.processId() == processId)
                    .toList();
        }
        Map<Integer, InstanceUsage> usage = new HashMap<>();
        for (LocalInstance instance : ofProcess) {
            InstanceUsage now = instance.usage();
            if (now != null) {
                usage.put(instance.desired.index(), now);
            }
        }
        return usage;
    }

    /** What the app's instances on this machine wrote (see {@link io.cfdeploy.runtime.InstanceRuntime#logs}). */
    public List<LogLine> logs(String appGuid, long startNanos, long endNanos, int limit, boolean descending) {
        List<InstanceLogReader.Source> sources = new ArrayList<>();
        synchronized (this) {
            for (LocalInstance instance : instances.values()) {
                if (instance.desired.appGuid().equals(appGuid) && instance.home() != null) {
                    sources.add(new InstanceLogReader.Source(instance.home(), instance.desired.sourceType(),
                            instance.desired.index()));
                }
            }
        }
        return InstanceLogReader.read(sources, startNanos, endNanos, limit, descending);
    }

    /** Whether this replica runs instances. */
    public boolean active() {
        return active;
    }

    // ---- LocalInstance.Supervision ----

    @Override
    public ScheduledExecutorService executor() {
        return executor;
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        return executor.schedule(task, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
    }

    @Override
    public Path droplet(DesiredInstance desired) throws IOException, DropletCache.RefusedDroplet {
        String key = desired.dropletBlobKey();
        Blobstore.Blob blob = key == null ? null : blobstore.get(key).orElse(null);
        if (blob == null) {
            throw new DropletCache.RefusedDroplet("the droplet has no bits");
        }
        return droplets.extracted(key, blob::open, desired.diskInMb() * 1024L * 1024L);
    }

    @Override
    public InstanceLauncher launcher() {
        return launcher;
    }

    @Override
    public HealthProbe probe() {
        return probe;
    }

    @Override
    public PortPool ports() {
        return ports;
    }

    @Override
    public Path homeOf(String instanceGuid) {
        return instancesDir.resolve(instanceGuid);
    }

    @Override
    public String host() {
        return config.runtime().local().advertiseHost();
    }

    @Override
    public Duration startupInterval() {
        return config.runtime().local().startupCheckInterval();
    }

    @Override
    public Duration crashBackoff() {
        return config.runtime().local().crashBackoff();
    }

    @Override
    public Duration drainTime() {
        return config.runtime().local().drainTime();
    }

    @Override
    public Duration gracePeriod() {
        return config.runtime().gracefulShutdown();
    }

    @Override
    public boolean admit(LocalInstance instance) {
        synchronized (admitted) {
            if (admitted.contains(instance)) {
                return true;
            }
            if (admitted.size() >= config.runtime().local().maxInstances()) {
                return false;
            }
            admitted.add(instance);
            return true;
        }
    }

    @Override
    public void released(LocalInstance instance) {
        synchronized (admitted) {
            if (!admitted.remove(instance)) {
                return;
            }
        }
        // the caller holds the instance's monitor: look for an instance waiting for the room without it
        executor.execute(this::placeOneWaiting);
    }

    private void placeOneWaiting() {
        List<LocalInstance> candidates;
        synchronized (this) {
            candidates = new ArrayList<>(instances.values());
        }
        for (LocalInstance candidate : candidates) {
            if (candidate.waitingForCapacity()) {
                candidate.start();
                return;
            }
        }
    }

    @Override
    public void retired(LocalInstance instance) {
        retiring.remove(instance);
        Path home = instance.home();
        if (home != null) {
            diskUsage.remove(home); // the cached size of a home that is gone
        }
    }

    @Override
    public void remember(LocalInstance instance, InstanceLauncher.Launched launched) {
        ObjectNode record = JSON.createObjectNode();
        record.put("instance_guid", instance.guid());
        record.put("process_id", instance.desired.processId());
        record.put("index", instance.desired.index());
        record.put("droplet_guid", instance.desired.dropletGuid());
        record.put("pid", launched.pid());
        record.put("start_ticks", launched.startTicks());
        record.put("port", instance.port());
        try {
            Files.writeString(launched.home().resolve(INSTANCE_FILE), record.toString());
        } catch (IOException unwritable) {
            LOG.warnf("could not write %s of instance %s: a restarted server will not adopt it", INSTANCE_FILE,
                    instance.guid());
        }
    }

    @Override
    public void observed(LocalInstance instance, Observation observation) {
        DesiredInstance desired = instance.desired;
        Recorded recorded;
        try {
            recorded = rows.record(desired.processId(), desired.index(), desired.instanceGuid(), observation);
        } catch (SQLException unreachable) {
            // the state on the machine is right; the row catches up with the next transition or this retry
            LOG.warnf("could not record instance %s as %s (%s); retrying", desired.instanceGuid(), observation.state(),
                    unreachable.getMessage());
            schedule(() -> {
                synchronized (instance) {
                    observed(instance, observation);
                }
            }, RETRY);
            return;
        }
        if (recorded != null) {
            changes.fire(new InstancesChanged(recorded.appGuid(), desired.processId(), recorded.movingDeployments()));
        }
    }

    @Override
    public long diskUsage(Path home) {
        if (home == null) {
            return 0;
        }
        long now = System.nanoTime();
        long[] cached = diskUsage.get(home);
        if (cached != null && now - cached[1] < DISK_CACHE.toNanos()) {
            return cached[0];
        }
        long size;
        try (Stream<Path> walk = Files.walk(home)) {
            size = walk.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        } catch (IOException | UncheckedIOException gone) {
            size = 0;
        }
        diskUsage.put(home, new long[] {size, now});
        return size;
    }

    @Override
    public void boundLogs(Path home) {
        if (home == null) {
            return;
        }
        long max = config.runtime().local().maxLogSize().asLongValue();
        for (String name : List.of("stdout.log", "stderr.log")) {
            Path file = home.resolve("logs").resolve(name);
            try {
                if (Files.size(file) > max) {
                    // the instance appends (O_APPEND): after the truncation its next line starts the file
                    try (var channel = java.nio.channels.FileChannel.open(file,
                            java.nio.file.StandardOpenOption.WRITE)) {
                        channel.truncate(0);
                    }
                }
            } catch (IOException gone) {
                // no such file yet
            }
        }
    }

    private static String defaultPath() {
        String server = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        return Path.of(System.getProperty("java.home"), "bin") + ":" + server;
    }

    /** The instances this machine runs now, by guid (tests). */
    synchronized Map<String, LocalInstance> running() {
        return Map.copyOf(instances);
    }

    /** Forgets every instance without stopping it, as a killed server would (tests of the restart). */
    void simulateCrash() {
        active = false;
        synchronized (this) {
            instances.values().forEach(LocalInstance::abandon);
            instances.clear();
        }
        synchronized (admitted) {
            admitted.clear();
        }
    }

    /** Starts again after {@link #simulateCrash} (tests of the restart). */
    void simulateStart() throws SQLException {
        active = true;
        recover();
    }
}

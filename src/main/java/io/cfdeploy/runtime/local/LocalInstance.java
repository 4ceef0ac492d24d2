package io.cfdeploy.runtime.local;

import io.cfdeploy.runtime.InstanceState;
import io.cfdeploy.runtime.InstanceUsage;
import io.cfdeploy.runtime.local.InstanceRows.Observation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * One desired instance on this machine and its life (runtimes.md §1.3–§1.6): STARTING until its start-up check
 * passes, then RUNNING (routable once its readiness check passes, if it has one), checked again every interval;
 * an exit or a failing check is a crash, restarted at once or after Diego's back-off; DOWN while the machine has no
 * room for it. Every change of state or routability is recorded and announced by the supervisor.
 *
 * <p>Each launch is an attempt: checks, exits and timers of an earlier attempt find the attempt number moved on and
 * do nothing, so a crash handled once is never handled twice. State is guarded by the instance's monitor; slow
 * work (extracting, launching, checking, signalling) runs on the supervisor's executor.
 */
final class LocalInstance {
    private static final Logger LOG = Logger.getLogger(LocalInstance.class);
    /** How soon after the launch the start-up check first looks (then every start-up interval). */
    private static final Duration FIRST_CHECK = Duration.ofMillis(200);
    /** Until-ready readiness checks run this often (Diego: 2 s). */
    private static final Duration UNTIL_READY = Duration.ofSeconds(2);

    final DesiredInstance desired;
    private final Supervision supervision;

    private long attempt;
    private boolean stopping;
    private boolean cleanedUp;
    private InstanceState state;
    private boolean routable;
    private Instant since;
    private String details;
    private int crashCount;
    private int port = -1;
    private long pid = -1;
    private Path home;
    private Instant runningSince;
    private Instant startDeadline;
    private ScheduledFuture<?> timer;
    private ScheduledFuture<?> readinessTimer;
    /** The last usage sample: cpu ticks of the group and when. */
    private long lastCpuTicks = -1;
    private long lastSampleNanos;

    LocalInstance(DesiredInstance desired, Supervision supervision) {
        this.desired = desired;
        this.supervision = supervision;
        this.crashCount = desired.crashCount();
    }

    String guid() {
        return desired.instanceGuid();
    }

    synchronized boolean occupiesCapacity() {
        return !stopping && pid > 0;
    }

    synchronized boolean waitingForCapacity() {
        return !stopping && state == InstanceState.DOWN;
    }

    /** Launches a new attempt (on the executor: extracting and copying take a while). */
    void start() {
        long current;
        synchronized (this) {
            if (stopping) {
                return;
            }
            current = ++attempt;
        }
        supervision.executor().execute(() -> launch(current));
    }

    private void launch(long current) {
        Path droplet;
        try {
            droplet = supervision.droplet(desired);
        } catch (DropletCache.RefusedDroplet refused) {
            synchronized (this) {
                if (current == attempt && !stopping) {
                    failForGood(refused.getMessage());
                }
            }
            return;
        } catch (IOException | RuntimeException failure) {
            LOG.warnf(failure, "could not prepare the droplet of instance %s", guid());
            synchronized (this) {
                if (current == attempt && !stopping) {
                    crash("could not prepare the droplet: " + failure.getMessage());
                }
            }
            return;
        }
        synchronized (this) {
            if (current != attempt || stopping) {
                return;
            }
            if (desired.command().isBlank()) {
                failForGood(InstanceLauncher.NO_COMMAND);
                return;
            }
            if (!supervision.admit(this)) {
                transition(InstanceState.DOWN, false, "insufficient resources: instances");
                return;
            }
            port = supervision.ports().allocate();
            if (port < 0) {
                transition(InstanceState.DOWN, false, "insufficient resources: ports");
                return;
            }
            home = supervision.homeOf(guid());
            try {
                DropletCache.deleteTree(home);
                InstanceLauncher.Launched launched = supervision.launcher().launch(desired, droplet, home, port);
                pid = launched.pid();
                supervision.remember(this, launched);
                watchExit(launched.process().onExit().thenApply(Process::exitValue), current);
            } catch (IOException | RuntimeException failure) {
                LOG.warnf(failure, "could not start instance %s", guid());
                supervision.ports().release(port);
                port = -1;
                crash("could not start the instance: " + failure.getMessage());
                return;
            }
            beginStartup(current);
        }
    }

    /** Takes over a process a previous server started (runtimes.md §2.7): checked again, RUNNING at its first pass. */
    synchronized void adopt(long adoptedPid, int adoptedPort, Path adoptedHome) {
        long current = ++attempt;
        pid = adoptedPid;
        port = adoptedPort;
        home = adoptedHome;
        supervision.ports().claim(adoptedPort);
        ProcessHandle.of(adoptedPid).ifPresentOrElse(
                handle -> watchExit(handle.onExit().thenApply(gone -> (Integer) null), current),
                () -> supervision.executor().execute(() -> exited(current, null)));
        beginStartup(current);
    }

    private void beginStartup(long current) {
        startDeadline = Instant.now().plus(desired.liveness().timeout());
        routable = false;
        runningSince = null;
        transition(InstanceState.STARTING, false, null);
        if (desired.liveness().none()) {
            passedStartup(current);
        } else {
            schedule(current, FIRST_CHECK, this::startupCheck);
        }
    }

    private void watchExit(CompletableFuture<Integer> exit, long current) {
        exit.whenComplete((status, failure) -> supervision.executor().execute(() -> exited(current, status)));
    }

    private void startupCheck(long current) {
        String failure = supervision.probe().check(desired.liveness(), supervision.host(), port);
        synchronized (this) {
            if (current != attempt || stopping) {
                return;
            }
            if (failure == null) {
                passedStartup(current);
            } else if (Instant.now().isAfter(startDeadline)) {
                crash("Instance never healthy after " + seconds(desired.liveness().timeout()) + ": " + failure);
            } else {
                schedule(current, supervision.startupInterval(), this::startupCheck);
            }
        }
    }

    private void passedStartup(long current) {
        runningSince = Instant.now();
        boolean ready = desired.readiness().none();
        transition(InstanceState.RUNNING, ready, null);
        // also without a check (process): the same timer keeps the instance's log files bounded
        schedule(current, desired.liveness().interval(), this::livenessCheck);
        if (!ready) {
            readinessTimer = supervision.schedule(() -> readinessCheck(current), Duration.ZERO);
        }
    }

    private void livenessCheck(long current) {
        String failure = supervision.probe().check(desired.liveness(), supervision.host(), port);
        synchronized (this) {
            if (current != attempt || stopping) {
                return;
            }
            if (failure != null) {
                crash("Instance became unhealthy: " + failure);
                return;
            }
            supervision.boundLogs(home);
            schedule(current, desired.liveness().interval(), this::livenessCheck);
        }
    }

    /** Readiness (§1.3) never crashes: it only takes the instance out of the router and puts it back. */
    private void readinessCheck(long current) {
        String failure = supervision.probe().check(desired.readiness(), supervision.host(), port);
        synchronized (this) {
            if (current != attempt || stopping || state != InstanceState.RUNNING) {
                return;
            }
            if ((failure == null) != routable) {
                transition(InstanceState.RUNNING, failure == null, null);
            }
            Duration next = failure == null ? desired.readiness().interval() : UNTIL_READY;
            readinessTimer = supervision.schedule(() -> readinessCheck(current), next);
        }
    }

    private void exited(long current, Integer status) {
        synchronized (this) {
            if (stopping) {
                if (!ProcessGroups.alive(pid)) {
                    cleanUp();
                }
                return;
            }
            if (current != attempt) {
                return;
            }
            String type = desired.processType().toUpperCase(java.util.Locale.ROOT);
            crash("APP/PROC/" + type + ": Exited" + (status == null ? "" : " with status " + status));
        }
    }

    /**
     * A crash (§1.5, §1.6): the attempt ends, its processes are killed, and the instance restarts at once, after
     * the back-off, or never.
     */
    private void crash(String reason) {
        attempt++;
        cancelTimers();
        killGroup();
        Duration ranFor = runningSince == null ? null : Duration.between(runningSince, Instant.now());
        crashCount = CrashBackoff.countAfterCrash(crashCount, ranFor);
        runningSince = null;
        transition(InstanceState.CRASHED, false, reason);
        LOG.infof("instance %s of process %s crashed (%d in a row): %s", desired.index(), desired.processGuid(),
                crashCount, reason);
        Duration delay = CrashBackoff.restartDelay(crashCount, supervision.crashBackoff());
        supervision.released(this);
        if (delay == null) {
            return;
        }
        if (delay.isZero()) {
            start();
        } else {
            long current = attempt;
            timer = supervision.schedule(() -> {
                synchronized (this) {
                    if (current == attempt && !stopping) {
                        start();
                    }
                }
            }, delay);
        }
    }

    /** Bad bits or no command: CRASHED with the reason until the desired state changes; no restart would help. */
    private void failForGood(String reason) {
        attempt++;
        transition(InstanceState.CRASHED, false, reason);
    }

    /**
     * The instance is no longer desired: after the drain time (the router has dropped it by then, and requests it
     * was given finish) SIGTERM to its group, SIGKILL after the grace period, then its files go.
     */
    void stop() {
        long group;
        synchronized (this) {
            if (stopping) {
                return;
            }
            stopping = true;
            attempt++;
            cancelTimers();
            group = pid;
            if (group <= 0 || state != InstanceState.RUNNING || !routable) {
                // it served nobody: no need to drain
                terminate(group);
                return;
            }
        }
        supervision.schedule(() -> terminate(group), supervision.drainTime());
    }

    private void terminate(long group) {
        if (group <= 0) {
            cleanUp();
            return;
        }
        ProcessGroups.signal(group, "TERM");
        supervision.schedule(() -> {
            synchronized (this) {
                if (!cleanedUp) {
                    ProcessGroups.signal(group, "KILL");
                    cleanUp();
                }
            }
        }, supervision.gracePeriod());
    }

    /** The server stops and leaves the instance running for the next start to adopt. */
    synchronized void abandon() {
        quiesce();
        cleanedUp = true; // its port and home now belong to whoever adopts it
    }

    /** No more checks, restarts or crash handling: the server stops it itself ({@link LocalSupervisor} shutdown). */
    synchronized void quiesce() {
        stopping = true;
        attempt++;
        cancelTimers();
    }

    /** Pid of the group leader for a blocking stop at shutdown, or -1. */
    synchronized long groupLeader() {
        return pid;
    }

    synchronized void cleanUp() {
        if (cleanedUp) {
            return;
        }
        cleanedUp = true;
        if (port > 0) {
            supervision.ports().release(port);
        }
        if (home != null) {
            DropletCache.deleteTree(home);
        }
        supervision.released(this);
        supervision.retired(this);
    }

    private void killGroup() {
        if (pid > 0) {
            ProcessGroups.signal(pid, "KILL");
            pid = -1;
        }
        if (port > 0) {
            supervision.ports().release(port);
            port = -1;
        }
    }

    private void transition(InstanceState newState, boolean newRoutable, String newDetails) {
        state = newState;
        routable = newRoutable;
        details = newDetails;
        since = Instant.now();
        boolean running = newState == InstanceState.STARTING || newState == InstanceState.RUNNING;
        supervision.observed(this, new Observation(newState, newRoutable, since, newDetails, crashCount,
                running ? supervision.host() : null, running && port > 0 ? port : null, running && pid > 0 ? pid
                        : null));
    }

    private void schedule(long current, Duration delay, java.util.function.LongConsumer check) {
        timer = supervision.schedule(() -> check.accept(current), delay);
    }

    private void cancelTimers() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        if (readinessTimer != null) {
            readinessTimer.cancel(false);
            readinessTimer = null;
        }
    }

    /** What the instance's process group uses now; null while it runs no process. */
    synchronized InstanceUsage usage() {
        if (pid <= 0 || stopping) {
            return null;
        }
        long ticks = 0;
        long memory = 0;
        for (long member : members(pid)) {
            ticks += ProcessGroups.cpuTicks(member);
            memory += ProcessGroups.residentBytes(member);
        }
        long now = System.nanoTime();
        double cpu = 0;
        if (lastCpuTicks >= 0 && now > lastSampleNanos) {
            cpu = (ticks - lastCpuTicks) / (double) ProcessGroups.CLOCK_TICKS / ((now - lastSampleNanos) / 1e9);
        } else if (runningSince != null) {
            double seconds = Math.max(0.001, Duration.between(runningSince, Instant.now()).toMillis() / 1000.0);
            cpu = ticks / (double) ProcessGroups.CLOCK_TICKS / seconds;
        }
        lastCpuTicks = ticks;
        lastSampleNanos = now;
        return new InstanceUsage(Instant.now(), Math.max(0, cpu), memory, supervision.diskUsage(home), 0);
    }

    private static long[] members(long leader) {
        return ProcessHandle.of(leader)
                .map(handle -> Stream.concat(Stream.of(handle), handle.descendants()).mapToLong(ProcessHandle::pid)
                        .toArray())
                .orElse(new long[0]);
    }

    synchronized Path home() {
        return home;
    }

    synchronized Integer port() {
        return port > 0 ? port : null;
    }

    private static String seconds(Duration duration) {
        return duration.toSeconds() + "s";
    }

    /** Files of the instance: does its home still exist (tests). */
    synchronized boolean hasHome() {
        return home != null && Files.isDirectory(home);
    }

    /** The supervisor's services an instance uses. */
    interface Supervision {
        java.util.concurrent.ScheduledExecutorService executor();

        ScheduledFuture<?> schedule(Runnable task, Duration delay);

        Path droplet(DesiredInstance desired) throws IOException, DropletCache.RefusedDroplet;

        InstanceLauncher launcher();

        HealthProbe probe();

        PortPool ports();

        Path homeOf(String instanceGuid);

        String host();

        Duration startupInterval();

        Duration crashBackoff();

        Duration gracePeriod();

        /** How long a routable instance keeps running, unrouted, before it is told to stop. */
        Duration drainTime();

        /** Whether the machine has room for one more running instance; counts it if so. */
        boolean admit(LocalInstance instance);

        /** A stopped instance's processes and files are gone. */
        void retired(LocalInstance instance);

        /** The instance runs no process any more: its room goes to an instance waiting for it. */
        void released(LocalInstance instance);

        void remember(LocalInstance instance, InstanceLauncher.Launched launched);

        void observed(LocalInstance instance, Observation observation);

        long diskUsage(Path home);

        void boundLogs(Path home);
    }
}

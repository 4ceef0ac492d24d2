package io.cfdeploy.rollout;

import io.cfdeploy.action.DeploymentActivity;
import io.cfdeploy.config.CfdeployConfig;
import io.cfdeploy.model.DeploymentEntity;
import io.cfdeploy.model.DeploymentEntity.State;
import io.cfdeploy.runtime.InstancesChanged;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Decides when each deployment is stepped: no polling tick. A deployment is watched from the moment something
 * makes it movable (an action's {@link DeploymentActivity}, a replica's notification, the resume at start) and
 * stepped again exactly when the engine says the next step can be due (the runtime's next instance change), or
 * after a short retry. A deployment waiting for a user (PAUSED), finished, or whose instances will not change by
 * themselves is not watched: with nothing to do there is no timer and no database statement.
 *
 * <p>Timers and passes run on Quarkus' managed {@link ScheduledExecutorService} (its worker pool), not on threads
 * of our own; at most {@code cfdeploy.rollout.max-concurrent-steps} passes run at once, the rest wait their turn.
 * Each pass runs with a request context ({@link RolloutWork}).
 */
@ApplicationScoped
public class RolloutScheduler {
    private static final Logger LOG = Logger.getLogger(RolloutScheduler.class);
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration LAST_RETRY = Duration.ofSeconds(30);

    private final Function<String, Progress> stepper;
    private final Supplier<List<String>> movingDeployments;
    private final Clock clock;
    private final ScheduledExecutorService executor;
    private final Map<String, Watch> watches = new HashMap<>();
    /** Deployments whose wake-up came while every pass slot was taken, in the order they came. */
    private final Set<String> waiting = new LinkedHashSet<>();
    private boolean started;
    private int maxConcurrentPasses;
    private int runningPasses;
    private int resumeFailures;

    /** A deployment this replica watches: its pending wake-up, and whether a pass over it is running. */
    private static final class Watch {
        ScheduledFuture<?> wakeup;
        Instant wakeupAt;
        boolean running;
        /** A wake-up asked for while the pass was running: taken into account when it ends. */
        Instant requested;
        int failures;
    }

    @Inject
    RolloutScheduler(RolloutWork work, ScheduledExecutorService executor) {
        this(work::advance, work::movingDeployments, Clock.systemUTC(), executor);
    }

    RolloutScheduler(Function<String, Progress> stepper, Supplier<List<String>> movingDeployments, Clock clock,
            ScheduledExecutorService executor) {
        this.stepper = stepper;
        this.movingDeployments = movingDeployments;
        this.clock = clock;
        this.executor = executor;
    }

    /** After the database start-up (migrations): resume at once, or once the replica channel listens. */
    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION + 1000) StartupEvent event,
            CfdeployConfig config, ReplicaChannel replicas) {
        if (!config.rollout().enabled()) {
            return;
        }
        start(config.rollout().maxConcurrentSteps());
        if (config.rollout().notifyReplicas()) {
            replicas.listen(this::resumeAll, this::wake);
        } else {
            resumeAll();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /** A runtime saw the app's instances change: its moving deployments may take their next step now. */
    void onInstancesChanged(@Observes InstancesChanged change) {
        change.movingDeployments().forEach(this::wake);
    }

    /** Committed activity on this replica: step the deployment now. */
    void onActivity(@Observes(during = TransactionPhase.AFTER_SUCCESS) DeploymentActivity activity) {
        wake(activity.deploymentGuid());
    }

    synchronized void start(int maxConcurrentSteps) {
        maxConcurrentPasses = maxConcurrentSteps;
        started = true;
    }

    /** Cancels every pending wake-up; passes already running end on their own and schedule nothing more. */
    synchronized void stop() {
        started = false;
        watches.values().forEach(watch -> {
            if (watch.wakeup != null) {
                watch.wakeup.cancel(false);
            }
        });
        watches.clear();
        waiting.clear();
    }

    /** Watch every deployment the engine moves (at start, and after missing replica notifications). */
    public void resumeAll() {
        if (!isStarted()) {
            return;
        }
        executor.execute(() -> {
            List<String> guids;
            try {
                guids = movingDeployments.get();
            } catch (RuntimeException failure) {
                Duration retry = retryAfter(resumeFailures++);
                LOG.warnf("could not list the deployments to resume (%s); retrying in %s", failure.getMessage(), retry);
                schedule(retry, this::resumeAll);
                return;
            }
            resumeFailures = 0;
            if (!guids.isEmpty()) {
                LOG.infof("resuming %d deployment(s)", guids.size());
            }
            guids.forEach(this::wake);
        });
    }

    /** Step the deployment as soon as a worker is free. */
    public void wake(String deploymentGuid) {
        wakeAt(deploymentGuid, clock.instant());
    }

    /** Step the deployment at {@code at} (or earlier, if it was already due earlier). */
    public synchronized void wakeAt(String deploymentGuid, Instant at) {
        if (!started) {
            return;
        }
        Watch watch = watches.computeIfAbsent(deploymentGuid, guid -> new Watch());
        if (watch.running) {
            watch.requested = earliest(watch.requested, at);
            return;
        }
        if (watch.wakeup != null && !watch.wakeupAt.isAfter(at)) {
            return;
        }
        if (watch.wakeup != null) {
            watch.wakeup.cancel(false);
        }
        watch.wakeupAt = at;
        watch.wakeup = executor.schedule(() -> due(deploymentGuid),
                Math.max(0, Duration.between(clock.instant(), at).toMillis()), TimeUnit.MILLISECONDS);
    }

    /** How many deployments this replica is watching (for tests and the benchmark). */
    public synchronized int watching() {
        return watches.size();
    }

    /** A wake-up fired: pass over the deployment now if a pass slot is free, else when one is. */
    private void due(String deploymentGuid) {
        synchronized (this) {
            if (!started) {
                return;
            }
            if (runningPasses >= maxConcurrentPasses) {
                waiting.add(deploymentGuid);
                return;
            }
            runningPasses++;
        }
        try {
            pass(deploymentGuid);
        } finally {
            passEnded();
        }
    }

    private synchronized void passEnded() {
        runningPasses--;
        Iterator<String> next = waiting.iterator();
        if (started && next.hasNext()) {
            String guid = next.next();
            next.remove();
            executor.execute(() -> due(guid));
        }
    }

    private void pass(String deploymentGuid) {
        Watch watch;
        synchronized (this) {
            watch = watches.get(deploymentGuid);
            if (watch == null || watch.running) {
                return;
            }
            watch.wakeup = null;
            watch.wakeupAt = null;
            watch.running = true;
        }
        Instant next;
        try {
            Progress progress = stepper.apply(deploymentGuid);
            watch.failures = 0;
            next = progress.active() ? progress.nextCheck() : null;
        } catch (RuntimeException failure) {
            // The engine stores a failing step on the deployment; this is the engine itself failing (e.g. the
            // database is unreachable): try again later, less and less often.
            Duration retry = retryAfter(watch.failures++);
            LOG.warnf(failure, "stepping deployment %s failed; retrying in %s", deploymentGuid, retry);
            next = clock.instant().plus(retry);
        }
        synchronized (this) {
            watch.running = false;
            Instant at = earliest(next, watch.requested);
            watch.requested = null;
            if (at == null || !started) {
                watches.remove(deploymentGuid);
            } else {
                wakeAt(deploymentGuid, at);
            }
        }
    }

    private synchronized boolean isStarted() {
        return started;
    }

    private void schedule(Duration delay, Runnable task) {
        if (isStarted()) {
            executor.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    static Duration retryAfter(int failures) {
        Duration retry = FIRST_RETRY.multipliedBy(1L << Math.min(failures, 5));
        return retry.compareTo(LAST_RETRY) > 0 ? LAST_RETRY : retry;
    }

    private static Instant earliest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isBefore(b) ? a : b;
    }
}

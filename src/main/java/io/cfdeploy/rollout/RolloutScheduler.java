package io.cfdeploy.rollout;

import io.cfdeploy.action.DeploymentActivity;
import io.cfdeploy.config.CfdeployConfig;
import io.cfdeploy.model.DeploymentEntity;
import io.cfdeploy.model.DeploymentEntity.State;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.narayana.jta.QuarkusTransaction;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Decides when each deployment is stepped: no polling tick. A deployment is watched from the moment something
 * makes it movable (an action's {@link DeploymentActivity}, a replica's notification, the resume at start) and
 * stepped again exactly when the engine says the next step can be due (the runtime's next instance change), or
 * after a short retry. A deployment waiting for a user (PAUSED), finished, or whose instances will not change by
 * themselves is not watched: with nothing to do there is no timer and no database statement.
 */
@ApplicationScoped
public class RolloutScheduler {
    private static final Logger LOG = Logger.getLogger(RolloutScheduler.class);
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration LAST_RETRY = Duration.ofSeconds(30);

    private final DeploymentStepper stepper;
    private final Supplier<List<String>> movingDeployments;
    private final Clock clock;
    private final Map<String, Watch> watches = new HashMap<>();
    private ScheduledThreadPoolExecutor executor;
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
    RolloutScheduler(DeploymentStepper stepper) {
        this(stepper, RolloutScheduler::movingFromDatabase, Clock.systemUTC());
    }

    RolloutScheduler(DeploymentStepper stepper, Supplier<List<String>> movingDeployments, Clock clock) {
        this.stepper = stepper;
        this.movingDeployments = movingDeployments;
        this.clock = clock;
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

    /** Committed activity on this replica: step the deployment now. */
    void onActivity(@Observes(during = TransactionPhase.AFTER_SUCCESS) DeploymentActivity activity) {
        wake(activity.deploymentGuid());
    }

    synchronized void start(int maxConcurrentSteps) {
        AtomicInteger threads = new AtomicInteger();
        executor = new ScheduledThreadPoolExecutor(maxConcurrentSteps, task -> {
            Thread thread = new Thread(task, "rollout-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
    }

    synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
        watches.clear();
    }

    /** Watch every deployment the engine moves (at start, and after missing replica notifications). */
    public void resumeAll() {
        ScheduledThreadPoolExecutor running = currentExecutor();
        if (running == null) {
            return;
        }
        running.execute(() -> {
            List<String> guids;
            try {
                guids = withRequestContext(movingDeployments);
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
        if (executor == null) {
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
        watch.wakeup = executor.schedule(() -> pass(deploymentGuid),
                Math.max(0, Duration.between(clock.instant(), at).toMillis()), TimeUnit.MILLISECONDS);
    }

    /** How many deployments this replica is watching (for tests and the benchmark). */
    public synchronized int watching() {
        return watches.size();
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
            Progress progress = withRequestContext(() -> stepper.advance(deploymentGuid));
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
            if (at == null || executor == null) {
                watches.remove(deploymentGuid);
            } else {
                wakeAt(deploymentGuid, at);
            }
        }
    }

    private synchronized ScheduledThreadPoolExecutor currentExecutor() {
        return executor;
    }

    private void schedule(Duration delay, Runnable task) {
        ScheduledThreadPoolExecutor running = currentExecutor();
        if (running != null) {
            running.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
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

    /** Steps run on the scheduler's own threads: give them the request context the persistence layer expects. */
    private static <T> T withRequestContext(Supplier<T> work) {
        if (Arc.container() == null) {
            return work.get(); // plain unit tests
        }
        ManagedContext context = Arc.container().requestContext();
        if (context.isActive()) {
            return work.get();
        }
        context.activate();
        try {
            return work.get();
        } finally {
            context.terminate();
        }
    }

    private static List<String> movingFromDatabase() {
        return QuarkusTransaction.requiringNew().call(() -> DeploymentEntity.guidsIn(State.MOVING));
    }
}

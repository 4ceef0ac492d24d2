package io.cfdeploy.action;

import io.cfdeploy.config.CfdeployConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * When builds are staged: once the transaction that created one has committed ({@link BuildCreated}), after
 * {@code cfdeploy.staging.delay}, on Quarkus' managed {@link ScheduledExecutorService}; at most
 * {@code cfdeploy.staging.max-concurrent} at once, the rest in arrival order. Nothing runs while no build waits: no
 * timer, no database statement. At start every build left STAGING (the server stopped while staging it) is staged
 * again, so none is left hanging.
 */
@ApplicationScoped
public class BuildStaging {
    private static final Logger LOG = Logger.getLogger(BuildStaging.class);

    private final Consumer<String> stager;
    private final Supplier<List<String>> staging;
    private final ScheduledExecutorService executor;
    private final long delayMillis;
    private final int maxConcurrent;
    private final Deque<String> waiting = new ArrayDeque<>();
    private int running;
    private boolean stopped;

    @Inject
    BuildStaging(Stager stager, ScheduledExecutorService executor, CfdeployConfig config) {
        this(stager::stage, stager::staging, executor, config.staging().delay().toMillis(),
                config.staging().maxConcurrent());
    }

    BuildStaging(Consumer<String> stager, Supplier<List<String>> staging, ScheduledExecutorService executor,
            long delayMillis, int maxConcurrent) {
        this.stager = stager;
        this.staging = staging;
        this.executor = executor;
        this.delayMillis = delayMillis;
        this.maxConcurrent = maxConcurrent;
    }

    /** After the database start-up (migrations), as the rollout scheduler. */
    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION + 1000) StartupEvent event) {
        executor.execute(() -> {
            try {
                resumeInterrupted();
            } catch (RuntimeException failure) {
                LOG.warnf(failure, "could not resume the builds left STAGING");
            }
        });
    }

    synchronized void onStop(@Observes ShutdownEvent event) {
        stopped = true;
        waiting.clear();
    }

    void onCreated(@Observes(during = TransactionPhase.AFTER_SUCCESS) BuildCreated created) {
        submit(created.buildGuid());
    }

    /**
     * Stages again every build left STAGING (run at start; a build another replica is staging right now is staged
     * twice, which ends with one droplet).
     *
     * @return the guids of the builds resumed
     */
    public List<String> resumeInterrupted() {
        List<String> guids = staging.get();
        if (!guids.isEmpty()) {
            LOG.infof("staging %d build(s) left STAGING again", guids.size());
        }
        guids.forEach(this::submit);
        return guids;
    }

    /** Stage the build after the configured delay. */
    public void submit(String buildGuid) {
        executor.schedule(() -> due(buildGuid), delayMillis, TimeUnit.MILLISECONDS);
    }

    private void due(String buildGuid) {
        synchronized (this) {
            if (stopped) {
                return;
            }
            if (running >= maxConcurrent) {
                waiting.addLast(buildGuid);
                return;
            }
            running++;
        }
        try {
            stager.accept(buildGuid);
        } finally {
            ended();
        }
    }

    private synchronized void ended() {
        running--;
        String next = stopped ? null : waiting.pollFirst();
        if (next != null) {
            executor.execute(() -> due(next));
        }
    }
}

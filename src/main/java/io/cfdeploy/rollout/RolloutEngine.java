package io.cfdeploy.rollout;

import io.cfdeploy.action.RolloutActions;
import io.cfdeploy.action.RolloutActions.Claim;
import io.cfdeploy.error.CfException;
import io.cfdeploy.model.DeploymentEntity;
import io.cfdeploy.model.DeploymentEntity.State;
import io.cfdeploy.model.ProcessEntity;
import io.cfdeploy.rollout.plan.CancelChoice;
import io.cfdeploy.rollout.plan.CanaryPlan;
import io.cfdeploy.rollout.plan.HealthCounts;
import io.cfdeploy.rollout.plan.ScaleTick;
import io.cfdeploy.rollout.plan.ScaleTick.Decision;
import io.cfdeploy.rollout.plan.ScaleTick.OldProcess;
import io.cfdeploy.runtime.InstanceState;
import io.cfdeploy.runtime.InstanceStatus;
import io.cfdeploy.runtime.InstanceRuntime;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jboss.logging.Logger;

/**
 * CAPI's deployment updater (spec §5) for one deployment at a time: each step in its own transaction, with the
 * app, the deployment and the web processes locked, deciding with the pure rules of {@code rollout.plan} and
 * writing through {@link RolloutActions}. It says when the next step can be due — the moment the runtime says a
 * deploying instance changes — so nobody has to poll.
 */
@ApplicationScoped
public class RolloutEngine implements DeploymentStepper {
    private static final Logger LOG = Logger.getLogger(RolloutEngine.class);
    static final Duration BUSY_RETRY = Duration.ofMillis(200);
    /** The first retry of a failed step; each further failure in a row doubles it, up to the ceiling. */
    static final Duration FAILED_STEP_RETRY = Duration.ofSeconds(2);
    static final Duration FAILED_STEP_RETRY_CEILING = Duration.ofSeconds(60);
    /** Steps applied back to back in one call at most (e.g. a tick that finishes, then nothing more). */
    private static final int MAX_STEPS_PER_CALL = 5;
    private static final int ERROR_COLUMN = 255;

    private final RolloutActions actions;
    private final InstanceRuntime runtime;
    private final EntityManager em;
    /**
     * Failed steps in a row per deployment and when to try again (this replica's view), for the back-off; gone after
     * a step that went through (the deployment moved, settled or disappeared), or once stale.
     */
    private final ConcurrentMap<String, Failures> consecutiveFailures = new ConcurrentHashMap<>();

    private record Failures(int inARow, Instant nextTry) {
    }

    RolloutEngine(RolloutActions actions, InstanceRuntime runtime, EntityManager em) {
        this.actions = actions;
        this.runtime = runtime;
        this.em = em;
    }

    /** The outcome of one step: what to tell the scheduler, or go on with another step at once. */
    private record Step(Progress progress, boolean again, boolean busy) {
        Step(Progress progress, boolean again) {
            this(progress, again, false);
        }

        /** Another worker holds the app: nothing was tried, so a run of failures goes on. */
        static Step busy(Progress progress) {
            return new Step(progress, false, true);
        }

        static Step done(Progress progress) {
            return new Step(progress, false);
        }
    }

    @Override
    public Progress advance(String deploymentGuid) {
        for (int i = 0; i < MAX_STEPS_PER_CALL; i++) {
            Step step;
            try {
                step = QuarkusTransaction.requiringNew().call(() -> {
                    Step applied = step(deploymentGuid);
                    // write inside the step, so a failing write shows its own cause, not the commit's wrapper
                    em.flush();
                    return applied;
                });
            } catch (RuntimeException failure) {
                String error = errorText(failure);
                Failures previous = consecutiveFailures.get(deploymentGuid);
                int failures = previous == null ? 1 : previous.inARow() + 1;
                Duration retry = failedStepRetry(failures);
                consecutiveFailures.put(deploymentGuid, new Failures(failures, Instant.now().plus(retry)));
                if (failures == 1) {
                    LOG.warnf(failure, "a step of deployment %s failed: %s", deploymentGuid, error);
                } else { // the stack trace was logged at the first failure of the run
                    LOG.warnf("a step of deployment %s failed again (%d in a row, next try in %s s): %s",
                            deploymentGuid, failures, retry.toSeconds(), error);
                }
                QuarkusTransaction.requiringNew().run(() -> actions.recordError(deploymentGuid, error));
                return Progress.at(Instant.now().plus(retry));
            }
            if (!step.busy() && !consecutiveFailures.isEmpty()) {
                consecutiveFailures.remove(deploymentGuid); // a step went through: the back-off starts over
                forgetStale(Instant.now());
            }
            if (!step.again()) {
                return step.progress();
            }
        }
        return Progress.at(Instant.now().plus(BUSY_RETRY));
    }

    @Override
    public boolean advanceIfDue(String deploymentGuid) {
        Failures failures = consecutiveFailures.get(deploymentGuid);
        if (failures != null && Instant.now().isBefore(failures.nextTry())) {
            return false;
        }
        advance(deploymentGuid);
        return true;
    }

    /**
     * Drops failure entries nobody retried long after they were due: their deployment was finished or removed
     * elsewhere (another replica) and no timer here holds it any more.
     */
    void forgetStale(Instant now) {
        Instant stale = now.minus(FAILED_STEP_RETRY_CEILING.multipliedBy(2));
        consecutiveFailures.values().removeIf(failures -> failures.nextTry().isBefore(stale));
    }

    /** How many deployments this replica holds a failure run for (tests). */
    int failingDeployments() {
        return consecutiveFailures.size();
    }

    /** Whether this replica holds a failure run for the deployment (tests). */
    boolean failing(String deploymentGuid) {
        return consecutiveFailures.containsKey(deploymentGuid);
    }

    /**
     * 2 s after the first failure, then 4, 8, 16, 32 and at most 60 s: a step that keeps failing (a database
     * refusing a write, a row edited by hand) costs little, and one that recovers is picked up soon enough.
     */
    static Duration failedStepRetry(int failuresInARow) {
        int doublings = Math.min(Math.max(failuresInARow, 1) - 1, 10);
        Duration retry = FAILED_STEP_RETRY.multipliedBy(1L << doublings);
        return retry.compareTo(FAILED_STEP_RETRY_CEILING) > 0 ? FAILED_STEP_RETRY_CEILING : retry;
    }

    /** CAPI's texts (spec §5.1): an API error's own message, else "An unexpected error has occurred: <class>". */
    static String errorText(RuntimeException failure) {
        String text = failure instanceof CfException api ? api.getMessage()
                : "An unexpected error has occurred: " + failure.getClass().getSimpleName();
        return text.length() > ERROR_COLUMN ? text.substring(0, ERROR_COLUMN) : text;
    }

    private Step step(String deploymentGuid) {
        Claim claim = actions.claim(deploymentGuid);
        switch (claim.outcome()) {
            case GONE, SETTLED:
                return Step.done(Progress.idle());
            case BUSY:
                return Step.busy(Progress.busy(Instant.now().plus(BUSY_RETRY)));
            default:
                break;
        }
        DeploymentEntity deployment = claim.deployment();
        return switch (deployment.state) {
            case DEPLOYING, PREPAUSED -> tick(deployment, claim.webProcesses(), claim.retired());
            case CANCELING -> cancel(deployment, claim.webProcesses(), claim.supersededDeployed());
            default -> Step.done(Progress.idle()); // PAUSED waits for a user; the rest are final
        };
    }

    /** Spec §5.2 (rolling, or canary after its last continue) and §5.3 (a canary step). */
    private Step tick(DeploymentEntity deployment, List<ProcessEntity> web, Set<String> retired) {
        ProcessEntity deploying = web.stream().filter(p -> p.guid.equals(deployment.deployingWebProcessGuid))
                .findFirst().orElseThrow(() -> new IllegalStateException("the deploying process is gone"));
        List<ProcessEntity> others = web.stream().filter(p -> p != deploying).toList();
        Map<Long, List<InstanceStatus>> statuses = runtime.instances(web);
        HealthCounts health = HealthCounts.of(statuses.getOrDefault(deploying.id, List.of()), deploying.instances);

        int target;
        int interim;
        if (deployment.state == State.PREPAUSED) {
            CanaryPlan.Step step = CanaryPlan.step(deployment.canaryWeight(stepNumber(deployment)),
                    deployment.originalWebProcessInstanceCount, deployment.webInstances);
            target = step.total();
            interim = step.canary();
        } else {
            target = deployment.webInstances != null ? deployment.webInstances
                    : deployment.originalWebProcessInstanceCount;
            interim = target;
        }
        ProcessEntity original = web.get(0);
        List<OldProcess> old = others.stream()
                .map(p -> new OldProcess(p.instances, p == original, retired.contains(p.guid))).toList();
        Decision decision = new ScaleTick(deploying.instances, health, deployment.maxInFlight, target, interim, old)
                .decide();
        if (!decision.acts()) {
            return Step.done(Progress.at(nextChange(statuses.getOrDefault(deploying.id, List.of()),
                    deploying.instances)));
        }

        Instant now = DeploymentEntity.now();
        actions.acting(deployment, now);
        if (decision.finished() && deployment.state != State.PREPAUSED) {
            // finalizing destroys every other web process: scaling any of them first would be undone at once
            actions.finalizeRollout(deployment, deploying, others, now);
            return Step.done(Progress.idle());
        }
        boolean changed = false;
        for (int i = 0; i < others.size(); i++) {
            ProcessEntity process = others.get(i);
            ScaleTick.Change change = decision.others().get(i);
            changed |= change.destroy() || change.instances() != process.instances;
            if (change.destroy()) {
                actions.destroy(process);
            } else {
                actions.scale(process, change.instances(), deployment.app.dropletGuid);
            }
        }
        if (decision.finished()) { // a canary step (a rolling finish was handled above)
            actions.pauseCanary(deployment, now);
            return Step.done(Progress.idle());
        }
        if (decision.deployingInstances() != deploying.instances) {
            actions.scaleDeploying(deployment, deploying, decision.deployingInstances(), now);
            changed = true;
        }
        em.flush();
        Instant next = nextChange(runtime.instances(deploying), deploying.instances);
        // Nothing pending in the runtime: after a change another step may be possible at once; without one,
        // only an event (continue, cancel, a new deployment) can move it.
        return next == null && changed ? new Step(Progress.at(null), true) : Step.done(Progress.at(next));
    }

    /** Spec §5.5, the updater's part. */
    private Step cancel(DeploymentEntity deployment, List<ProcessEntity> web, Set<String> supersededDeployed) {
        Map<Long, List<InstanceStatus>> statuses = supersededDeployed.isEmpty() ? Map.of() : runtime.instances(web);
        List<CancelChoice.Candidate> candidates = web.stream().map(p -> new CancelChoice.Candidate(
                supersededDeployed.contains(p.guid), statuses.getOrDefault(p.id, List.of()).stream()
                        .anyMatch(instance -> instance.state() == InstanceState.RUNNING))).toList();
        int keep = CancelChoice.keep(candidates);
        actions.finishCancel(deployment, web, keep < 0 ? null : web.get(keep), DeploymentEntity.now());
        return Step.done(Progress.idle());
    }

    private static int stepNumber(DeploymentEntity deployment) {
        return Objects.requireNonNullElse(deployment.canaryCurrentStep, 1);
    }

    /** When the earliest of the process's wanted instances changes by itself, or null. */
    static Instant nextChange(List<InstanceStatus> instances, int desired) {
        return instances.stream().filter(instance -> instance.index() < desired).map(InstanceStatus::changesAt)
                .filter(Objects::nonNull).min(Instant::compareTo).orElse(null);
    }
}

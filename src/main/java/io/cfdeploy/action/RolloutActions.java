package io.cfdeploy.action;

import io.cfdeploy.model.AppEntity;
import io.cfdeploy.model.DeploymentEntity;
import io.cfdeploy.model.DeploymentEntity.State;
import io.cfdeploy.model.ProcessEntity;
import io.cfdeploy.model.RevisionEntity;
import io.cfdeploy.runtime.InstanceRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The writes of the rollout engine (spec §5), each inside the engine's transaction for one step: claiming a
 * deployment, scaling and destroying web processes, finalizing, finishing a cancel, recording a failed step.
 * The engine decides (with the pure rules of {@code rollout.plan}); these apply.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class RolloutActions {
    private final EntityManager em;
    private final InstanceRuntime runtime;

    RolloutActions(EntityManager em, InstanceRuntime runtime) {
        this.em = em;
        this.runtime = runtime;
    }

    /**
     * CLAIMED: locked and moving; BUSY: another worker holds it; GONE: deleted; SETTLED: not moving by itself (a
     * final state, or PAUSED until a user acts), found with a single read and nothing locked.
     */
    public enum Outcome {
        CLAIMED, BUSY, GONE, SETTLED
    }

    /** A claimed deployment with its app's web processes, oldest first, all locked until the step commits. */
    public record Claim(Outcome outcome, DeploymentEntity deployment, List<ProcessEntity> webProcesses) {
    }

    /**
     * Locks the app, then the deployment, then the app's web processes — the order every action uses, so no
     * deadlock. The app row is the lease: when another worker (or replica, or an API request) holds it, the
     * deployment is left alone ({@code SKIP LOCKED}) and reported BUSY. A deployment that is not moving costs
     * one read of its row and nothing else: a scheduler (or a GET) may ask about settled ones often.
     */
    public Claim claim(String deploymentGuid) {
        List<?> rows = em.createNativeQuery("SELECT app_id, state FROM deployments WHERE guid = ?1")
                .setParameter(1, deploymentGuid).getResultList();
        if (rows.isEmpty()) {
            return new Claim(Outcome.GONE, null, List.of());
        }
        Object[] row = (Object[]) rows.get(0);
        if (!State.MOVING.contains(State.valueOf((String) row[1]))) {
            return new Claim(Outcome.SETTLED, null, List.of());
        }
        long appId = ((Number) row[0]).longValue();
        if (em.createNativeQuery("SELECT id FROM apps WHERE id = ?1 FOR NO KEY UPDATE SKIP LOCKED")
                .setParameter(1, appId).getResultList().isEmpty()) {
            boolean exists = !em.createNativeQuery("SELECT 1 FROM apps WHERE id = ?1").setParameter(1, appId)
                    .getResultList().isEmpty();
            return new Claim(exists ? Outcome.BUSY : Outcome.GONE, null, List.of());
        }
        DeploymentEntity deployment = em.createQuery("from DeploymentEntity d join fetch d.app where d.guid = ?1",
                DeploymentEntity.class).setParameter(1, deploymentGuid).setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultStream().findFirst().orElse(null);
        if (deployment == null) {
            return new Claim(Outcome.GONE, null, List.of());
        }
        List<ProcessEntity> web = em.createQuery("from ProcessEntity p where p.app.id = ?1 and p.type = ?2 "
                + "order by p.createdAt, p.id", ProcessEntity.class).setParameter(1, appId)
                .setParameter(2, ProcessEntity.WEB).setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList();
        return new Claim(Outcome.CLAIMED, deployment, web);
    }

    /**
     * The guids of the app's processes created by deployments in the state with the status reason (e.g.
     * CANCELED + SUPERSEDED: retired interim processes; DEPLOYED + SUPERSEDED: candidates to survive a cancel).
     */
    public Set<String> processesOfDeployments(AppEntity app, State state, String reason) {
        return new HashSet<>(em.createQuery("select dp.processGuid from DeploymentProcessEntity dp, "
                + "DeploymentEntity d where d.id = dp.deploymentId and d.app = ?1 and d.state = ?2 "
                + "and d.statusReason = ?3", String.class).setParameter(1, app).setParameter(2, state)
                .setParameter(3, reason).getResultList());
    }

    /** Sets the process's desired instances; new ones run the droplet. */
    public void scale(ProcessEntity process, int instances, String dropletGuid) {
        if (process.instances == instances) {
            return;
        }
        process.instances = instances;
        runtime.scale(process, dropletGuid);
    }

    /**
     * An acting tick: CAPI rewrites ACTIVE/DEPLOYING and clears the error on each; unchanged values are not
     * written, so {@code updated_at} moves only when something did (spec §5.6).
     */
    public void acting(DeploymentEntity deployment, Instant now) {
        if (deployment.error != null || !DeploymentEntity.STATUS_ACTIVE.equals(deployment.statusValue)
                || !DeploymentEntity.REASON_DEPLOYING.equals(deployment.statusReason)) {
            deployment.error = null;
            deployment.transition(deployment.state, now);
        }
    }

    /** The canary's instances are all healthy: PAUSED until the user continues (spec §5.3). */
    public void pauseCanary(DeploymentEntity deployment, Instant now) {
        deployment.lastHealthyAt = now;
        deployment.transition(State.PAUSED, now);
    }

    /** The deploying process grows (or shrinks) by the tick's decision; healthy as of now. */
    public void scaleDeploying(DeploymentEntity deployment, ProcessEntity deploying, int instances, Instant now) {
        scale(deploying, instances, deployment.dropletGuid);
        deployment.lastHealthyAt = now;
    }

    /** Removes the process and its instances. */
    public void destroy(ProcessEntity process) {
        runtime.stop(process);
        em.remove(process);
    }

    /**
     * Spec §5.4: every other web process destroyed; non-web processes take the revision's commands and restart
     * on the deployed droplet; DEPLOYED, FINALIZED/DEPLOYED.
     */
    public void finalizeRollout(DeploymentEntity deployment, ProcessEntity deploying, List<ProcessEntity> otherWeb,
            Instant now) {
        otherWeb.forEach(this::destroy);
        AppEntity app = deployment.app;
        RevisionEntity revision = deploying.revisionGuid == null ? null
                : RevisionEntity.<RevisionEntity>find("guid", deploying.revisionGuid).firstResult();
        List<ProcessEntity> nonWeb = em.createQuery("from ProcessEntity p where p.app = ?1 and p.type <> ?2",
                ProcessEntity.class).setParameter(1, app).setParameter(2, ProcessEntity.WEB).getResultList();
        for (ProcessEntity process : nonWeb) {
            if (revision != null) {
                process.command = revision.processes.get(process.type);
                process.revisionGuid = revision.guid;
            }
            if (app.isStarted()) {
                runtime.restart(process, app.dropletGuid);
            }
        }
        deployment.error = null;
        deployment.transition(State.DEPLOYED, now);
    }

    /**
     * Spec §5.5, the updater's part: only {@code keep} stays, at the original instance count; CANCELED,
     * FINALIZED/CANCELED, error cleared.
     */
    public void finishCancel(DeploymentEntity deployment, List<ProcessEntity> web, ProcessEntity keep, Instant now) {
        for (ProcessEntity process : web) {
            if (process != keep) {
                destroy(process);
            }
        }
        if (keep != null) {
            scale(keep, deployment.originalWebProcessInstanceCount, deployment.app.dropletGuid);
        }
        deployment.error = null;
        deployment.transition(State.CANCELED, now);
    }

    /** A step failed: its text goes to {@code status.details.error} while the deployment is still moving. */
    public void recordError(String deploymentGuid, String error) {
        em.createQuery("update DeploymentEntity d set d.error = ?1 where d.guid = ?2 and d.state in ?3")
                .setParameter(1, error).setParameter(2, deploymentGuid)
                .setParameter(3, State.MOVING).executeUpdate();
    }
}

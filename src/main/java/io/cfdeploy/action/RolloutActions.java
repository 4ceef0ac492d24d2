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
import org.hibernate.Locking;
import org.hibernate.Timeouts;
import org.hibernate.jpa.AvailableHints;
import org.hibernate.query.SelectionQuery;
import java.time.Instant;
import java.util.ArrayList;
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

    /**
     * A claimed deployment with its app's web processes, oldest first, all locked until the step commits; for each
     * web process whether a deployment of the app that ended CANCELED/SUPERSEDED created it (a retired interim
     * process) and whether one that ended DEPLOYED/SUPERSEDED did (a candidate to survive a cancel).
     */
    public record Claim(Outcome outcome, DeploymentEntity deployment, List<ProcessEntity> webProcesses,
            Set<String> retired, Set<String> supersededDeployed) {
        Claim(Outcome outcome) {
            this(outcome, null, List.of(), Set.of(), Set.of());
        }
    }

    /**
     * Locks the app and the deployment, then the app's web processes — the order every action uses, so no
     * deadlock. The app row is the lease: when another worker (or replica, or an API request) holds it (or the
     * deployment row), the deployment is left alone ({@code SKIP LOCKED}) and reported BUSY. Two statements: the
     * moving deployment with its app, both locked, and the web processes, locked, with what the step needs to know
     * of the deployments that created them. A deployment that is not moving locks nothing and costs one more read
     * (its state) after the first, which found no moving row; a scheduler (or a GET) asks about those rarely.
     */
    public Claim claim(String deploymentGuid) {
        @SuppressWarnings("unchecked")
        SelectionQuery<DeploymentEntity> moving = em.createQuery("from DeploymentEntity d join fetch d.app "
                + "where d.guid = ?1 and d.state in ?2", DeploymentEntity.class).unwrap(SelectionQuery.class);
        DeploymentEntity deployment = moving.setParameter(1, deploymentGuid).setParameter(2, State.MOVING)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .setLockScope(Locking.Scope.INCLUDE_FETCHES)
                .setHint(AvailableHints.HINT_SPEC_LOCK_TIMEOUT, Timeouts.SKIP_LOCKED_MILLI)
                .getResultStream().findFirst().orElse(null);
        if (deployment == null) {
            List<?> state = em.createNativeQuery("SELECT state FROM deployments WHERE guid = ?1")
                    .setParameter(1, deploymentGuid).getResultList();
            if (state.isEmpty()) {
                return new Claim(Outcome.GONE);
            }
            return new Claim(State.MOVING.contains(State.valueOf((String) state.get(0))) ? Outcome.BUSY
                    : Outcome.SETTLED);
        }
        List<Object[]> rows = em.createQuery("select p, "
                + "case when exists (select 1 from DeploymentEntity d where d.deployingWebProcessGuid = p.guid "
                + "and d.app = p.app and d.state = ?3 and d.statusReason = ?5) then true else false end, "
                + "case when exists (select 1 from DeploymentEntity d where d.deployingWebProcessGuid = p.guid "
                + "and d.app = p.app and d.state = ?4 and d.statusReason = ?5) then true else false end "
                + "from ProcessEntity p where p.app = ?1 and p.type = ?2 order by p.createdAt, p.id", Object[].class)
                .setParameter(1, deployment.app).setParameter(2, ProcessEntity.WEB)
                .setParameter(3, State.CANCELED).setParameter(4, State.DEPLOYED)
                .setParameter(5, DeploymentEntity.REASON_SUPERSEDED)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList();
        List<ProcessEntity> web = new ArrayList<>(rows.size());
        Set<String> retired = new HashSet<>();
        Set<String> supersededDeployed = new HashSet<>();
        for (Object[] row : rows) {
            ProcessEntity process = (ProcessEntity) row[0];
            web.add(process);
            if (Boolean.TRUE.equals(row[1])) {
                retired.add(process.guid);
            }
            if (Boolean.TRUE.equals(row[2])) {
                supersededDeployed.add(process.guid);
            }
        }
        return new Claim(Outcome.CLAIMED, deployment, web, retired, supersededDeployed);
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

    /** Removes the process and its instances (which go with its row). */
    public void destroy(ProcessEntity process) {
        runtime.processDeleted(process);
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
        List<ProcessEntity> nonWeb = em.createQuery("from ProcessEntity p where p.app = ?1 and p.type <> ?2",
                ProcessEntity.class).setParameter(1, app).setParameter(2, ProcessEntity.WEB).getResultList();
        RevisionEntity revision = nonWeb.isEmpty() || deploying.revisionGuid == null ? null
                : RevisionEntity.<RevisionEntity>find("guid", deploying.revisionGuid).firstResult();
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

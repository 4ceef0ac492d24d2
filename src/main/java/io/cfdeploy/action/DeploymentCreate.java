package io.cfdeploy.action;

import io.cfdeploy.audit.Actor;
import io.cfdeploy.audit.AuditRecorder;
import io.cfdeploy.config.CfdeployConfig;
import io.cfdeploy.error.CfError;
import io.cfdeploy.error.CfException;
import io.cfdeploy.message.DeploymentCreateMessage;
import io.cfdeploy.message.Parsed;
import io.cfdeploy.model.AppEntity;
import io.cfdeploy.model.DeploymentEntity;
import io.cfdeploy.model.DeploymentEntity.State;
import io.cfdeploy.model.DropletEntity;
import io.cfdeploy.model.ProcessEntity;
import io.cfdeploy.model.RevisionEntity;
import io.cfdeploy.runtime.InstanceRuntime;
import io.cfdeploy.security.Caller;
import io.cfdeploy.security.Permissions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.cfdeploy.rollout.plan.FirstBatch;
/**
 * {@code POST /v3/deployments} (CAPI's DeploymentCreate): one transaction with the app's row locked, so that
 * creates, cancels and the rollout engine of one app are serialised. A stopped app is deployed at once; a started
 * app's deployment stays ACTIVE/DEPLOYING (canary: PREPAUSED) with its deploying web process scaled to the first
 * batch, and the rollout engine moves it on after the commit.
 */
@ApplicationScoped
public class DeploymentCreate {
    static final String UNABLE_TO_USE_APP = "Unable to use app. Ensure that the app exists and you have access to it.";
    static final String REVISIONS_DISABLED =
            "Cannot create deployment from a revision for an app without revisions enabled";
    static final String NO_REVISION = "The revision does not exist";
    static final String REVISION_DROPLET_GONE =
            "Unable to deploy this revision, the droplet for this revision no longer exists.";
    static final String NO_DROPLET =
            "Invalid droplet. Please specify a droplet in the request or set a current droplet for the app.";

    private final EntityManager em;
    private final CfdeployConfig config;
    private final Permissions permissions;
    private final DropletAssign dropletAssign;
    private final RevisionResolver revisions;
    private final MetadataApply metadata;
    private final InstanceRuntime runtime;
    private final AuditRecorder audit;
    private final Event<DeploymentActivity> activity;

    DeploymentCreate(EntityManager em, CfdeployConfig config, Permissions permissions, DropletAssign dropletAssign,
            RevisionResolver revisions, MetadataApply metadata, InstanceRuntime runtime, AuditRecorder audit,
            Event<DeploymentActivity> activity) {
        this.em = em;
        this.config = config;
        this.permissions = permissions;
        this.dropletAssign = dropletAssign;
        this.revisions = revisions;
        this.metadata = metadata;
        this.runtime = runtime;
        this.audit = audit;
        this.activity = activity;
    }

    /**
     * {@code POST /v3/deployments} in spec §2.1's order: 403 when disabled; the message's 422s (before any access
     * check); 422 "Unable to use app…" for a missing or unmanageable app; 403 suspended; 422 revisions disabled;
     * then the create action of spec §4.
     *
     * <p>What it reads, it reads once: the app (with its space and organization) is read under its lock in the
     * first statement, its processes in one query that serves the droplet's process types, the revision's commands
     * and the web processes; the active deployment is read under its lock.
     */
    @Transactional
    public DeploymentEntity create(Caller caller, Parsed<DeploymentCreateMessage> body) {
        if (config.deployments().disabled()) {
            throw CfError.DEPLOYMENTS_DISABLED.exception();
        }
        DeploymentCreateMessage message = body.message();
        // locked at once (the lock is released with the transaction should a check below refuse)
        AppEntity app = message.appGuid() == null ? null
                : AppEntity.<AppEntity>find("from AppEntity a join fetch a.space s join fetch s.organization "
                        + "where a.guid = ?1", message.appGuid()).withLock(LockModeType.PESSIMISTIC_WRITE)
                        .firstResult();
        if (app == null || !permissions.rolesIn(caller, app.space).canManageApps()) {
            throw CfException.unprocessable(UNABLE_TO_USE_APP);
        }
        Permissions.requireActive(caller, app.space);
        if (message.revisionGiven() && !app.revisionsEnabled) {
            throw CfException.unprocessable(REVISIONS_DISABLED);
        }
        Actor actor = Actors.of(caller);
        Instant now = DeploymentEntity.now();

        String previousDroplet = app.dropletGuid;
        RevisionEntity target = null;
        String dropletGuid;
        if (message.revisionGiven()) {
            target = message.revisionGuid() == null ? null
                    : RevisionEntity.<RevisionEntity>find("guid = ?1 and app = ?2", message.revisionGuid(), app)
                            .firstResult(); // only the app's own revisions: another app's is "does not exist"
            if (target == null) {
                throw CfException.unprocessable(NO_REVISION);
            }
            DropletEntity droplet = DropletEntity.<DropletEntity>find("guid", target.dropletGuid).firstResult();
            if (droplet == null || DropletEntity.EXPIRED.equals(droplet.state)) {
                throw CfException.unprocessable(REVISION_DROPLET_GONE);
            }
            dropletGuid = target.dropletGuid;
        } else if (message.dropletGiven()) {
            dropletGuid = message.dropletGuid();
        } else {
            dropletGuid = app.dropletGuid;
            if (dropletGuid == null) {
                throw CfException.unprocessable(NO_DROPLET);
            }
        }
        // every process of the app, oldest first; the droplet's new process types are appended
        List<ProcessEntity> processes = new ArrayList<>(
                ProcessEntity.<ProcessEntity>list("app = ?1 order by createdAt, id", app));
        dropletAssign.assign(app, dropletGuid, actor, processes);
        if (target != null) {
            // a rollback also restores the revision's environment variables (sidecars are not modelled)
            app.environmentVariables = new LinkedHashMap<>(target.environmentVariables);
        }
        RevisionEntity revision = target != null ? revisions.rollback(app, target, actor)
                : revisions.resolve(app, actor, processes);

        DeploymentEntity active = activeDeployment(app);
        List<ProcessEntity> webs = processes.stream().filter(ProcessEntity::isWeb).toList();
        ProcessEntity oldest = webs.isEmpty() ? null : webs.get(0);
        ProcessEntity newest = webs.isEmpty() ? null : webs.get(webs.size() - 1);

        DeploymentEntity deployment = new DeploymentEntity();
        deployment.app = app;
        deployment.createdAt = now;
        deployment.updatedAt = now;
        deployment.statusUpdatedAt = now;
        deployment.lastHealthyAt = now;
        deployment.strategy = message.strategy();
        deployment.transition(message.isCanary() ? State.PREPAUSED : State.DEPLOYING, now);
        deployment.statusUpdatedAt = now;
        deployment.dropletGuid = dropletGuid;
        deployment.previousDropletGuid = previousDroplet;
        if (revision != null) {
            deployment.revisionGuid = revision.guid;
            deployment.revisionVersion = revision.version;
        }
        deployment.maxInFlight = message.maxInFlight();
        deployment.webInstances = message.webInstances();
        deployment.memoryInMb = message.memoryInMb();
        deployment.diskInMb = message.diskInMb();
        deployment.logRateLimitInBytesPerSecond = message.logRateLimitInBytesPerSecond();
        if (message.canarySteps() != null) {
            List<Map<String, Object>> steps = new ArrayList<>();
            message.canarySteps().forEach(weight -> steps.add(Map.of("instance_weight", weight)));
            deployment.canarySteps = steps;
        }
        deployment.canaryCurrentStep = message.isCanary() ? 1 : null;
        deployment.originalWebProcessInstanceCount = active != null ? active.originalWebProcessInstanceCount
                : oldest != null ? oldest.instances : 0;
        metadata.apply(deployment, message.metadata());

        if (!app.isStarted()) {
            deployStopped(app, newest, processes, deployment, revision, actor, now);
        } else {
            deployStarted(app, newest, deployment, active, revision, now);
        }
        em.flush();
        recordCreate(app, deployment, message, actor);
        if (State.ACTIVE.contains(deployment.state)) {
            activity.fire(new DeploymentActivity(deployment.guid));
        }
        return deployment;
    }

    /**
     * Spec §4.2: the newest web process takes the options, the app starts, the deployment is DEPLOYED at once.
     * The deployment is written once, already DEPLOYED.
     */
    private void deployStopped(AppEntity app, ProcessEntity newest, List<ProcessEntity> processes,
            DeploymentEntity deployment, RevisionEntity revision, Actor actor, Instant now) {
        if (newest != null) {
            applyOverrides(newest, deployment);
            if (deployment.webInstances != null) {
                newest.instances = deployment.webInstances;
            }
        }
        app.desiredState = AppEntity.STARTED;
        app.updatedAt = now;
        deployment.transition(State.DEPLOYED, now);
        deployment.persist();
        for (ProcessEntity process : processes) {
            process.version = UUID.randomUUID().toString();
            if (revision != null) {
                process.revisionGuid = revision.guid;
            }
            runtime.scale(process, revision != null ? revision.dropletGuid : app.dropletGuid);
        }
        audit.record("audit.app.start", actor, AppTargets.of(app), Map.of());
    }

    /**
     * Spec §4.3: clone the newest web process as the deploying process with the first batch of instances, record
     * it as the deployment's deploying web process (its new_processes), supersede the active deployment and start
     * the new process. The process is written first, so that the deployment is inserted already naming it.
     */
    private void deployStarted(AppEntity app, ProcessEntity source, DeploymentEntity deployment,
            DeploymentEntity active, RevisionEntity revision, Instant now) {
        ProcessEntity process = ProcessEntity.newWebProcessLike(app, source);
        if (revision != null) {
            process.command = revision.processes.get(ProcessEntity.WEB);
            process.revisionGuid = revision.guid;
        }
        process.instances = initialInstances(deployment);
        applyOverrides(process, deployment);
        // created a moment after the source so that "the newest web process" is this one
        process.createdAt = now;
        process.persist();

        deployment.deployingWebProcessGuid = process.guid;
        deployment.persist();

        if (active != null) {
            active.supersede(now); // locked when it was read
        }
        runtime.startNew(process, deployment.dropletGuid);
    }

    /** Spec §4.3 step 2, decided by the plan. */
    static int initialInstances(DeploymentEntity deployment) {
        return FirstBatch.instances(deployment.isCanary(), deployment.isCanary() ? deployment.canaryWeight(1) : null,
                deployment.originalWebProcessInstanceCount, deployment.webInstances, deployment.maxInFlight);
    }

    private static void applyOverrides(ProcessEntity process, DeploymentEntity deployment) {
        if (deployment.memoryInMb != null) {
            process.memoryInMb = deployment.memoryInMb;
        }
        if (deployment.diskInMb != null) {
            process.diskInMb = deployment.diskInMb;
        }
        if (deployment.logRateLimitInBytesPerSecond != null) {
            process.logRateLimitInBytesPerSecond = deployment.logRateLimitInBytesPerSecond;
        }
    }

    private void recordCreate(AppEntity app, DeploymentEntity deployment, DeploymentCreateMessage message,
            Actor actor) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("deployment_guid", deployment.guid);
        data.put("droplet_guid", deployment.dropletGuid);
        data.put("type", message.isRollback() ? "rollback" : null);
        data.put("revision_guid", deployment.revisionGuid);
        data.putAll(RequestData.of(message.request()));
        data.put("strategy", deployment.strategy.wireName());
        audit.record("audit.app.deployment.create", actor, AppTargets.of(app), data);
    }

    /** The app's ACTIVE deployment (the newest, should there be several), or null; locked (after the app). */
    private DeploymentEntity activeDeployment(AppEntity app) {
        return em.createQuery("from DeploymentEntity d where d.app = ?1 and d.statusValue = ?2 order by d.id desc",
                DeploymentEntity.class).setParameter(1, app).setParameter(2, DeploymentEntity.STATUS_ACTIVE)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE).setMaxResults(1).getResultStream().findFirst()
                .orElse(null);
    }
}

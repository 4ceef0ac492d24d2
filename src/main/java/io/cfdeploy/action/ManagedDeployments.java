package io.cfdeploy.action;

import io.cfdeploy.audit.Actor;
import io.cfdeploy.audit.AuditRecorder;
import io.cfdeploy.error.CfException;
import io.cfdeploy.fetch.DeploymentFetcher;
import io.cfdeploy.fetch.Visible;
import io.cfdeploy.model.DeploymentEntity;
import io.cfdeploy.security.Caller;
import io.cfdeploy.security.Permissions;
import io.cfdeploy.security.RoleSet;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What cancel and continue share: who may act on a deployment, its locks, CAPI's refusal text, and the tail of the
 * change (the audit event, the flush, the activity that wakes the scheduler once the transaction commits).
 */
@ApplicationScoped
public class ManagedDeployments {
    private final EntityManager em;
    private final DeploymentFetcher deployments;
    private final AuditRecorder audit;
    private final Event<DeploymentActivity> activity;

    ManagedDeployments(EntityManager em, DeploymentFetcher deployments, AuditRecorder audit,
            Event<DeploymentActivity> activity) {
        this.em = em;
        this.deployments = deployments;
        this.audit = audit;
        this.activity = activity;
    }

    /** 404 unless admin, space developer or supporter (even for readers); 403 suspended; app then deployment locked. */
    DeploymentEntity lock(Caller caller, String guid) {
        Visible<DeploymentEntity> found = deployments.find(caller, guid);
        RoleSet roles = found.roles();
        if (!roles.canManageApps()) {
            throw DeploymentFetcher.notFound();
        }
        DeploymentEntity deployment = found.resource();
        Permissions.requireActive(caller, deployment.app.space);
        em.refresh(deployment.app, LockModeType.PESSIMISTIC_WRITE);
        em.refresh(deployment, LockModeType.PESSIMISTIC_WRITE);
        return deployment;
    }

    /** 422 "Cannot cancel a deployment with status: … and reason: …", as CAPI words it. */
    static CfException refused(String action, DeploymentEntity deployment) {
        return CfException.unprocessable("Cannot " + action + " a deployment with status: " + deployment.statusValue
                + " and reason: " + deployment.statusReason);
    }

    /** Records {@code type}, writes the change, and wakes the scheduler for the deployment after the commit. */
    void changed(String type, DeploymentEntity deployment, Actor actor) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("deployment_guid", deployment.guid);
        data.put("droplet_guid", deployment.dropletGuid);
        audit.record(type, actor, AppTargets.of(deployment.app), data);
        em.flush();
        activity.fire(new DeploymentActivity(deployment.guid));
    }
}

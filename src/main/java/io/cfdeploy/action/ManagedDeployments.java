package io.cfdeploy.action;

import io.cfdeploy.audit.Actor;
import io.cfdeploy.audit.AuditRecorder;
import io.cfdeploy.fetch.DeploymentFetcher;
import io.cfdeploy.fetch.Visible;
import io.cfdeploy.model.DeploymentEntity;
import io.cfdeploy.security.Caller;
import io.cfdeploy.security.Permissions;
import io.cfdeploy.security.RoleSet;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.util.LinkedHashMap;
import java.util.Map;

/** What cancel and continue share: who may act on a deployment, its locks, and the event each records. */
@ApplicationScoped
public class ManagedDeployments {
    private final EntityManager em;
    private final DeploymentFetcher deployments;
    private final AuditRecorder audit;

    ManagedDeployments(EntityManager em, DeploymentFetcher deployments, AuditRecorder audit) {
        this.em = em;
        this.deployments = deployments;
        this.audit = audit;
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

    void record(String type, DeploymentEntity deployment, Actor actor) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("deployment_guid", deployment.guid);
        data.put("droplet_guid", deployment.dropletGuid);
        audit.record(type, actor, AppTargets.of(deployment.app), data);
    }
}

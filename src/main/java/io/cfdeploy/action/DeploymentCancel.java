package io.cfdeploy.action;

import io.cfdeploy.audit.Actor;
import io.cfdeploy.model.AppEntity;
import io.cfdeploy.model.DeploymentEntity;
import io.cfdeploy.model.DeploymentEntity.State;
import io.cfdeploy.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * {@code POST /v3/deployments/:guid/actions/cancel} (CAPI's DeploymentCancel): the previous droplet becomes current
 * again and the deployment CANCELING; the rollout engine then removes the deploying process and finalizes it.
 */
@ApplicationScoped
public class DeploymentCancel {
    private final ManagedDeployments managed;
    private final DropletAssign dropletAssign;

    DeploymentCancel(ManagedDeployments managed, DropletAssign dropletAssign) {
        this.managed = managed;
        this.dropletAssign = dropletAssign;
    }

    /**
     * {@code POST …/actions/cancel}, spec §2.5 and §5.5: 404 unless the caller manages apps in the space, 403
     * suspended, 422 unless active; the previous droplet becomes current again
     * ({@code audit.app.droplet.mapped}), {@code audit.app.deployment.cancel}, state CANCELING.
     */
    @Transactional
    public DeploymentEntity cancel(Caller caller, String guid) {
        DeploymentEntity deployment = managed.lock(caller, guid);
        if (!State.ACTIVE.contains(deployment.state)) {
            throw ManagedDeployments.refused("cancel", deployment);
        }
        AppEntity app = deployment.app;
        Actor actor = Actors.of(caller);
        dropletAssign.assign(app, deployment.previousDropletGuid, actor);
        deployment.transition(State.CANCELING, DeploymentEntity.now());
        managed.changed("audit.app.deployment.cancel", deployment, actor);
        return deployment;
    }
}

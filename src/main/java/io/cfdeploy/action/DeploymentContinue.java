package io.cfdeploy.action;

import io.cfdeploy.model.DeploymentEntity;
import io.cfdeploy.model.DeploymentEntity.State;
import io.cfdeploy.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;

/** {@code POST /v3/deployments/:guid/actions/continue} (CAPI's DeploymentContinue): the next canary step. */
@ApplicationScoped
public class DeploymentContinue {
    private final ManagedDeployments managed;

    DeploymentContinue(ManagedDeployments managed) {
        this.managed = managed;
    }

    /**
     * {@code POST …/actions/continue}, spec §2.6 and §5.3: 404 unless the caller manages apps in the space, 403
     * suspended, 422 unless PAUSED; the next canary step (PREPAUSED) or, after the last, DEPLOYING.
     */
    @Transactional
    public DeploymentEntity proceed(Caller caller, String guid) {
        DeploymentEntity deployment = managed.lock(caller, guid);
        if (deployment.state != State.PAUSED) {
            throw ManagedDeployments.refused("continue", deployment);
        }
        Instant now = DeploymentEntity.now();
        int current = deployment.canaryCurrentStep == null ? 1 : deployment.canaryCurrentStep;
        if (deployment.canarySteps != null && current < deployment.canarySteps.size()) {
            deployment.canaryCurrentStep = current + 1;
            deployment.transition(State.PREPAUSED, now);
        } else {
            deployment.transition(State.DEPLOYING, now);
        }
        managed.changed("audit.app.deployment.continue", deployment, Actors.of(caller));
        return deployment;
    }
}

package io.cfdeploy.rollout;

import io.cfdeploy.model.DeploymentEntity;
import io.cfdeploy.model.DeploymentEntity.State;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import java.util.List;

/**
 * What the scheduler runs on the managed executor's threads, where no request is active: each call gets a request
 * context of its own (the persistence layer's session lives in it) by annotation.
 */
@ApplicationScoped
public class RolloutWork {
    private final DeploymentStepper stepper;

    RolloutWork(DeploymentStepper stepper) {
        this.stepper = stepper;
    }

    /** One pass of the engine over the deployment. */
    @ActivateRequestContext
    public Progress advance(String deploymentGuid) {
        return stepper.advance(deploymentGuid);
    }

    /** The deployments the engine moves, to watch at start and after missed replica notifications. */
    @ActivateRequestContext
    public List<String> movingDeployments() {
        return QuarkusTransaction.requiringNew().call(() -> DeploymentEntity.guidsIn(State.MOVING));
    }
}

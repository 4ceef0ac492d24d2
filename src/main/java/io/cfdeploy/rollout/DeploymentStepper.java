package io.cfdeploy.rollout;

import io.cfdeploy.action.DueSteps;

/**
 * Moves one deployment forward by whatever is due now. The engine implements it; the scheduler decides when to
 * call it (on activity, when the runtime says instances change, at start-up) and a read of an active deployment
 * may call it so a polling client sees progress.
 */
public interface DeploymentStepper extends DueSteps {

    /**
     * Applies every step of the deployment that is due now — each in its own transaction with the deployment row
     * locked ({@code FOR UPDATE SKIP LOCKED}: a row another worker holds is left alone and reported
     * {@link Progress#busy}) — and says when to look again. Never throws for a failing step: the failure is
     * stored on the deployment ({@code status.details.error}) and a retry is scheduled.
     */
    Progress advance(String deploymentGuid);

    /**
     * What a client's read calls: {@link #advance} unless a failing step's retry is not due yet (the back-off
     * holds for polls too), and whether a step was tried. Answers from memory when it is not due.
     */
    @Override
    default boolean advanceIfDue(String deploymentGuid) {
        advance(deploymentGuid);
        return true;
    }
}

package io.cfdeploy.action;

/**
 * The rollout engine as the reads that advance a deployment see it (product.md §5); the engine implements it. A
 * port here keeps the HTTP layer and the actions independent of the engine's package.
 */
public interface DueSteps {

    /**
     * Applies the deployment's due steps, each in its own transaction, unless a failing step's retry is not due
     * yet (the back-off holds for polls too); whether a step was tried.
     */
    boolean advanceIfDue(String deploymentGuid);
}

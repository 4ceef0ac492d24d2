package io.cfdeploy.action;

/**
 * Fired (CDI event, inside the transaction) whenever an action leaves a deployment in a state the rollout engine
 * must act on: created active, continued, cancelled, superseded. Observers that wake the engine listen with
 * {@code during = TransactionPhase.AFTER_SUCCESS}, so they only ever see committed work.
 */
public record DeploymentActivity(String deploymentGuid) {
}

package io.cfdeploy.action;

/**
 * Fired (CDI event, inside the transaction) whenever an action changes which routes exist or where they lead:
 * a route created or deleted, destinations added, replaced or removed, an app, space or organization deleted with
 * its mappings. The router observes it with {@code during = TransactionPhase.AFTER_SUCCESS} and rebuilds its table
 * at its next request, so it only ever sees committed mappings.
 */
public record RoutesChanged() {
}

package io.cfdeploy.action;

/** A build committed in STAGING: staging starts once the creating transaction has committed. */
public record BuildCreated(String buildGuid) {
}

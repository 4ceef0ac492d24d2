package io.cfdeploy.action;

import io.cfdeploy.audit.Actor;
import io.cfdeploy.security.Caller;

/** The audit actor for a caller. */
final class Actors {
    private Actors() {
    }

    static Actor of(Caller caller) {
        return new Actor(caller.userGuid(), "user", caller.displayName(), caller.userName());
    }
}

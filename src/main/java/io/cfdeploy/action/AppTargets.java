package io.cfdeploy.action;

import io.cfdeploy.audit.Target;
import io.cfdeploy.model.AppEntity;

/** The audit target for events about an app (CAPI's app event repository: actee = the app). */
final class AppTargets {
    private AppTargets() {
    }

    static Target of(AppEntity app) {
        return new Target(app.guid, "app", app.name, app.space.guid, app.space.organization.guid);
    }
}

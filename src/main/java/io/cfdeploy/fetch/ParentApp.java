package io.cfdeploy.fetch;

import io.cfdeploy.error.CfException;
import io.cfdeploy.model.AppEntity;
import io.cfdeploy.security.Caller;
import io.cfdeploy.security.Permissions;
import io.cfdeploy.security.RoleSet;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The app of an app-nested route ({@code /v3/apps/:guid/processes}, {@code …/revisions}): 404 "App not found" when
 * it is missing or the caller cannot read its space, as CAPI's {@code app_not_found!}.
 */
@ApplicationScoped
public class ParentApp {
    private final Permissions permissions;

    ParentApp(Permissions permissions) {
        this.permissions = permissions;
    }

    /** The app with its space and organization, and the caller's roles there. */
    public Visible<AppEntity> readable(Caller caller, String guid) {
        AppEntity app = AppEntity.findByGuid(guid).orElseThrow(ParentApp::notFound);
        RoleSet roles = permissions.rolesIn(caller, app.space);
        if (!roles.canReadSpace()) {
            throw notFound();
        }
        return new Visible<>(app, roles);
    }

    public static CfException notFound() {
        return CfException.notFound("App");
    }
}

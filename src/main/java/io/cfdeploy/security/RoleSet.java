package io.cfdeploy.security;

import io.cfdeploy.model.RoleType;
import java.util.EnumSet;
import java.util.Set;

/** The roles a caller holds in one space and its organization, plus their global scopes. */
public record RoleSet(Caller caller, Set<RoleType> roles) {
    public boolean has(RoleType type) {
        return roles.contains(type);
    }

    public boolean hasAny(RoleType... types) {
        for (RoleType type : types) {
            if (roles.contains(type)) {
                return true;
            }
        }
        return false;
    }

    /** Read a space: global readers, its developers, managers, auditors, supporters, the org's managers. */
    public boolean canReadSpace() {
        return caller.canReadGlobally() || hasAny(RoleType.SPACE_DEVELOPER, RoleType.SPACE_MANAGER,
                RoleType.SPACE_AUDITOR, RoleType.SPACE_SUPPORTER, RoleType.ORGANIZATION_MANAGER);
    }

    /**
     * Download a droplet's bits: global readers, the space's developers, managers and auditors, the org's managers;
     * not space supporters, who may read the space (CAPI's {@code ROLES_FOR_DROPLET_DOWLOAD}).
     */
    public boolean canDownloadDroplet() {
        return caller.canReadGlobally() || hasAny(RoleType.SPACE_DEVELOPER, RoleType.SPACE_MANAGER,
                RoleType.SPACE_AUDITOR, RoleType.ORGANIZATION_MANAGER);
    }

    /** Read an organization: global readers and any organization role. */
    public boolean canReadOrganization() {
        return caller.canReadGlobally() || hasAny(RoleType.ORGANIZATION_USER, RoleType.ORGANIZATION_MANAGER,
                RoleType.ORGANIZATION_AUDITOR, RoleType.ORGANIZATION_BILLING_MANAGER);
    }

    /** Manage apps (create, start, deploy, cancel): admin, space developer, space supporter. */
    public boolean canManageApps() {
        return caller.isAdmin() || hasAny(RoleType.SPACE_DEVELOPER, RoleType.SPACE_SUPPORTER);
    }

    /** Write to a space's resources (metadata, settings): admin, space developer. */
    public boolean canWriteToSpace() {
        return caller.isAdmin() || has(RoleType.SPACE_DEVELOPER);
    }

    /**
     * See secrets in the space (droplet execution metadata and process types, process commands): admin,
     * admin_read_only, space developer (CAPI's {@code can_read_secrets_in_space?}).
     */
    public boolean canReadSecrets() {
        return caller.isAdmin() || caller.scopes().contains(Caller.ADMIN_READ_ONLY)
                || has(RoleType.SPACE_DEVELOPER);
    }

    /**
     * Read an app's environment variables: admin, admin_read_only, space developer, space supporter (CAPI's
     * {@code can_read_app_environment_variables?}).
     */
    public boolean canReadEnvironmentVariables() {
        return canReadSecrets() || has(RoleType.SPACE_SUPPORTER);
    }

    /** Update the space itself and its roles: admin, organization manager, space manager. */
    public boolean canUpdateSpace() {
        return caller.isAdmin() || hasAny(RoleType.ORGANIZATION_MANAGER, RoleType.SPACE_MANAGER);
    }

    /** Write to the organization (spaces, org roles, settings): admin, organization manager. */
    public boolean canWriteToOrganization() {
        return caller.isAdmin() || has(RoleType.ORGANIZATION_MANAGER);
    }

    public static RoleSet none(Caller caller) {
        return new RoleSet(caller, EnumSet.noneOf(RoleType.class));
    }
}

package io.cfdeploy.security;

import java.util.Set;

/**
 * Who is calling, from a verified token: the user guid ({@code user_id}, else {@code sub}), names and scopes.
 */
public record Caller(String userGuid, String userName, String email, String origin, String clientId,
        Set<String> scopes) {
    public static final String ADMIN = "cloud_controller.admin";
    public static final String ADMIN_READ_ONLY = "cloud_controller.admin_read_only";
    public static final String GLOBAL_AUDITOR = "cloud_controller.global_auditor";
    public static final String READ = "cloud_controller.read";
    public static final String WRITE = "cloud_controller.write";

    public boolean isAdmin() {
        return scopes.contains(ADMIN);
    }

    /** Admin, admin_read_only or global_auditor: may read everything. */
    public boolean canReadGlobally() {
        return isAdmin() || scopes.contains(ADMIN_READ_ONLY) || scopes.contains(GLOBAL_AUDITOR);
    }

    /** GET needs cloud_controller.read, unless a global reader. */
    public boolean hasReadScope() {
        return canReadGlobally() || scopes.contains(READ);
    }

    /** POST/PATCH/DELETE need cloud_controller.write, unless admin. */
    public boolean hasWriteScope() {
        return isAdmin() || scopes.contains(WRITE);
    }

    /** The name audit events show for the actor: the email, else the user name, else the client id. */
    public String displayName() {
        if (email != null) {
            return email;
        }
        return userName != null ? userName : clientId;
    }
}

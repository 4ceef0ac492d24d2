package io.cfdeploy.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fresh organization and space with one user per role that matters for apps and droplets, and their tokens:
 * space developer, supporter, auditor and manager, organization manager and auditor, a user without roles and a
 * global auditor.
 */
public record Members(String org, String space, String developer, String supporter, String auditor,
        String spaceManager, String orgManager, String orgAuditor, String noRole, String globalAuditor) {

    public static Members create() {
        String org = Fixtures.org();
        String space = Fixtures.space(org);
        String orgManager = Fixtures.newGuid();
        Fixtures.orgRole("organization_manager", orgManager, org);
        String orgAuditor = Fixtures.newGuid();
        Fixtures.orgRole("organization_auditor", orgAuditor, org);
        return new Members(org, space,
                Tokens.user(Fixtures.spaceMember("space_developer", org, space)),
                Tokens.user(Fixtures.spaceMember("space_supporter", org, space)),
                Tokens.user(Fixtures.spaceMember("space_auditor", org, space)),
                Tokens.user(Fixtures.spaceMember("space_manager", org, space)),
                Tokens.user(orgManager), Tokens.user(orgAuditor), Tokens.user(Fixtures.newGuid()),
                Tokens.forUser(Fixtures.newGuid(), List.of("cloud_controller.global_auditor")));
    }

    /**
     * A token per role that matters in a fresh org and space, keyed by CAPI's role name (plus {@code admin},
     * {@code admin_read_only}, {@code global_auditor} and {@code no_role}). Every token carries
     * cloud_controller.read and cloud_controller.write, as in CAPI's request specs, so the role alone decides.
     */
    public static Map<String, String> byRole(String org, String space) {
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("admin", Tokens.admin());
        tokens.put("admin_read_only", Tokens.forUser(Fixtures.newGuid(), List.of("cloud_controller.admin_read_only",
                "cloud_controller.read", "cloud_controller.write")));
        tokens.put("global_auditor", Tokens.forUser(Fixtures.newGuid(), List.of("cloud_controller.global_auditor",
                "cloud_controller.read", "cloud_controller.write")));
        for (String orgRole : List.of("organization_manager", "organization_auditor",
                "organization_billing_manager")) {
            String user = Fixtures.newGuid();
            Fixtures.orgRole(orgRole, user, org);
            tokens.put(orgRole, Tokens.user(user));
        }
        for (String spaceRole : List.of("space_developer", "space_supporter", "space_manager", "space_auditor")) {
            tokens.put(spaceRole, Tokens.user(Fixtures.spaceMember(spaceRole, org, space)));
        }
        tokens.put("no_role", Tokens.user(Fixtures.newGuid()));
        return tokens;
    }

    /** Readers of the space who may not write to it. */
    public List<String> readOnly() {
        return List.of(auditor, spaceManager, orgManager, globalAuditor);
    }

    /** Users who cannot see the space. */
    public List<String> strangers() {
        return List.of(orgAuditor, noRole);
    }
}

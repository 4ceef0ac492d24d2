package io.cfdeploy.support;

import java.util.List;

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

    /** Readers of the space who may not write to it. */
    public List<String> readOnly() {
        return List.of(auditor, spaceManager, orgManager, globalAuditor);
    }

    /** Users who cannot see the space. */
    public List<String> strangers() {
        return List.of(orgAuditor, noRole);
    }
}

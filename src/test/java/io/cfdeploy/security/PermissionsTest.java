package io.cfdeploy.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cfdeploy.support.Db;
import io.cfdeploy.support.Fixtures;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The permission service's scopes — which spaces and organizations a caller may read, write to and manage apps
 * in — each one query, against roles given through the API.
 */
@QuarkusTest
class PermissionsTest {
    @Inject
    Permissions permissions;

    @Inject
    DataSource db;

    private static Caller user(String guid, String... extraScopes) {
        Set<String> scopes = new HashSet<>(Set.of(Caller.READ, Caller.WRITE));
        scopes.addAll(Set.of(extraScopes));
        return new Caller(guid, null, null, "uaa", "cf", scopes);
    }

    private long id(String table, String guid) {
        return ((Number) Db.single(db, "SELECT id FROM " + table + " WHERE guid = ?", guid).get("id")).longValue();
    }

    private <T> T query(Function<Permissions, T> question) {
        return QuarkusTransaction.requiringNew().call(() -> question.apply(permissions));
    }

    @Test
    void eachScopeFollowsCapisRoles() {
        String org = Fixtures.org();
        String first = Fixtures.space(org);
        String second = Fixtures.space(org);
        long orgId = id("organizations", org);
        long firstId = id("spaces", first);
        long secondId = id("spaces", second);
        Caller developer = user(Fixtures.spaceMember("space_developer", org, first));
        Caller supporter = user(Fixtures.spaceMember("space_supporter", org, second));
        Caller auditor = user(Fixtures.spaceMember("space_auditor", org, first));
        String managerGuid = Fixtures.newGuid();
        Fixtures.orgRole("organization_manager", managerGuid, org);
        Caller manager = user(managerGuid);
        Caller admin = user(Fixtures.newGuid(), Caller.ADMIN);
        Caller globalAuditor = user(Fixtures.newGuid(), Caller.GLOBAL_AUDITOR);

        assertEquals(Scope.only(Set.of(firstId)), query(p -> p.writableSpaceIds(developer)));
        assertEquals(Scope.only(Set.of(firstId)), query(p -> p.appManagingSpaceIds(developer)));
        assertEquals(Scope.only(Set.of(firstId)), query(p -> p.readableSpaceIds(developer)));
        assertEquals(Scope.only(Set.of(orgId)), query(p -> p.readableOrganizationIds(developer)));
        assertTrue(query(p -> p.writableOrganizationIds(developer)).isEmpty());

        assertTrue(query(p -> p.writableSpaceIds(supporter)).isEmpty(), "supporters manage apps, not the space");
        assertEquals(Scope.only(Set.of(secondId)), query(p -> p.appManagingSpaceIds(supporter)));

        assertTrue(query(p -> p.writableSpaceIds(auditor)).isEmpty());
        assertTrue(query(p -> p.appManagingSpaceIds(auditor)).isEmpty());
        assertEquals(Scope.only(Set.of(firstId)), query(p -> p.readableSpaceIds(auditor)));

        // an organization manager reads every space of the org and writes to the org, but not to its spaces
        assertEquals(Scope.only(Set.of(firstId, secondId)), query(p -> p.readableSpaceIds(manager)));
        assertEquals(Scope.only(Set.of(orgId)), query(p -> p.writableOrganizationIds(manager)));
        assertTrue(query(p -> p.writableSpaceIds(manager)).isEmpty());
        assertTrue(query(p -> p.appManagingSpaceIds(manager)).isEmpty());

        List<Function<Permissions, Scope<Long>>> asAdmin = List.of(p -> p.readableSpaceIds(admin),
                p -> p.writableSpaceIds(admin), p -> p.appManagingSpaceIds(admin),
                p -> p.readableOrganizationIds(admin), p -> p.writableOrganizationIds(admin));
        for (Function<Permissions, Scope<Long>> question : asAdmin) {
            assertEquals(Scope.everything(), query(question));
        }
        // global readers read everything and write nowhere they hold no role
        assertEquals(Scope.everything(), query(p -> p.readableSpaceIds(globalAuditor)));
        assertTrue(query(p -> p.writableSpaceIds(globalAuditor)).isEmpty());
        assertTrue(query(p -> p.appManagingSpaceIds(globalAuditor)).isEmpty());
        assertTrue(query(p -> p.writableOrganizationIds(globalAuditor)).isEmpty());
    }
}

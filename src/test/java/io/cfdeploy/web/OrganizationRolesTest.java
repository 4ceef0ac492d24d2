package io.cfdeploy.web;

import static io.cfdeploy.support.Fixtures.newGuid;
import static io.cfdeploy.support.Fixtures.uniqueName;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cfdeploy.support.Api;
import io.cfdeploy.support.Db;
import io.cfdeploy.support.Errors;
import io.cfdeploy.support.Fixtures;
import io.cfdeploy.support.Members;
import io.cfdeploy.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * CAPI's rules for writing organizations (organizations_controller.rb, permissions.rb), for every role with
 * write-scoped tokens: update is for admin and organization managers (404 for non-members, then 403 for the other
 * members, then 403 CF-OrgSuspended for a manager of a suspended org, then the body's 422s); create (the
 * user_org_creation flag is off, CAPI's default) and delete are for admins only.
 */
@QuarkusTest
class OrganizationRolesTest {
    private static final Set<String> UPDATERS = Set.of("admin", "organization_manager");

    @Inject
    DataSource db;

    private String name(String org) {
        return (String) Db.single(db, "SELECT name FROM organizations WHERE guid = ?", org).get("name");
    }

    @Test
    void updateFollowsCapisMatrix() {
        String org = Fixtures.org();
        // space members are organization users too (Fixtures.spaceMember)
        Members.byRole(org, Fixtures.space(org)).forEach((role, token) -> {
            String before = name(org);
            String renamed = uniqueName(role);
            String path = "/v3/organizations/" + org;
            if (UPDATERS.contains(role)) {
                Api.as(token).body("{\"name\":\"" + renamed + "\"}").patch(path).then().statusCode(200)
                        .body("name", equalTo(renamed));
                assertEquals(renamed, name(org));
                return;
            }
            if ("no_role".equals(role)) {
                Errors.notFound(Api.as(token).body("{\"name\":\"" + renamed + "\"}").patch(path),
                        "Organization not found");
            } else {
                Errors.notAuthorized(Api.as(token).body("{\"name\":\"" + renamed + "\"}").patch(path));
                // the role is checked before the body
                Errors.notAuthorized(Api.as(token).body("{\"name\":5}").patch(path));
            }
            assertEquals(before, name(org), role);
        });
    }

    @Test
    void aManagerMeetsTheBodyRulesTheUniqueNameAndTheSuspension() {
        String org = Fixtures.org();
        String managerGuid = newGuid();
        Fixtures.orgRole("organization_manager", managerGuid, org);
        String manager = Tokens.user(managerGuid);
        String auditorGuid = newGuid();
        Fixtures.orgRole("organization_auditor", auditorGuid, org);
        String auditor = Tokens.user(auditorGuid);
        String path = "/v3/organizations/" + org;
        String original = name(org);

        Errors.unprocessable(Api.as(manager).body("{\"name\":5}").patch(path), "Name must be a string");
        String taken = name(Fixtures.org());
        Errors.unprocessable(Api.as(manager).body("{\"name\":\"" + taken + "\"}").patch(path),
                "Organization name '" + taken + "' is already taken.");
        assertEquals(original, name(org));

        String renamed = uniqueName("renamed");
        Api.as(manager).body("{\"name\":\"" + renamed + "\",\"metadata\":{\"labels\":{\"by\":\"manager\"}}}")
                .patch(path).then().statusCode(200).body("name", equalTo(renamed))
                .body("metadata.labels.by", equalTo("manager")).body("suspended", equalTo(false));
        Db.assertRow(Db.single(db, "SELECT * FROM organizations WHERE guid = ?", org), "name", renamed,
                "labels", "{\"by\": \"manager\"}", "suspended", false);
        Db.assertRow(Db.single(db, "SELECT * FROM audit_events WHERE type = 'audit.organization.update'"
                + " AND target_guid = ?", org), "actor_guid", managerGuid, "target_name", renamed);

        Fixtures.suspend(org);
        // a manager can neither change a suspended org nor lift the suspension; the body is not looked at
        Errors.orgSuspended(Api.as(manager).body("{\"suspended\":false}").patch(path));
        Errors.orgSuspended(Api.as(manager).body("{\"name\":5}").patch(path));
        Errors.notAuthorized(Api.as(auditor).body("{\"suspended\":false}").patch(path));
        Db.assertRow(Db.single(db, "SELECT * FROM organizations WHERE guid = ?", org), "name", renamed,
                "suspended", true);
        Api.asAdmin().body("{\"suspended\":false}").patch(path).then().statusCode(200)
                .body("suspended", equalTo(false));
        Api.as(manager).body("{\"name\":\"" + original + "\"}").patch(path).then().statusCode(200);
        assertEquals(original, name(org));
    }

    @Test
    void onlyAdminsCreateAndDelete() {
        String org = Fixtures.org();
        Map<String, String> tokens = Members.byRole(org, Fixtures.space(org));
        tokens.forEach((role, token) -> {
            String created = uniqueName("org");
            if ("admin".equals(role)) {
                Api.as(token).body("{\"name\":\"" + created + "\"}").post("/v3/organizations").then()
                        .statusCode(201);
                assertEquals(1, Db.count(db, "SELECT count(*) FROM organizations WHERE name = ?", created));
                return;
            }
            Errors.notAuthorized(Api.as(token).body("{\"name\":\"" + created + "\"}").post("/v3/organizations"));
            // refused before the body is read
            Errors.notAuthorized(Api.as(token).body("{}").post("/v3/organizations"));
            assertEquals(0, Db.count(db, "SELECT count(*) FROM organizations WHERE name = ?", created));
            if ("no_role".equals(role)) {
                Errors.notFound(Api.as(token).delete("/v3/organizations/" + org), "Organization not found");
            } else {
                Errors.notAuthorized(Api.as(token).delete("/v3/organizations/" + org));
            }
            assertEquals(1, Db.count(db, "SELECT count(*) FROM organizations WHERE guid = ?", org), role);
        });
        Api.as(tokens.get("admin")).delete("/v3/organizations/" + org).then().statusCode(202);
        assertEquals(0, Db.count(db, "SELECT count(*) FROM organizations WHERE guid = ?", org));
    }
}

package io.cfdeploy.web;

import static io.cfdeploy.support.Fixtures.newGuid;
import static io.cfdeploy.support.Fixtures.roleBody;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.cfdeploy.support.Api;
import io.cfdeploy.support.Db;
import io.cfdeploy.support.Errors;
import io.cfdeploy.support.Fixtures;
import io.cfdeploy.support.Json;
import io.cfdeploy.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RolesTest {
    private static final String ROLES_VALID_PARAMETERS = "'page', 'per_page', 'order_by', 'created_ats', "
            + "'updated_ats', 'guids', 'organization_guids', 'space_guids', 'user_guids', 'types', 'include'";
    private static final String ALLOWED_TYPES = "[\"organization_auditor\", \"organization_manager\", "
            + "\"organization_billing_manager\", \"organization_user\", \"space_auditor\", \"space_manager\", "
            + "\"space_developer\", \"space_supporter\"]";
    private static final String NOT_IN_ORG =
            "Users cannot be assigned roles in a space if they do not have a role in that space's organization.";

    /** Plain JDBC, not injected, so that the …IT subclass reads the same database from outside. */
    final DataSource db = Db.database();

    private static String orgName(String orgGuid) {
        return Api.asAdmin().get("/v3/organizations/" + orgGuid).then().statusCode(200).extract().path("name");
    }

    @Test
    void adminGivesAnOrganizationRoleToAUserCapiHasNotSeenYet() {
        String org = Fixtures.org();
        String user = newGuid();
        assertEquals(0, Db.count(db, "SELECT count(*) FROM users WHERE guid = ?", user));
        String body = roleBody("organization_manager", user, "organization", org);
        Response response = Api.asAdmin().body(body).post("/v3/roles");
        response.then().statusCode(201).body("type", equalTo("organization_manager"))
                .body("relationships.user.data.guid", equalTo(user))
                .body("relationships.organization.data.guid", equalTo(org))
                .body("relationships.space.data", nullValue())
                .body("links.user.href", endsWith("/v3/users/" + user))
                .body("links.organization.href", endsWith("/v3/organizations/" + org));
        String role = response.path("guid");
        response.then().body("links.self.href", endsWith("/v3/roles/" + role));
        JsonNode json = Json.parse(response.asString());
        assertThat(Json.keys(json), contains("guid", "created_at", "updated_at", "type", "relationships", "links"));
        assertThat(Json.keys(json.get("relationships")), contains("user", "organization", "space"));
        assertThat(Json.keys(json.get("links")), contains("self", "user", "organization"));

        assertEquals(1, Db.count(db, "SELECT count(*) FROM users WHERE guid = ?", user));
        Db.assertRow(Db.single(db, "SELECT r.type, o.guid AS org, r.space_id FROM roles r JOIN users u ON"
                + " u.id = r.user_id JOIN organizations o ON o.id = r.organization_id WHERE r.guid = ?", role),
                "type", "organization_manager", "org", org, "space_id", null);
        Map<String, Object> event = Db.single(db, "SELECT * FROM audit_events WHERE type = "
                + "'audit.user.organization_manager_add' AND target_guid = ?", user);
        Db.assertRow(event, "target_type", "user", "target_name", "", "organization_guid", org, "space_guid", null,
                "actor_type", "user");
        assertEquals(Json.parse("{\"request\":" + body + "}"), Json.parse((String) event.get("data")));

        Api.asAdmin().get("/v3/roles/" + role).then().statusCode(200).body("guid", equalTo(role));
        Api.asAdmin().get("/v3/users/" + user).then().statusCode(200).body("guid", equalTo(user));
        Errors.unprocessable(Api.asAdmin().body(body).post("/v3/roles"), "User '" + user
                + "' already has 'organization_manager' role in organization '" + orgName(org) + "'.");
    }

    @Test
    void spaceRolesNeedARoleInTheSpacesOrganization() {
        String org = Fixtures.org();
        String space = Fixtures.space(org);
        String user = newGuid();
        String body = roleBody("space_developer", user, "space", space);
        Errors.unprocessable(Api.asAdmin().body(body).post("/v3/roles"), NOT_IN_ORG);
        Fixtures.orgRole("organization_user", user, Fixtures.org());
        Errors.unprocessable(Api.asAdmin().body(body).post("/v3/roles"), NOT_IN_ORG);
        Fixtures.orgRole("organization_auditor", user, org);

        Response response = Api.asAdmin().body(body).post("/v3/roles");
        response.then().statusCode(201).body("type", equalTo("space_developer"))
                .body("relationships.space.data.guid", equalTo(space))
                .body("relationships.organization.data", nullValue())
                .body("links.space.href", endsWith("/v3/spaces/" + space));
        JsonNode json = Json.parse(response.asString());
        assertThat(Json.keys(json.get("relationships")), contains("user", "space", "organization"));
        assertThat(Json.keys(json.get("links")), contains("self", "user", "space"));
        Map<String, Object> event = Db.single(db, "SELECT * FROM audit_events WHERE type = "
                + "'audit.user.space_developer_add' AND target_guid = ?", user);
        Db.assertRow(event, "space_guid", space, "organization_guid", org, "target_type", "user");
        assertEquals(Json.parse("{\"request\":" + body + "}"), Json.parse((String) event.get("data")));

        String spaceName = Api.asAdmin().get("/v3/spaces/" + space).then().extract().path("name");
        Errors.unprocessable(Api.asAdmin().body(body).post("/v3/roles"),
                "User '" + user + "' already has 'space_developer' role in space '" + spaceName + "'.");
        assertEquals(1, Db.count(db, "SELECT count(*) FROM roles r JOIN users u ON u.id = r.user_id"
                + " WHERE u.guid = ? AND r.space_id IS NOT NULL", user));
    }

    @Test
    void createValidatesTheBodyWithCapisTexts() {
        String org = Fixtures.org();
        String space = Fixtures.space(org);
        String user = newGuid();
        Errors.unprocessable(Api.asAdmin().body("{}").post("/v3/roles"),
                "Relationships 'relationships' is not an object, Type must be one of the allowed types "
                        + ALLOWED_TYPES);
        Errors.unprocessable(Api.asAdmin().body("{\"type\":\"space_boss\",\"foo\":1,\"relationships\":{}}")
                .post("/v3/roles"),
                "Unknown field(s): 'foo', Relationships 'relationships' must include one or more valid "
                        + "relationships, Type must be one of the allowed types " + ALLOWED_TYPES);
        Errors.unprocessable(Api.asAdmin().body("{\"type\":\"organization_user\",\"relationships\":{\"user\":"
                + "{\"data\":{\"guid\":\"" + user + "\"}}}}").post("/v3/roles"),
                "Relationships must specify either a space or an organization.");
        Errors.unprocessable(Api.asAdmin().body("{\"type\":\"organization_user\",\"relationships\":{"
                + "\"organization\":{\"data\":{\"guid\":\"" + org + "\"}},\"space\":{\"data\":{\"guid\":\"" + space
                + "\"}}}}").post("/v3/roles"),
                "Relationships User can't be blank, Relationships User must have a username or guid specified, "
                        + "Relationships Space cannot be provided with the organization role type: "
                        + "'organization_user'., Relationships cannot specify both an organization and a space.");
        Errors.unprocessable(Api.asAdmin().body(roleBody("space_auditor", user, "organization", org))
                .post("/v3/roles"),
                "Relationships Organization cannot be provided with the space role type: 'space_auditor'.");
        Errors.unprocessable(Api.asAdmin().body("{\"type\":\"organization_user\",\"relationships\":{\"user\":"
                + "{\"data\":{\"guid\":\"" + user + "\",\"username\":\"x\",\"origin\":\"ldap\"}},\"organization\":"
                + "{\"data\":{\"guid\":\"" + org + "\"}}}}").post("/v3/roles"),
                "Relationships Username cannot be specified when identifying user by guid, Relationships User "
                        + "origin cannot be specified when identifying user by guid");
        Errors.unprocessable(Api.asAdmin().body("{\"type\":\"organization_user\",\"relationships\":{\"user\":"
                + "{\"data\":{\"origin\":\"ldap\"}},\"organization\":{\"data\":{\"guid\":\"" + org + "\"}}}}")
                .post("/v3/roles"),
                "Relationships User origin cannot be specified without specifying the username, Relationships "
                        + "User must have a username or guid specified");
        Errors.unprocessable(Api.asAdmin().body("{\"type\":\"organization_user\",\"relationships\":{\"user\":"
                + "{\"data\":{\"guid\":\"\"}},\"organization\":{\"guid\":\"" + org + "\"}}}").post("/v3/roles"),
                "Relationships must specify either a space or an organization., Relationships User guid must be "
                        + "between 1 and 200 characters");
        Errors.unprocessable(Api.asAdmin().body("{\"type\":\"organization_user\",\"relationships\":{\"user\":"
                + "{\"data\":{\"guid\":\"" + user + "\"}},\"organization\":{\"data\":{\"guid\":\"" + org
                + "\"},\"x\":1}}}").post("/v3/roles"),
                "Relationships Organization must be structured like this: \"organization: {\"data\": {\"guid\": "
                        + "\"valid-guid\"}}\"");
        Errors.unprocessable(Api.asAdmin().body("{\"type\":\"organization_user\",\"relationships\":{\"user\":"
                + "{\"data\":{\"username\":7}},\"organization\":{\"data\":{\"guid\":\"" + org + "\"}}}}")
                .post("/v3/roles"), "Relationships Username must be a string");
        assertEquals(0, Db.count(db, "SELECT count(*) FROM users WHERE guid = ?", user));
    }

    @Test
    void createNeedsAnExistingTargetAndTheRightRole() {
        String org = Fixtures.org();
        String space = Fixtures.space(org);
        Errors.unprocessable(Api.asAdmin().body(roleBody("organization_user", newGuid(), "organization", newGuid()))
                .post("/v3/roles"),
                "Invalid organization. Ensure that the organization exists and you have access to it.");
        Errors.unprocessable(Api.asAdmin().body(roleBody("space_manager", newGuid(), "space", newGuid()))
                .post("/v3/roles"), "Invalid space. Ensure that the space exists and you have access to it.");

        String orgAuditor = newGuid();
        Fixtures.orgRole("organization_auditor", orgAuditor, org);
        String target = newGuid();
        Errors.notAuthorized(Api.as(Tokens.user(orgAuditor))
                .body(roleBody("organization_user", target, "organization", org)).post("/v3/roles"));
        Errors.notAuthorized(Api.as(Tokens.user(newGuid()))
                .body(roleBody("organization_user", target, "organization", org)).post("/v3/roles"));

        String spaceManager = Fixtures.spaceMember("space_manager", org, space);
        Errors.notAuthorized(Api.as(Tokens.user(spaceManager))
                .body(roleBody("organization_user", target, "organization", org)).post("/v3/roles"));
        Fixtures.orgRole("organization_user", target, org);
        Api.as(Tokens.user(spaceManager)).body(roleBody("space_auditor", target, "space", space)).post("/v3/roles")
                .then().statusCode(201);
        String developer = Fixtures.spaceMember("space_developer", org, space);
        Errors.notAuthorized(Api.as(Tokens.user(developer))
                .body(roleBody("space_supporter", target, "space", space)).post("/v3/roles"));

        String orgManager = newGuid();
        Fixtures.orgRole("organization_manager", orgManager, org);
        String newcomer = newGuid();
        Api.as(Tokens.user(orgManager)).body(roleBody("organization_user", newcomer, "organization", org))
                .post("/v3/roles").then().statusCode(201);
        Api.as(Tokens.user(orgManager)).body(roleBody("space_supporter", newcomer, "space", space))
                .post("/v3/roles").then().statusCode(201);

        Fixtures.suspend(org);
        Errors.orgSuspended(Api.as(Tokens.user(orgManager))
                .body(roleBody("organization_auditor", newcomer, "organization", org)).post("/v3/roles"));
        Errors.orgSuspended(Api.as(Tokens.user(spaceManager))
                .body(roleBody("space_manager", newcomer, "space", space)).post("/v3/roles"));
        Api.asAdmin().body(roleBody("organization_auditor", newcomer, "organization", org)).post("/v3/roles").then()
                .statusCode(201);
        assertEquals(3, Db.count(db, "SELECT count(*) FROM roles r JOIN users u ON u.id = r.user_id"
                + " WHERE u.guid = ?", newcomer));
    }

    @Test
    void usersMayBeNamedByUsernameAndOrigin() {
        String org = Fixtures.org();
        String space = Fixtures.space(org);
        String username = "named-" + newGuid();
        String ldap = Api.asAdmin().body("{\"username\":\"" + username + "\",\"origin\":\"ldap\"}").post("/v3/users")
                .then().statusCode(201).extract().path("guid");

        Api.asAdmin().body(byName("organization_user", username, null, "organization", org)).post("/v3/roles")
                .then().statusCode(201).body("relationships.user.data.guid", equalTo(ldap));
        Errors.unprocessable(Api.asAdmin().body(byName("organization_user", username, null, "organization", org))
                .post("/v3/roles"), "User '" + username + "' already has 'organization_user' role in organization '"
                + orgName(org) + "'.");
        Api.asAdmin().body(byName("space_developer", username, "ldap", "space", space)).post("/v3/roles").then()
                .statusCode(201).body("relationships.user.data.guid", equalTo(ldap));
        Map<String, Object> event = Db.single(db, "SELECT * FROM audit_events WHERE type = "
                + "'audit.user.space_developer_add' AND target_guid = ?", ldap);
        Db.assertRow(event, "target_name", username);

        String saml = Api.asAdmin().body("{\"username\":\"" + username + "\",\"origin\":\"saml\"}").post("/v3/users")
                .then().statusCode(201).extract().path("guid");
        Errors.unprocessable(Api.asAdmin().body(byName("organization_auditor", username, null, "organization", org))
                .post("/v3/roles"), "Ambiguous user. User with username '" + username + "' exists in the following "
                + "origins: ldap, saml. Specify an origin to disambiguate.");
        Api.asAdmin().body(byName("organization_auditor", username, "saml", "organization", org)).post("/v3/roles")
                .then().statusCode(201).body("relationships.user.data.guid", equalTo(saml));

        String nobody = "nobody-" + newGuid();
        Errors.unprocessable(Api.asAdmin().body(byName("organization_user", nobody, null, "organization", org))
                .post("/v3/roles"), "No user exists with the username '" + nobody + "'.");
        Errors.unprocessable(Api.asAdmin().body(byName("organization_user", nobody, "ldap", "organization", org))
                .post("/v3/roles"), "No user exists with the username '" + nobody + "' and origin 'ldap'.");
        Errors.unprocessable(Api.asAdmin().body(byName("space_auditor", nobody, null, "space", space))
                .post("/v3/roles"), NOT_IN_ORG);
        assertEquals(0, Db.count(db, "SELECT count(*) FROM users WHERE username = ?", nobody));
    }

    private static String byName(String type, String username, String origin, String kind, String target) {
        return "{\"type\":\"" + type + "\",\"relationships\":{\"user\":{\"data\":{\"username\":\"" + username + "\""
                + (origin == null ? "" : ",\"origin\":\"" + origin + "\"") + "}},\"" + kind + "\":{\"data\":{\"guid\":\""
                + target + "\"}}}}";
    }

    @Test
    void deleteChecksTheRoleThenRecordsTheRemovalAndAnswers202() {
        String org = Fixtures.org();
        String space = Fixtures.space(org);
        String user = newGuid();
        String orgUser = Fixtures.orgRole("organization_user", user, org);
        String developer = Fixtures.spaceRole("space_developer", user, space);
        String spaceManager = Fixtures.spaceMember("space_manager", org, space);
        String spaceAuditor = Fixtures.spaceMember("space_auditor", org, space);

        Errors.notFound(Api.as(Tokens.user(newGuid())).delete("/v3/roles/" + developer), "Role not found");
        Errors.notFound(Api.asAdmin().delete("/v3/roles/" + newGuid()), "Role not found");
        Errors.notAuthorized(Api.as(Tokens.user(spaceAuditor)).delete("/v3/roles/" + developer));
        Errors.notAuthorized(Api.as(Tokens.user(spaceManager)).delete("/v3/roles/" + orgUser));
        Errors.unprocessable(Api.asAdmin().delete("/v3/roles/" + orgUser),
                "Cannot delete organization_user role while user has roles in spaces in that organization.");

        Response response = Api.as(Tokens.user(spaceManager)).delete("/v3/roles/" + developer);
        response.then().statusCode(202).header("Location", matchesPattern(".*/v3/jobs/[0-9a-f-]{36}"));
        String job = response.header("Location").replaceAll(".*/v3/jobs/", "");
        Db.assertRow(Db.single(db, "SELECT operation, state, resource_type, resource_guid FROM jobs WHERE guid = ?",
                job), "operation", "role.delete", "state", "COMPLETE", "resource_type", "role", "resource_guid",
                developer);
        assertEquals(0, Db.count(db, "SELECT count(*) FROM roles WHERE guid = ?", developer));
        Map<String, Object> event = Db.single(db, "SELECT * FROM audit_events WHERE type = "
                + "'audit.user.space_developer_remove' AND target_guid = ?", user);
        Db.assertRow(event, "actor_guid", spaceManager, "space_guid", space, "organization_guid", org);
        assertEquals(Json.parse("{\"request\":{}}"), Json.parse((String) event.get("data")));
        Errors.notFound(Api.asAdmin().get("/v3/roles/" + developer), "Role not found");

        String orgManager = newGuid();
        Fixtures.orgRole("organization_manager", orgManager, org);
        Api.as(Tokens.user(orgManager)).delete("/v3/roles/" + orgUser).then().statusCode(202);
        assertEquals(0, Db.count(db, "SELECT count(*) FROM roles WHERE guid = ?", orgUser));
        Db.assertRow(Db.single(db, "SELECT * FROM audit_events WHERE type = 'audit.user.organization_user_remove'"
                + " AND target_guid = ?", user), "organization_guid", org, "space_guid", null);

        String auditorRole = Fixtures.orgRole("organization_auditor", newGuid(), org);
        Fixtures.suspend(org);
        Errors.orgSuspended(Api.as(Tokens.user(orgManager)).delete("/v3/roles/" + auditorRole));
        Api.asAdmin().delete("/v3/roles/" + auditorRole).then().statusCode(202);
    }

    @Test
    void readersSeeTheRolesOfWhatTheyCanRead() {
        String org = Fixtures.org();
        String space = Fixtures.space(org);
        String otherOrg = Fixtures.org();
        String user = newGuid();
        String orgRole = Fixtures.orgRole("organization_user", user, org);
        String spaceRole = Fixtures.spaceRole("space_auditor", user, space);
        String elsewhere = Fixtures.orgRole("organization_user", newGuid(), otherOrg);

        String orgAuditor = newGuid();
        String auditorRole = Fixtures.orgRole("organization_auditor", orgAuditor, org);
        Api.as(Tokens.user(orgAuditor)).get("/v3/roles").then().statusCode(200)
                .body("resources.guid", containsInAnyOrder(orgRole, auditorRole));
        Api.as(Tokens.user(orgAuditor)).get("/v3/roles/" + orgRole).then().statusCode(200);
        Errors.notFound(Api.as(Tokens.user(orgAuditor)).get("/v3/roles/" + spaceRole), "Role not found");
        Errors.notFound(Api.as(Tokens.user(orgAuditor)).get("/v3/roles/" + elsewhere), "Role not found");

        Api.as(Tokens.user(user)).get("/v3/roles").then().statusCode(200)
                .body("resources.guid", containsInAnyOrder(orgRole, spaceRole, auditorRole));
        Api.as(Tokens.user(newGuid())).get("/v3/roles").then().statusCode(200)
                .body("pagination.total_results", equalTo(0));
    }

    @Test
    void listFiltersAndIncludesRelatedResources() {
        String org = Fixtures.org();
        String space = Fixtures.space(org);
        String user = newGuid();
        String other = newGuid();
        String orgUser = Fixtures.orgRole("organization_user", user, org);
        String otherUser = Fixtures.orgRole("organization_user", other, org);
        String developer = Fixtures.spaceRole("space_developer", user, space);

        Api.asAdmin().queryParam("organization_guids", org).get("/v3/roles").then().statusCode(200)
                .body("resources.guid", contains(orgUser, otherUser));
        Api.asAdmin().queryParam("space_guids", space).get("/v3/roles").then().statusCode(200)
                .body("resources.guid", contains(developer));
        Api.asAdmin().queryParam("user_guids", user).get("/v3/roles").then().statusCode(200)
                .body("resources.guid", contains(orgUser, developer));
        Api.asAdmin().queryParam("user_guids", user + "," + other).queryParam("types", "space_developer")
                .get("/v3/roles").then().statusCode(200).body("resources.guid", contains(developer));
        Api.asAdmin().queryParam("guids", developer + "," + orgUser).queryParam("order_by", "-created_at")
                .get("/v3/roles").then().statusCode(200).body("resources.guid", contains(developer, orgUser));

        Response included = Api.asAdmin().queryParam("user_guids", user).queryParam("include", "space,user,organization")
                .get("/v3/roles");
        included.then().statusCode(200).body("included.users.guid", contains(user))
                .body("included.organizations.guid", contains(org)).body("included.spaces.guid", contains(space));
        JsonNode json = Json.parse(included.asString());
        assertThat(Json.keys(json), contains("pagination", "resources", "included"));
        assertThat(Json.keys(json.get("included")), contains("users", "organizations", "spaces"));

        Api.asAdmin().queryParam("include", "organization").get("/v3/roles/" + developer).then().statusCode(200)
                .body("included.organizations", hasSize(0));
        Api.asAdmin().queryParam("include", "user").get("/v3/roles/" + developer).then().statusCode(200)
                .body("included.users[0].guid", equalTo(user)).body("included.users[0].presentation_name",
                        equalTo(user));
    }

    @Test
    void listAnswersBadParametersWith422() {
        Errors.unprocessable(Api.asAdmin().queryParam("names", "x").get("/v3/roles"),
                "Unknown query parameter(s): 'names'. Valid parameters are: " + ROLES_VALID_PARAMETERS);
        Errors.unprocessable(Api.asAdmin().queryParam("include", "app").get("/v3/roles"),
                "Invalid included resource: 'app'. Valid included resources are: 'user', 'organization', 'space'");
        Errors.unprocessable(Api.asAdmin().queryParam("order_by", "name").get("/v3/roles"),
                "Order by can only be: 'created_at', 'updated_at'");
        Errors.unprocessable(Api.asAdmin().queryParam("include", "user,user").get("/v3/roles/" + newGuid()),
                "Duplicate included resource: 'user'");
        Errors.unprocessable(Api.asAdmin().queryParam("types[not]", "x").get("/v3/roles"),
                "Types must be an array");
        Errors.unprocessable(Api.asAdmin().queryParam("updated_ats[foo]", "2020-01-01T00:00:00Z").get("/v3/roles"),
                "Updated ats Invalid relational operator: 'foo'");
        Api.as(Tokens.forUser(newGuid(), List.of("cloud_controller.write"))).get("/v3/roles").then().statusCode(403);
    }
}

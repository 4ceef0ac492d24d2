package io.cfdeploy.web;

import static io.cfdeploy.support.Fixtures.newGuid;
import static io.cfdeploy.support.Fixtures.uniqueName;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

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
class SpacesTest {
    private static final String SPACES_VALID_PARAMETERS = "'page', 'per_page', 'order_by', 'created_ats', "
            + "'updated_ats', 'guids', 'names', 'organization_guids', 'include', 'label_selector'";

    /** Plain JDBC, not injected, so that the …IT subclass reads the same database from outside. */
    final DataSource db = Db.database();

    private static String createBody(String name, String orgGuid) {
        return "{\"name\":\"" + name + "\",\"relationships\":{\"organization\":{\"data\":{\"guid\":\"" + orgGuid
                + "\"}}}}";
    }

    @Test
    void adminCreatesASpaceInCapisShapeAndRecordsTheAuditEvent() {
        String org = Fixtures.org();
        String name = uniqueName("space");
        String body = "{\"name\":\"" + name + "\",\"relationships\":{\"organization\":{\"data\":{\"guid\":\"" + org
                + "\"}}},\"metadata\":{\"labels\":{\"env\":\"prod\"},\"annotations\":{\"note\":\"hi\"}}}";
        Response response = Api.asAdmin().body(body).post("/v3/spaces");
        response.then().statusCode(201)
                .body("guid", matchesPattern("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"))
                .body("created_at", matchesPattern("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z"))
                .body("name", equalTo(name))
                .body("relationships.organization.data.guid", equalTo(org))
                .body("relationships.quota.data", nullValue())
                .body("metadata.labels.env", equalTo("prod"))
                .body("metadata.annotations.note", equalTo("hi"));
        String guid = response.path("guid");
        response.then().body("links.self.href", endsWith("/v3/spaces/" + guid))
                .body("links.organization.href", endsWith("/v3/organizations/" + org))
                .body("links.features.href", endsWith("/v3/spaces/" + guid + "/features"))
                .body("links.apply_manifest.href", endsWith("/v3/spaces/" + guid + "/actions/apply_manifest"))
                .body("links.apply_manifest.method", equalTo("POST"));

        JsonNode json = Json.parse(response.asString());
        assertThat(Json.keys(json), contains("guid", "created_at", "updated_at", "name", "suspended",
                "relationships", "metadata", "links"));
        assertThat(Json.keys(json.get("relationships")), contains("organization", "quota"));
        assertThat(Json.keys(json.get("links")), contains("self", "organization", "features",
                "apply_manifest"));
        assertTrue(json.get("relationships").get("quota").get("data").isNull());

        Map<String, Object> event = Db.single(db, "SELECT * FROM audit_events WHERE type = 'audit.space.create'"
                + " AND target_guid = ?", guid);
        Db.assertRow(event, "target_type", "space", "target_name", name, "space_guid", guid, "organization_guid",
                org, "actor_type", "user");
        assertEquals(Json.parse("{\"request\":" + body + "}"), Json.parse((String) event.get("data")));

        Api.asAdmin().get("/v3/spaces/" + guid).then().statusCode(200).body("name", equalTo(name))
                .body("metadata.labels.env", equalTo("prod"));
    }

    @Test
    void createValidatesTheBodyWithCapisTexts() {
        String org = Fixtures.org();
        Errors.unprocessable(Api.asAdmin().body("{}").post("/v3/spaces"),
                "Relationships 'relationships' is not an object, Name can't be blank");
        Errors.unprocessable(Api.asAdmin().body("{\"name\":\"a\",\"foo\":1,\"relationships\":{\"organization\":"
                + "{\"guid\":\"" + org + "\"}}}").post("/v3/spaces"),
                "Unknown field(s): 'foo', Relationships Organization must be structured like this: "
                        + "\"organization: {\"data\": {\"guid\": \"valid-guid\"}}\"");
        Errors.unprocessable(Api.asAdmin().body("{\"name\":5,\"relationships\":{}}").post("/v3/spaces"),
                "Relationships 'relationships' must include one or more valid relationships, Name must be a string");
        Errors.unprocessable(Api.asAdmin().body("{\"name\":\"a\",\"relationships\":{\"space\":{}}}")
                .post("/v3/spaces"),
                "Relationships Unknown field(s): 'space', Relationships Organization can't be blank");
        Errors.unprocessable(Api.asAdmin().body(createBody("x".repeat(256), org)).post("/v3/spaces"),
                "Name is too long (maximum is 255 characters)");
        Errors.unprocessable(Api.asAdmin().body("{\"name\":\"a\",\"relationships\":{\"organization\":{\"data\":"
                + "{\"guid\":\"" + org + "\"}}},\"metadata\":{\"labels\":5}}").post("/v3/spaces"),
                "Metadata 'labels' is not an object");
        Errors.expect(Api.asAdmin().body("{\"name\":").post("/v3/spaces"), 400, "CF-MessageParseError", 1001,
                "Request invalid due to parse error: invalid request body");
        assertEquals(0, Db.count(db, "SELECT count(*) FROM spaces s JOIN organizations o ON o.id = s.organization_id"
                + " WHERE o.guid = ?", org));
    }

    @Test
    void createNeedsAReadableOrganizationThenAnOrgManagerOfAnActiveOrg() {
        String org = Fixtures.org();
        String invalid = "Invalid organization. Ensure the organization exists and you have access to it.";
        Errors.unprocessable(Api.asAdmin().body(createBody("a", newGuid())).post("/v3/spaces"), invalid);

        String stranger = newGuid();
        Errors.unprocessable(Api.as(Tokens.user(stranger)).body(createBody("a", org)).post("/v3/spaces"), invalid);

        String auditor = newGuid();
        Fixtures.orgRole("organization_auditor", auditor, org);
        Errors.notAuthorized(Api.as(Tokens.user(auditor)).body(createBody("a", org)).post("/v3/spaces"));

        String manager = newGuid();
        Fixtures.orgRole("organization_manager", manager, org);
        String name = uniqueName("space");
        Api.as(Tokens.user(manager)).body(createBody(name, org)).post("/v3/spaces").then().statusCode(201)
                .body("name", equalTo(name));
        Errors.unprocessable(Api.as(Tokens.user(manager)).body(createBody(name, org)).post("/v3/spaces"),
                "Name must be unique per organization");

        Fixtures.suspend(org);
        Errors.orgSuspended(Api.as(Tokens.user(manager)).body(createBody(uniqueName("space"), org))
                .post("/v3/spaces"));
        Api.asAdmin().body(createBody(uniqueName("space"), org)).post("/v3/spaces").then().statusCode(201);
        assertEquals(2, Db.count(db, "SELECT count(*) FROM spaces s JOIN organizations o ON o.id = s.organization_id"
                + " WHERE o.guid = ?", org));
    }

    /** The insert runs inside persist with identity ids; a taken name must still be a 422 (shared helper). */
    @Test
    void aTakenOrganizationNameIs422NotA500() {
        String name = uniqueName("org");
        Fixtures.org(name);
        Errors.unprocessable(Api.asAdmin().body("{\"name\":\"" + name + "\"}").post("/v3/organizations"),
                "Organization '" + name + "' already exists.");
    }

    @Test
    void theSameNameMayBeUsedInAnotherOrganization() {
        String name = uniqueName("space");
        Fixtures.space(Fixtures.org(), name);
        Fixtures.space(Fixtures.org(), name);
        Api.asAdmin().queryParam("names", name).get("/v3/spaces").then().statusCode(200)
                .body("pagination.total_results", equalTo(2));
    }

    @Test
    void readersSeeOnlyTheSpacesTheirRolesGrant() {
        String org = Fixtures.org();
        String otherOrg = Fixtures.org();
        String mine = Fixtures.space(org);
        String notMine = Fixtures.space(org);
        String elsewhere = Fixtures.space(otherOrg);
        String developer = Fixtures.spaceMember("space_developer", org, mine);
        String token = Tokens.user(developer);

        Api.as(token).get("/v3/spaces").then().statusCode(200)
                .body("pagination.total_results", equalTo(1)).body("resources.guid", contains(mine));
        Api.as(token).get("/v3/organizations").then().statusCode(200)
                .body("pagination.total_results", equalTo(1)).body("resources.guid", contains(org));
        Api.as(token).get("/v3/spaces/" + mine).then().statusCode(200).body("guid", equalTo(mine));
        Errors.notFound(Api.as(token).get("/v3/spaces/" + notMine), "Space not found");
        Errors.notFound(Api.as(token).get("/v3/spaces/" + elsewhere), "Space not found");
        Errors.notFound(Api.as(token).get("/v3/organizations/" + otherOrg), "Organization not found");

        String manager = newGuid();
        Fixtures.orgRole("organization_manager", manager, org);
        Api.as(Tokens.user(manager)).queryParam("order_by", "created_at").get("/v3/spaces").then().statusCode(200)
                .body("pagination.total_results", equalTo(2)).body("resources.guid", contains(mine, notMine));
        Api.as(Tokens.user(manager)).get("/v3/spaces/" + notMine).then().statusCode(200);

        String orgAuditor = newGuid();
        Fixtures.orgRole("organization_auditor", orgAuditor, org);
        Errors.notFound(Api.as(Tokens.user(orgAuditor)).get("/v3/spaces/" + mine), "Space not found");
        Api.as(Tokens.user(orgAuditor)).get("/v3/spaces").then().statusCode(200)
                .body("pagination.total_results", equalTo(0)).body("resources", hasSize(0));
        Api.as(Tokens.user(orgAuditor)).get("/v3/organizations/" + org).then().statusCode(200);

        Errors.notFound(Api.as(Tokens.user(newGuid())).get("/v3/spaces/" + mine), "Space not found");
        Errors.notFound(Api.asAdmin().get("/v3/spaces/" + newGuid()), "Space not found");
        Api.as(Tokens.forUser(newGuid(), List.of("cloud_controller.global_auditor"))).get("/v3/spaces/" + elsewhere)
                .then().statusCode(200);
    }

    @Test
    void updateChecksVisibilityThenRoleThenSuspensionThenTheBody() {
        String org = Fixtures.org();
        String space = Fixtures.space(org);
        String badBody = "{\"relationships\":{}}";
        Errors.notFound(Api.as(Tokens.user(newGuid())).body(badBody).patch("/v3/spaces/" + space),
                "Space not found");
        String auditor = Fixtures.spaceMember("space_auditor", org, space);
        Errors.notAuthorized(Api.as(Tokens.user(auditor)).body(badBody).patch("/v3/spaces/" + space));
        String developer = Fixtures.spaceMember("space_developer", org, space);
        Errors.notAuthorized(Api.as(Tokens.user(developer)).body("{\"name\":\"x\"}").patch("/v3/spaces/" + space));

        String manager = Fixtures.spaceMember("space_manager", org, space);
        Errors.unprocessable(Api.as(Tokens.user(manager)).body(badBody).patch("/v3/spaces/" + space),
                "Unknown field(s): 'relationships'");
        Errors.unprocessable(Api.as(Tokens.user(manager)).body("{\"name\":\"\"}").patch("/v3/spaces/" + space),
                "Name is too short (minimum is 1 character), Name must not contain escaped characters");
        String taken = uniqueName("space");
        Fixtures.space(org, taken);
        Errors.unprocessable(Api.as(Tokens.user(manager)).body("{\"name\":\"" + taken + "\"}")
                .patch("/v3/spaces/" + space), "Name must be unique per organization");

        String renamed = uniqueName("renamed");
        String body = "{\"name\":\"" + renamed + "\",\"metadata\":{\"labels\":{\"tier\":\"gold\"}}}";
        Api.as(Tokens.user(manager)).body(body).patch("/v3/spaces/" + space).then().statusCode(200)
                .body("name", equalTo(renamed)).body("metadata.labels.tier", equalTo("gold"));
        Api.as(Tokens.user(manager)).body("{\"metadata\":{\"labels\":{\"tier\":null,\"zone\":\"a\"}}}")
                .patch("/v3/spaces/" + space).then().statusCode(200)
                .body("name", equalTo(renamed)).body("metadata.labels.tier", nullValue())
                .body("metadata.labels.zone", equalTo("a"));
        Map<String, Object> event = Db.rows(db, "SELECT * FROM audit_events WHERE type = 'audit.space.update'"
                + " AND target_guid = ? ORDER BY id", space).get(0);
        Db.assertRow(event, "actor_guid", manager, "target_name", renamed, "space_guid", space,
                "organization_guid", org);
        assertEquals(Json.parse("{\"request\":" + body + "}"), Json.parse((String) event.get("data")));

        String orgManager = newGuid();
        Fixtures.orgRole("organization_manager", orgManager, org);
        Api.as(Tokens.user(orgManager)).body("{\"name\":\"" + uniqueName("by-org-manager") + "\"}")
                .patch("/v3/spaces/" + space).then().statusCode(200);

        Fixtures.suspend(org);
        Errors.orgSuspended(Api.as(Tokens.user(manager)).body(badBody).patch("/v3/spaces/" + space));
        Api.asAdmin().body("{\"name\":\"" + uniqueName("by-admin") + "\"}").patch("/v3/spaces/" + space).then()
                .statusCode(200);
    }

    @Test
    void deleteNeedsAnOrgManagerAndRemovesTheSpaceWithItsRoles() {
        String org = Fixtures.org();
        String space = Fixtures.space(org);
        String spaceManager = Fixtures.spaceMember("space_manager", org, space);
        String auditor = Fixtures.spaceMember("space_auditor", org, space);
        Errors.notFound(Api.as(Tokens.user(newGuid())).delete("/v3/spaces/" + space), "Space not found");
        Errors.notAuthorized(Api.as(Tokens.user(auditor)).delete("/v3/spaces/" + space));
        Errors.notAuthorized(Api.as(Tokens.user(spaceManager)).delete("/v3/spaces/" + space));
        assertEquals(2, Db.count(db, "SELECT count(*) FROM roles r JOIN spaces s ON s.id = r.space_id"
                + " WHERE s.guid = ?", space));

        String orgManager = newGuid();
        Fixtures.orgRole("organization_manager", orgManager, org);
        Response response = Api.as(Tokens.user(orgManager)).delete("/v3/spaces/" + space);
        response.then().statusCode(202).header("Location", matchesPattern(".*/v3/jobs/[0-9a-f-]{36}"));
        String job = response.header("Location").replaceAll(".*/v3/jobs/", "");
        Db.assertRow(Db.single(db, "SELECT operation, state, resource_type, resource_guid FROM jobs WHERE guid = ?",
                job), "operation", "space.delete", "state", "COMPLETE", "resource_type", "space", "resource_guid",
                space);
        assertEquals(0, Db.count(db, "SELECT count(*) FROM spaces WHERE guid = ?", space));
        assertEquals(0, Db.count(db, "SELECT count(*) FROM roles r JOIN users u ON u.id = r.user_id"
                + " WHERE u.guid IN (?, ?) AND r.space_id IS NOT NULL", spaceManager, auditor));
        assertEquals(2, Db.count(db, "SELECT count(*) FROM roles r JOIN users u ON u.id = r.user_id"
                + " WHERE u.guid IN (?, ?) AND r.type = 'organization_user'", spaceManager, auditor));
        Map<String, Object> event = Db.single(db, "SELECT * FROM audit_events WHERE type = "
                + "'audit.space.delete-request' AND target_guid = ?", space);
        Db.assertRow(event, "actor_guid", orgManager, "space_guid", space, "organization_guid", org);
        assertEquals(Json.parse("{\"request\":{\"recursive\":true}}"), Json.parse((String) event.get("data")));
        Errors.notFound(Api.asAdmin().get("/v3/spaces/" + space), "Space not found");
        Api.asAdmin().get("/v3/organizations/" + org).then().statusCode(200);
    }

    @Test
    void deleteInASuspendedOrganizationIsForAdminsOnly() {
        String org = Fixtures.org();
        String space = Fixtures.space(org);
        String orgManager = newGuid();
        Fixtures.orgRole("organization_manager", orgManager, org);
        Fixtures.suspend(org);
        Errors.orgSuspended(Api.as(Tokens.user(orgManager)).delete("/v3/spaces/" + space));
        Api.asAdmin().delete("/v3/spaces/" + space).then().statusCode(202);
        assertEquals(0, Db.count(db, "SELECT count(*) FROM spaces WHERE guid = ?", space));
    }

    @Test
    void listFiltersOrdersAndPaginates() {
        String org = Fixtures.org();
        String other = Fixtures.org();
        String alpha = Fixtures.space(org, "alpha-" + newGuid());
        String beta = Fixtures.space(org, "beta-" + newGuid());
        String gamma = Fixtures.space(other, "gamma-" + newGuid());
        Api.asAdmin().body("{\"metadata\":{\"labels\":{\"team\":\"blue\"}}}").patch("/v3/spaces/" + beta).then()
                .statusCode(200);
        String orgs = org + "," + other;

        Api.asAdmin().queryParam("organization_guids", orgs).queryParam("order_by", "-name").get("/v3/spaces")
                .then().statusCode(200).body("pagination.total_results", equalTo(3))
                .body("resources.guid", contains(gamma, beta, alpha));
        Api.asAdmin().queryParam("organization_guids", org).get("/v3/spaces").then().statusCode(200)
                .body("resources.guid", contains(alpha, beta));
        Api.asAdmin().queryParam("guids", alpha + "," + gamma).get("/v3/spaces").then().statusCode(200)
                .body("resources.guid", contains(alpha, gamma));
        Api.asAdmin().queryParam("organization_guids", orgs).queryParam("label_selector", "team=blue")
                .get("/v3/spaces").then().statusCode(200).body("resources.guid", contains(beta));
        Api.asAdmin().queryParam("organization_guids", orgs).queryParam("label_selector", "team!=blue")
                .queryParam("order_by", "name").get("/v3/spaces").then().statusCode(200)
                .body("resources.guid", contains(alpha, gamma));
        Api.asAdmin().queryParam("organization_guids", orgs).queryParam("created_ats[lt]", "2000-01-01T00:00:00Z")
                .get("/v3/spaces").then().statusCode(200).body("pagination.total_results", equalTo(0));
        Api.asAdmin().queryParam("organization_guids", orgs).queryParam("created_ats[gt]", "2000-01-01T00:00:00Z")
                .get("/v3/spaces").then().statusCode(200).body("pagination.total_results", equalTo(3));

        Response page = Api.asAdmin().queryParam("organization_guids", orgs).queryParam("per_page", "2")
                .queryParam("page", "2").queryParam("order_by", "name").get("/v3/spaces");
        page.then().statusCode(200).body("pagination.total_results", equalTo(3))
                .body("pagination.total_pages", equalTo(2)).body("resources.guid", contains(gamma))
                .body("pagination.next", nullValue())
                .body("pagination.previous.href", endsWith("/v3/spaces?order_by=%2Bname&organization_guids="
                        + org + "%2C" + other + "&page=1&per_page=2"))
                .body("pagination.first.href", endsWith("page=1&per_page=2"));
    }

    @Test
    void listRejectsBadParametersWith400() {
        Errors.badQuery(Api.asAdmin().queryParam("foo", "1").get("/v3/spaces"),
                "Unknown query parameter(s): 'foo'. Valid parameters are: " + SPACES_VALID_PARAMETERS);
        Errors.badQuery(Api.asAdmin().queryParam("order_by", "size").get("/v3/spaces"),
                "Order by can only be: 'created_at', 'updated_at', 'name'");
        Errors.badQuery(Api.asAdmin().queryParam("include", "space,org,org").get("/v3/spaces"),
                "Invalid included resource: 'space'. Valid included resources are: 'org', 'organization', "
                        + "Duplicate included resource: 'org'");
        Errors.badQuery(Api.asAdmin().queryParam("created_ats", "yesterday").get("/v3/spaces"),
                "Created ats has an invalid timestamp format. Timestamps should be formatted as "
                        + "'YYYY-MM-DDThh:mm:ssZ'");
        Errors.badQuery(Api.asAdmin().queryParam("per_page", "0").get("/v3/spaces"),
                "Per page must be a positive integer");
    }

    @Test
    void includeOrganizationEmbedsTheParentOrganizations() {
        String org = Fixtures.org();
        String space = Fixtures.space(org);
        String second = Fixtures.space(org);
        Response list = Api.asAdmin().queryParam("organization_guids", org).queryParam("include", "organization")
                .get("/v3/spaces");
        list.then().statusCode(200).body("resources.guid", contains(space, second))
                .body("included.organizations", hasSize(1)).body("included.organizations[0].guid", equalTo(org));
        assertThat(Json.keys(Json.parse(list.asString())), contains("pagination", "resources", "included"));

        Response show = Api.asAdmin().queryParam("include", "org").get("/v3/spaces/" + space);
        show.then().statusCode(200).body("included.organizations.guid", contains(org))
                .body("included.organizations[0].links.self.href", endsWith("/v3/organizations/" + org));
        List<String> keys = Json.keys(Json.parse(show.asString()));
        assertEquals("included", keys.get(keys.size() - 1));
        Api.asAdmin().get("/v3/spaces/" + space).then().statusCode(200).body("included", nullValue());

        Errors.badQuery(Api.asAdmin().queryParam("include", "space").queryParam("x", "1").get("/v3/spaces/" + space),
                "Unknown query parameter(s): 'x'. Valid parameters are: 'include', Invalid included resource: "
                        + "'space'. Valid included resources are: 'org', 'organization'");
        Errors.notFound(Api.as(Tokens.user(newGuid())).queryParam("include", "space").get("/v3/spaces/" + space),
                "Space not found");
        Api.asAdmin().queryParam("organization_guids", newGuid()).queryParam("include", "org").get("/v3/spaces")
                .then().statusCode(200).body("included.organizations", hasSize(0))
                .body("resources", hasSize(0)).body("pagination", notNullValue())
                .body("included", not(nullValue()));
    }

    @Test
    void writesNeedTheWriteScope() {
        String org = Fixtures.org();
        String space = Fixtures.space(org);
        String manager = newGuid();
        Fixtures.orgRole("organization_manager", manager, org);
        String readOnly = Tokens.forUser(manager, List.of("cloud_controller.read"));
        Errors.notAuthorized(Api.as(readOnly).body("{\"name\":\"x\"}").patch("/v3/spaces/" + space));
        Api.as(readOnly).get("/v3/spaces/" + space).then().statusCode(200);
        Errors.expect(Api.anonymous().get("/v3/spaces"), 401, "CF-NotAuthenticated", 10002,
                "Authentication error");
    }
}

package io.cfdeploy.web;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cfdeploy.model.RoleType;
import io.cfdeploy.support.Api;
import io.cfdeploy.support.Db;
import io.cfdeploy.support.Fixtures;
import io.cfdeploy.support.DbFixtures;
import io.cfdeploy.support.Keys;
import io.cfdeploy.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AuditEventsTest {
    private static final List<String> ADMIN_SCOPES = List.of("cloud_controller.admin", "cloud_controller.read",
            "cloud_controller.write");
    private static final Instant T0 = Instant.parse("2020-01-01T00:00:00Z");

    private static String base() {
        return RestAssured.baseURI + ":" + RestAssured.port;
    }

    private static String createOrg(String token) {
        return Api.as(token).body("{\"name\":\"org-" + UUID.randomUUID() + "\"}").post("/v3/organizations").then()
                .statusCode(201).extract().path("guid");
    }

    private static ValidatableResponse list(String token, String query) {
        return Api.as(token).get(query.isEmpty() ? "/v3/audit_events" : "/v3/audit_events?" + query).then();
    }

    private static void badQuery(String query, String detail) {
        Api.asAdmin().get("/v3/audit_events?" + query).then().statusCode(400)
                .body("errors[0].code", equalTo(10005))
                .body("errors[0].title", equalTo("CF-BadQueryParameter"))
                .body("errors[0].detail", equalTo("The query parameter is invalid: " + detail));
    }

    /** A request near the body limit is stored bounded, so a page of events stays small. */
    @Test
    void aLargeRequestIsStoredBounded() {
        String org = Fixtures.org();
        StringBuilder annotations = new StringBuilder();
        for (int i = 0; i < 150; i++) {
            annotations.append(i == 0 ? "" : ",").append("\"key-").append(i).append("\":\"").append("v".repeat(5000))
                    .append('"');
        }
        Api.asAdmin().body("{\"metadata\":{\"annotations\":{" + annotations + "}}}")
                .patch("/v3/organizations/" + org).then().statusCode(200);
        long stored = Db.count(Db.database(), "SELECT octet_length(data::text) FROM audit_events WHERE type = "
                + "'audit.organization.update' AND target_guid = ?", org);
        assertTrue(stored < 20_000, "stored " + stored + " bytes of a 750 KB request");
        String detail = Api.asAdmin().queryParam("target_guids", org).queryParam("types", "audit.organization.update")
                .get("/v3/audit_events").then().statusCode(200).extract().path("resources[0].data.request.metadata"
                        + ".annotations.key-0");
        assertTrue(detail.endsWith("...[truncated]"), detail);
        assertEquals(1024 + "...[truncated]".length(), detail.length());
    }

    @Test
    void organizationCreateUpdateAndDeleteAreRecordedWithTheCallerAsActor() {
        String adminGuid = "admin-" + UUID.randomUUID();
        String admin = Tokens.forUser(adminGuid, ADMIN_SCOPES);
        String name = "org-" + UUID.randomUUID();
        String org = Api.as(admin).body("{\"name\":\"" + name + "\"}").post("/v3/organizations").then()
                .statusCode(201).extract().path("guid");
        Api.as(admin).body("{\"name\":\"" + name + "-renamed\",\"suspended\":true}")
                .patch("/v3/organizations/" + org).then().statusCode(200);
        Api.as(admin).delete("/v3/organizations/" + org).then().statusCode(202);

        io.restassured.response.Response response = list(admin, "target_guids=" + org).statusCode(200)
                .body("pagination.total_results", equalTo(3))
                .body("resources.type", contains("audit.organization.create", "audit.organization.update",
                        "audit.organization.delete-request"))
                .body("resources.actor.guid", contains(adminGuid, adminGuid, adminGuid))
                .body("resources.actor.type", contains("user", "user", "user"))
                .body("resources.actor.name", contains(adminGuid + "@example.org", adminGuid + "@example.org",
                        adminGuid + "@example.org"))
                .body("resources.target.guid", contains(org, org, org))
                .body("resources.target.type", contains("organization", "organization", "organization"))
                .body("resources.target.name", contains(name, name + "-renamed", name + "-renamed"))
                .body("resources[0].data.request.name", equalTo(name))
                .body("resources[1].data.request.name", equalTo(name + "-renamed"))
                .body("resources[1].data.request.suspended", equalTo(true))
                .body("resources[2].data.request.recursive", equalTo(true))
                .body("resources.space", contains(nullValue(), nullValue(), nullValue()))
                .body("resources.organization.guid", contains(org, org, org))
                .extract().response();
        String body = response.asString();
        assertEquals(List.of("guid", "created_at", "updated_at", "type", "actor", "target", "data", "space",
                "organization", "links"), Keys.of(body, "/resources/0"));
        assertEquals(List.of("guid", "type", "name"), Keys.of(body, "/resources/0/actor"));
        assertEquals(List.of("guid", "type", "name"), Keys.of(body, "/resources/0/target"));

        String event = response.path("resources[0].guid");
        Api.as(admin).get("/v3/audit_events/" + event).then().statusCode(200)
                .body("guid", equalTo(event))
                .body("type", equalTo("audit.organization.create"))
                .body("actor.guid", equalTo(adminGuid))
                .body("target.guid", equalTo(org))
                .body("data.request.name", equalTo(name))
                .body("space", nullValue())
                .body("organization.guid", equalTo(org))
                .body("links.self.href", equalTo(base() + "/v3/audit_events/" + event));
    }

    @Test
    void everyFilterNarrowsTheList() {
        String admin = Tokens.admin();
        String orgA = createOrg(admin);
        String orgB = createOrg(admin);
        String space = DbFixtures.space(orgA, "space-" + UUID.randomUUID());
        Api.as(admin).delete("/v3/organizations/" + orgA).then().statusCode(202);
        String both = "organization_guids=" + orgA + "," + orgB;

        list(admin, both).statusCode(200).body("pagination.total_results", equalTo(4));
        list(admin, both + "&types=audit.organization.create").statusCode(200)
                .body("resources.target.guid", contains(orgA, orgB));
        list(admin, both + "&types=audit.organization.delete-request,audit.space.delete-request").statusCode(200)
                .body("resources.type", contains("audit.space.delete-request", "audit.organization.delete-request"));
        list(admin, "target_guids=" + orgA + "," + orgB).statusCode(200)
                .body("pagination.total_results", equalTo(3));
        list(admin, both + "&target_guids[not]=" + orgA).statusCode(200)
                .body("resources.type", contains("audit.organization.create", "audit.space.delete-request"))
                .body("resources.target.guid", contains(orgB, space));
        list(admin, "space_guids=" + space).statusCode(200)
                .body("resources", hasSize(1))
                .body("resources[0].type", equalTo("audit.space.delete-request"))
                .body("resources[0].target.type", equalTo("space"))
                .body("resources[0].space.guid", equalTo(space))
                .body("resources[0].organization.guid", equalTo(orgA));
        list(admin, "organization_guids=" + orgB).statusCode(200)
                .body("resources", hasSize(1))
                .body("resources[0].organization.guid", equalTo(orgB));
        String event = list(admin, "organization_guids=" + orgB).extract().path("resources[0].guid");
        list(admin, "guids=" + event).statusCode(200)
                .body("resources.guid", contains(event));
        list(admin, both + "&types=nothing-like-this").statusCode(200)
                .body("pagination.total_results", equalTo(0))
                .body("pagination.total_pages", equalTo(1))
                .body("resources", hasSize(0));
    }

    @Test
    void timestampFiltersOrderingAndPaginationLinks() {
        String target = "target-" + UUID.randomUUID();
        String first = DbFixtures.event("audit.test.first", target, null, null, T0);
        String second = DbFixtures.event("audit.test.second", target, null, null, T0.plusMillis(1500));
        String third = DbFixtures.event("audit.test.third", target, null, null, T0.plusSeconds(3));
        String admin = Tokens.admin();
        String q = "target_guids=" + target;

        list(admin, q + "&created_ats[gt]=2020-01-01T00:00:01Z").statusCode(200)
                .body("resources.guid", contains(third));
        list(admin, q + "&created_ats[gte]=2020-01-01T00:00:01Z").statusCode(200)
                .body("resources.guid", contains(second, third));
        list(admin, q + "&created_ats[lt]=2020-01-01T00:00:01Z").statusCode(200)
                .body("resources.guid", contains(first));
        list(admin, q + "&created_ats[lte]=2020-01-01T00:00:01Z").statusCode(200)
                .body("resources.guid", contains(first, second));
        list(admin, q + "&created_ats=2020-01-01T00:00:01Z,2020-01-01T00:00:03Z").statusCode(200)
                .body("resources.guid", contains(second, third));
        list(admin, q + "&created_ats[gt]=2020-01-01T00:00:00Z&created_ats[lt]=2020-01-01T00:00:03Z")
                .statusCode(200).body("resources.guid", contains(second));
        list(admin, q + "&updated_ats[gt]=2020-01-01T00:00:01Z").statusCode(200)
                .body("resources.guid", contains(third));
        list(admin, q + "&updated_ats[lt]=2020-01-01T00:00:01Z").statusCode(200)
                .body("resources.guid", contains(first));

        list(admin, q + "&order_by=-created_at").statusCode(200)
                .body("resources.guid", contains(third, second, first));
        list(admin, q + "&order_by=updated_at").statusCode(200)
                .body("resources.guid", contains(first, second, third))
                .body("resources[0].created_at", equalTo("2020-01-01T00:00:00Z"))
                .body("resources[1].created_at", equalTo("2020-01-01T00:00:01Z"))
                .body("resources[1].updated_at", equalTo("2020-01-01T00:00:01Z"))
                .body("resources[0].space", nullValue())
                .body("resources[0].organization", nullValue());

        String links = base() + "/v3/audit_events?";
        list(admin, q + "&per_page=1").statusCode(200)
                .body("pagination.total_results", equalTo(3))
                .body("pagination.total_pages", equalTo(3))
                .body("pagination.first.href", equalTo(links + "page=1&per_page=1&" + q))
                .body("pagination.last.href", equalTo(links + "page=3&per_page=1&" + q))
                .body("pagination.next.href", equalTo(links + "page=2&per_page=1&" + q))
                .body("pagination.previous", nullValue())
                .body("resources.guid", contains(first));
        list(admin, q + "&per_page=1&page=2&order_by=-created_at").statusCode(200)
                .body("pagination.next.href", equalTo(links + "order_by=-created_at&page=3&per_page=1&" + q))
                .body("pagination.previous.href", equalTo(links + "order_by=-created_at&page=1&per_page=1&" + q))
                .body("resources.guid", contains(second));
        list(admin, q + "&per_page=1&page=3").statusCode(200)
                .body("pagination.next", nullValue())
                .body("pagination.previous.href", equalTo(links + "page=2&per_page=1&" + q))
                .body("resources.guid", contains(third));
        list(admin, q + "&per_page=2&page=5").statusCode(200)
                .body("resources", hasSize(0))
                .body("pagination.previous.href", equalTo(links + "page=4&per_page=2&" + q));
    }

    @Test
    void badParametersAre400() {
        badQuery("foo=bar", "Unknown query parameter(s): 'foo'. Valid parameters are: 'page', 'per_page', "
                + "'order_by', 'created_ats', 'updated_ats', 'guids', 'types', 'target_guids', 'space_guids', "
                + "'organization_guids'");
        badQuery("order_by=name", "Order by can only be: 'created_at', 'updated_at'");
        badQuery("page=0", "Page must be a positive integer");
        badQuery("per_page=5001", "Per page must be between 1 and 5000");
        badQuery("target_guids[in]=a", "Target guids target_guids has an invalid operator");
        badQuery("types[not]=a", "Types must be an array");
        badQuery("created_ats=yesterday", "Created ats has an invalid timestamp format. Timestamps should be "
                + "formatted as 'YYYY-MM-DDThh:mm:ssZ'");
        badQuery("created_ats[after]=2020-01-01T00:00:00Z", "Created ats Invalid relational operator: 'after'");
        badQuery("updated_ats[gt]=2020-01-01T00:00:00Z,2020-01-02T00:00:00Z",
                "Updated ats only accepts one value when using a relational operator");
    }

    @Test
    void anOrganizationAuditorSeesTheOrganizationsEvents() {
        String admin = Tokens.admin();
        String org = createOrg(admin);
        String other = createOrg(admin);
        Api.as(admin).body("{\"suspended\":false}").patch("/v3/organizations/" + org).then().statusCode(200);
        String auditor = "auditor-" + UUID.randomUUID();
        DbFixtures.organizationRole(auditor, org, RoleType.ORGANIZATION_AUDITOR);

        String event = list(Tokens.user(auditor), "").statusCode(200)
                .body("pagination.total_results", equalTo(2))
                .body("resources.type", contains("audit.organization.create", "audit.organization.update"))
                .body("resources.organization.guid", contains(org, org))
                .extract().path("resources[0].guid");
        Api.as(Tokens.user(auditor)).get("/v3/audit_events/" + event).then().statusCode(200)
                .body("target.guid", equalTo(org));
        String otherEvent = list(admin, "target_guids=" + other).extract().path("resources[0].guid");
        Api.as(Tokens.user(auditor)).get("/v3/audit_events/" + otherEvent).then().statusCode(404)
                .body("errors[0].detail", equalTo("Event not found"));
    }

    @Test
    void spaceRolesSeeTheSpacesEventsAndManagersSeeNone() {
        String admin = Tokens.admin();
        String org = createOrg(admin);
        String space = DbFixtures.space(org, "space-" + UUID.randomUUID());
        String spaceEvent = DbFixtures.event("audit.space.update", space, space, org, Instant.now());
        for (RoleType role : List.of(RoleType.SPACE_AUDITOR, RoleType.SPACE_DEVELOPER, RoleType.SPACE_SUPPORTER)) {
            String user = "space-user-" + UUID.randomUUID();
            DbFixtures.spaceRole(user, space, role);
            list(Tokens.user(user), "").statusCode(200)
                    .body("resources.guid", contains(spaceEvent));
            Api.as(Tokens.user(user)).get("/v3/audit_events/" + spaceEvent).then().statusCode(200);
        }
        // CAPI's event filter leaves out space managers and organization managers
        String spaceManager = "space-manager-" + UUID.randomUUID();
        DbFixtures.spaceRole(spaceManager, space, RoleType.SPACE_MANAGER);
        String orgManager = "org-manager-" + UUID.randomUUID();
        DbFixtures.organizationRole(orgManager, org, RoleType.ORGANIZATION_MANAGER);
        for (String user : List.of(spaceManager, orgManager)) {
            list(Tokens.user(user), "").statusCode(200).body("pagination.total_results", equalTo(0));
            Api.as(Tokens.user(user)).get("/v3/audit_events/" + spaceEvent).then().statusCode(404);
        }
    }

    @Test
    void aUserWithNoRoleSeesNothing() {
        String admin = Tokens.admin();
        String org = createOrg(admin);
        String event = list(admin, "target_guids=" + org).extract().path("resources[0].guid");
        String nobody = Tokens.user("nobody-" + UUID.randomUUID());

        list(nobody, "").statusCode(200)
                .body("pagination.total_results", equalTo(0))
                .body("pagination.total_pages", equalTo(1))
                .body("resources", hasSize(0));
        Api.as(nobody).get("/v3/audit_events/" + event).then().statusCode(404)
                .body("errors[0].code", equalTo(10010))
                .body("errors[0].title", equalTo("CF-ResourceNotFound"))
                .body("errors[0].detail", equalTo("Event not found"));
        Api.as(admin).get("/v3/audit_events/" + UUID.randomUUID()).then().statusCode(404)
                .body("errors[0].detail", equalTo("Event not found"));
    }

    @Test
    void globalReadersSeeEverything() {
        String admin = Tokens.admin();
        String org = createOrg(admin);
        String event = list(admin, "target_guids=" + org).extract().path("resources[0].guid");
        for (String scope : List.of("cloud_controller.global_auditor", "cloud_controller.admin_read_only")) {
            String reader = Tokens.forUser("reader-" + UUID.randomUUID(), List.of(scope));
            list(reader, "target_guids=" + org).statusCode(200)
                    .body("resources.guid", contains(event));
            Api.as(reader).get("/v3/audit_events/" + event).then().statusCode(200)
                    .body("guid", equalTo(event));
        }
    }

    @Test
    void needsAToken() {
        Api.anonymous().get("/v3/audit_events").then().statusCode(401)
                .body("errors[0].title", equalTo("CF-NotAuthenticated"));
        Api.anonymous().get("/v3/audit_events/" + UUID.randomUUID()).then().statusCode(401)
                .body("errors[0].title", equalTo("CF-NotAuthenticated"));
    }
}

package io.cfdeploy.web;

import static io.cfdeploy.support.Fixtures.newGuid;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cfdeploy.support.Api;
import io.cfdeploy.support.Db;
import io.cfdeploy.support.Errors;
import io.cfdeploy.support.Fixtures;
import io.cfdeploy.support.Json;
import io.cfdeploy.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
class UsersTest {
    private static final String USERS_VALID_PARAMETERS = "'page', 'per_page', 'order_by', 'created_ats', "
            + "'updated_ats', 'guids', 'usernames', 'origins', 'label_selector'";

    /** Plain JDBC, not injected, so that the …IT subclass reads the same database from outside. */
    final DataSource db = Db.database();

    /** The guid the built-in issuer gives a configured user without one (UaaUsers.guidFor). */
    static String configuredUserGuid(String name) {
        return UUID.nameUUIDFromBytes(("cfdeploy-user:" + name).getBytes(StandardCharsets.UTF_8)).toString();
    }

    @Test
    void adminRegistersAUserByGuidInCapisShape() {
        String guid = newGuid();
        Response response = Api.asAdmin().body("{\"guid\":\"" + guid + "\",\"metadata\":{\"labels\":"
                + "{\"team\":\"red\"}}}").post("/v3/users");
        response.then().statusCode(201).body("guid", equalTo(guid)).body("username", nullValue())
                .body("presentation_name", equalTo(guid)).body("origin", nullValue())
                .body("metadata.labels.team", equalTo("red"))
                .body("links.self.href", endsWith("/v3/users/" + guid));
        assertThat(Json.keys(Json.parse(response.asString())), contains("guid", "created_at", "updated_at",
                "username", "presentation_name", "origin", "metadata", "links"));
        assertEquals(1, Db.count(db, "SELECT count(*) FROM users WHERE guid = ? AND username IS NULL", guid));

        Api.asAdmin().get("/v3/users/" + guid).then().statusCode(200).body("guid", equalTo(guid))
                .body("metadata.labels.team", equalTo("red"));
        Errors.unprocessable(Api.asAdmin().body("{\"guid\":\"" + guid + "\"}").post("/v3/users"),
                "User with guid '" + guid + "' already exists.");
        assertEquals(1, Db.count(db, "SELECT count(*) FROM users WHERE guid = ?", guid));
    }

    @Test
    void adminRegistersAUserByUsernameAndOrigin() {
        String username = "ldap-user-" + newGuid();
        Response response = Api.asAdmin().body("{\"username\":\"" + username + "\",\"origin\":\"ldap\"}")
                .post("/v3/users");
        response.then().statusCode(201).body("username", equalTo(username))
                .body("presentation_name", equalTo(username)).body("origin", equalTo("ldap"));
        String guid = response.path("guid");
        Db.assertRow(Db.single(db, "SELECT username, origin FROM users WHERE guid = ?", guid), "username", username,
                "origin", "ldap");
        Errors.unprocessable(Api.asAdmin().body("{\"username\":\"" + username + "\",\"origin\":\"ldap\"}")
                .post("/v3/users"), "User with username '" + username + "' and origin 'ldap' already exists.");
        Api.asAdmin().body("{\"username\":\"" + username + "\",\"origin\":\"saml\"}").post("/v3/users").then()
                .statusCode(201).body("origin", equalTo("saml"));
    }

    @Test
    void createValidatesTheBodyWithCapisTexts() {
        Errors.unprocessable(Api.asAdmin().body("{}").post("/v3/users"),
                "Guid either 'guid' or 'username' and 'origin' must be provided");
        Errors.unprocessable(Api.asAdmin().body("{\"guid\":\"a\",\"username\":\"b\",\"origin\":\"c\"}")
                .post("/v3/users"),
                "Username cannot be provided with 'guid', Origin cannot be provided with 'guid'");
        Errors.unprocessable(Api.asAdmin().body("{\"username\":\"b\"}").post("/v3/users"),
                "Username 'origin' is missing");
        Errors.unprocessable(Api.asAdmin().body("{\"origin\":\"uaa\"}").post("/v3/users"),
                "Origin 'username' is missing, Origin cannot be 'uaa' when creating a user by username");
        Errors.unprocessable(Api.asAdmin().body("{\"username\":\"b\",\"origin\":\"uaa\"}").post("/v3/users"),
                "Origin cannot be 'uaa' when creating a user by username");
        Errors.unprocessable(Api.asAdmin().body("{\"guid\":5}").post("/v3/users"),
                "Guid must be a string, Guid must be between 1 and 200 characters");
        Errors.unprocessable(Api.asAdmin().body("{\"guid\":\"\"}").post("/v3/users"),
                "Guid must be between 1 and 200 characters");
        Errors.unprocessable(Api.asAdmin().body("{\"guid\":\"a\",\"foo\":1,\"bar\":2}").post("/v3/users"),
                "Unknown field(s): 'foo', 'bar'");
        Errors.unprocessable(Api.asAdmin().body("{\"username\":1,\"origin\":\"ldap\"}").post("/v3/users"),
                "Username must be a string");
    }

    @Test
    void onlyAdminsRegisterUsers() {
        String caller = newGuid();
        String guid = newGuid();
        Errors.notAuthorized(Api.as(Tokens.user(caller)).body("{\"guid\":\"" + guid + "\"}").post("/v3/users"));
        Errors.notAuthorized(Api.as(Tokens.user(caller)).body("{}").post("/v3/users"));
        Errors.notAuthorized(Api.as(Tokens.forUser(caller, List.of("cloud_controller.admin_read_only",
                "cloud_controller.write"))).body("{\"guid\":\"" + guid + "\"}").post("/v3/users"));
        assertEquals(0, Db.count(db, "SELECT count(*) FROM users WHERE guid = ?", guid));
    }

    @Test
    void usersSeeThemselvesAndThePeopleOfTheirOrganizations() {
        String org = Fixtures.org();
        String otherOrg = Fixtures.org();
        String me = newGuid();
        String colleague = newGuid();
        String stranger = newGuid();
        Fixtures.orgRole("organization_auditor", me, org);
        Fixtures.orgRole("organization_billing_manager", colleague, org);
        Fixtures.orgRole("organization_user", stranger, otherOrg);
        String token = Tokens.user(me);

        Api.as(token).get("/v3/users/" + me).then().statusCode(200).body("guid", equalTo(me));
        Api.as(token).get("/v3/users/" + colleague).then().statusCode(200).body("guid", equalTo(colleague));
        Errors.notFound(Api.as(token).get("/v3/users/" + stranger), "User not found");
        Errors.notFound(Api.asAdmin().get("/v3/users/" + newGuid()), "User not found");
        Api.as(token).get("/v3/users").then().statusCode(200).body("pagination.total_results", equalTo(2))
                .body("resources.guid", containsInAnyOrder(me, colleague));

        String loner = newGuid();
        Api.asAdmin().body("{\"guid\":\"" + loner + "\"}").post("/v3/users").then().statusCode(201);
        Api.as(Tokens.user(loner)).get("/v3/users").then().statusCode(200)
                .body("pagination.total_results", equalTo(1)).body("resources.guid", contains(loner));
        Errors.notFound(Api.as(Tokens.user(loner)).get("/v3/users/" + me), "User not found");

        Api.as(Tokens.forUser(newGuid(), List.of("cloud_controller.global_auditor"))).get("/v3/users/" + stranger)
                .then().statusCode(200);
    }

    @Test
    void namesComeFromTheBuiltInIssuerWhenTheUsersRowHasNone() {
        String developer = configuredUserGuid("developer");
        String org = Fixtures.org();
        Api.asAdmin().body("{\"type\":\"organization_user\",\"relationships\":{\"user\":{\"data\":{\"username\":"
                + "\"developer\"}},\"organization\":{\"data\":{\"guid\":\"" + org + "\"}}}}").post("/v3/roles").then()
                .statusCode(201).body("relationships.user.data.guid", equalTo(developer));
        Api.asAdmin().get("/v3/users/" + developer).then().statusCode(200).body("username", equalTo("developer"))
                .body("presentation_name", equalTo("developer")).body("origin", equalTo("uaa"));
        Api.asAdmin().queryParam("usernames", "developer").queryParam("origins", "uaa").get("/v3/users").then()
                .statusCode(200).body("resources.guid", contains(developer));
        Api.asAdmin().queryParam("usernames", "developer").queryParam("origins", "ldap").get("/v3/users").then()
                .statusCode(200).body("pagination.total_results", equalTo(0));
    }

    @Test
    void listFiltersByGuidsUsernamesOriginsAndLabels() {
        String username = "filter-user-" + newGuid();
        String ldap = Api.asAdmin().body("{\"username\":\"" + username + "\",\"origin\":\"ldap\"}").post("/v3/users")
                .then().statusCode(201).extract().path("guid");
        String saml = Api.asAdmin().body("{\"username\":\"" + username + "\",\"origin\":\"saml\",\"metadata\":"
                + "{\"labels\":{\"kind\":\"robot\"}}}").post("/v3/users").then().statusCode(201).extract().path("guid");
        String byGuid = newGuid();
        Api.asAdmin().body("{\"guid\":\"" + byGuid + "\"}").post("/v3/users").then().statusCode(201);

        Api.asAdmin().queryParam("usernames", username).get("/v3/users").then().statusCode(200)
                .body("resources.guid", contains(ldap, saml));
        Api.asAdmin().queryParam("usernames", username).queryParam("origins", "saml").get("/v3/users").then()
                .statusCode(200).body("resources.guid", contains(saml));
        Api.asAdmin().queryParam("guids", byGuid + "," + ldap).get("/v3/users").then().statusCode(200)
                .body("resources.guid", contains(ldap, byGuid));
        Api.asAdmin().queryParam("usernames", username).queryParam("label_selector", "kind=robot")
                .get("/v3/users").then().statusCode(200).body("resources.guid", contains(saml));
        Api.asAdmin().queryParam("guids", byGuid).queryParam("order_by", "-created_at")
                .queryParam("created_ats[gte]", "2000-01-01T00:00:00Z").get("/v3/users").then().statusCode(200)
                .body("resources.guid", contains(byGuid))
                .body("pagination.first.href", endsWith("/v3/users?created_ats%5Bgte%5D=2000-01-01T00%3A00%3A00Z"
                        + "&guids=" + byGuid + "&order_by=-created_at&page=1&per_page=50"));
    }

    @Test
    void listAnswersBadParametersWith422() {
        Errors.unprocessable(Api.asAdmin().queryParam("foo", "1").get("/v3/users"),
                "Unknown query parameter(s): 'foo'. Valid parameters are: " + USERS_VALID_PARAMETERS);
        Errors.unprocessable(Api.asAdmin().queryParam("origins", "ldap").get("/v3/users"),
                "Origins filter cannot be provided without usernames filter.");
        Errors.unprocessable(Api.asAdmin().queryParam("order_by", "username").get("/v3/users"),
                "Order by can only be: 'created_at', 'updated_at'");
        Errors.unprocessable(Api.asAdmin().queryParam("page", "0").queryParam("label_selector", "").get("/v3/users"),
                "Page must be a positive integer, Missing label_selector value");
    }
}

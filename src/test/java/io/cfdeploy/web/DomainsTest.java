package io.cfdeploy.web;

import static io.cfdeploy.support.Fixtures.newGuid;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.cfdeploy.support.Api;
import io.cfdeploy.support.Db;
import io.cfdeploy.support.Errors;
import io.cfdeploy.support.Json;
import io.cfdeploy.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** {@code /v3/domains}: the configured shared domain, listed and shown in CAPI's shape to every caller. */
@QuarkusTest
class DomainsTest {
    static final String DEFAULT_DOMAIN = "apps.localhost";
    final DataSource db = Db.database();

    static String defaultDomainGuid() {
        return Api.asAdmin().get("/v3/domains?names=" + DEFAULT_DOMAIN).then().statusCode(200).extract()
                .path("resources[0].guid");
    }

    @Test
    void theConfiguredDomainExistsOnceInCapisShape() {
        assertEquals(1, Db.count(db, "SELECT count(*) FROM domains WHERE name = ?", DEFAULT_DOMAIN));
        Response response = Api.as(Tokens.user(newGuid())).get("/v3/domains?names=" + DEFAULT_DOMAIN);
        response.then().statusCode(200).body("pagination.total_results", equalTo(1))
                .body("resources[0].name", equalTo(DEFAULT_DOMAIN)).body("resources[0].internal", equalTo(false))
                .body("resources[0].router_group", nullValue())
                .body("resources[0].supported_protocols", contains("http"))
                .body("resources[0].relationships.organization.data", nullValue())
                .body("resources[0].relationships.shared_organizations.data", empty());
        JsonNode domain = Json.parse(response.asString()).get("resources").get(0);
        assertThat(Json.keys(domain), contains("guid", "created_at", "updated_at", "name", "internal",
                "router_group", "supported_protocols", "relationships", "metadata", "links"));
        String guid = domain.get("guid").asText();
        Api.as(Tokens.user(newGuid())).get("/v3/domains/" + guid).then().statusCode(200)
                .body("name", equalTo(DEFAULT_DOMAIN)).body("links.self.href", endsWith("/v3/domains/" + guid))
                .body("links.route_reservations.href", endsWith("/v3/domains/" + guid + "/route_reservations"));
    }

    @Test
    void listsFilterAndShowAnswers404() {
        String guid = defaultDomainGuid();
        Api.asAdmin().get("/v3/domains?guids=" + guid).then().body("resources.name", contains(DEFAULT_DOMAIN));
        Api.asAdmin().get("/v3/domains?names=nope.example").then().body("pagination.total_results", equalTo(0));
        // shared domains have no owning organization
        Api.asAdmin().get("/v3/domains?names=" + DEFAULT_DOMAIN + "&organization_guids=" + newGuid()).then()
                .body("pagination.total_results", equalTo(0));
        Errors.badQuery(Api.asAdmin().get("/v3/domains?hosts=x"), "Unknown query parameter(s): 'hosts'. Valid "
                + "parameters are: 'page', 'per_page', 'order_by', 'created_ats', 'updated_ats', 'names', 'guids', "
                + "'organization_guids', 'label_selector'");
        Errors.notFound(Api.asAdmin().get("/v3/domains/" + newGuid()), "Domain not found");
    }
}

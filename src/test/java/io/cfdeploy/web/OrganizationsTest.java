package io.cfdeploy.web;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;

import io.cfdeploy.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OrganizationsTest {

    @Test
    void adminCreatesAndReadsAnOrganization() {
        String name = "org-" + UUID.randomUUID();
        String guid = Api.asAdmin().body("{\"name\":\"" + name + "\",\"metadata\":{\"labels\":{\"env\":\"prod\"}}}")
                .post("/v3/organizations").then().statusCode(201)
                .body("name", equalTo(name))
                .body("suspended", equalTo(false))
                .body("guid", matchesPattern("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"))
                .body("relationships.quota.data", nullValue())
                .body("metadata.labels.env", equalTo("prod"))
                .extract().path("guid");
        Api.asAdmin().get("/v3/organizations/" + guid).then().statusCode(200).body("name", equalTo(name));
        Api.asAdmin().queryParam("names", name).get("/v3/organizations").then().statusCode(200)
                .body("pagination.total_results", equalTo(1))
                .body("resources", hasSize(1));
    }
}

package io.cfdeploy.web;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cfdeploy.support.Api;
import io.cfdeploy.support.DbFixtures;
import io.cfdeploy.support.Keys;
import io.cfdeploy.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class JobsTest {

    private static String base() {
        return RestAssured.baseURI + ":" + RestAssured.port;
    }

    private static String createOrg() {
        return Api.asAdmin().body("{\"name\":\"org-" + UUID.randomUUID() + "\"}").post("/v3/organizations").then()
                .statusCode(201).extract().path("guid");
    }

    @Test
    void organizationDeleteAnswers202WithACompleteJob() {
        String org = createOrg();
        String location = Api.asAdmin().delete("/v3/organizations/" + org).then().statusCode(202)
                .extract().header("Location");
        assertTrue(location.matches(base() + "/v3/jobs/[0-9a-f-]{36}"), location);
        String job = location.substring(location.lastIndexOf('/') + 1);

        String body = Api.asAdmin().get("/v3/jobs/" + job).then().statusCode(200)
                .body("guid", equalTo(job))
                .body("operation", equalTo("organization.delete"))
                .body("state", equalTo("COMPLETE"))
                .body("errors", hasSize(0))
                .body("warnings", hasSize(0))
                .body("links.self.href", equalTo(location))
                .body("links", not(hasKey("organization")))
                .extract().asString();
        assertEquals(List.of("guid", "created_at", "updated_at", "operation", "state", "errors", "warnings", "links"),
                Keys.of(body, ""));
        assertEquals(List.of("self"), Keys.of(body, "/links"));
        Api.asAdmin().get("/v3/organizations/" + org).then().statusCode(404);
    }

    @Test
    void aJobLinksItsResourceWhileTheResourceExists() {
        String org = createOrg();
        String job = DbFixtures.job("organization", org, "PROCESSING", List.of(),
                List.of(Map.of("detail", "still working")));
        Api.asAdmin().get("/v3/jobs/" + job).then().statusCode(200)
                .body("state", equalTo("PROCESSING"))
                .body("errors", hasSize(0))
                .body("warnings[0].detail", equalTo("still working"))
                .body("links.self.href", equalTo(base() + "/v3/jobs/" + job))
                .body("links.organization.href", equalTo(base() + "/v3/organizations/" + org));
    }

    @Test
    void aFailedJobShowsItsErrors() {
        String job = DbFixtures.job("organization", UUID.randomUUID().toString(), "FAILED",
                List.of(Map.of("title", "CF-UnprocessableEntity", "detail", "it broke", "code", 10008)), List.of());
        Api.asAdmin().get("/v3/jobs/" + job).then().statusCode(200)
                .body("state", equalTo("FAILED"))
                .body("errors", hasSize(1))
                .body("errors[0].detail", equalTo("it broke"))
                .body("errors[0].code", equalTo(10008))
                .body("links", not(hasKey("organization")));
    }

    @Test
    void aJobOnAKindOfResourceThatIsNotStoredHasNoResourceLink() {
        String job = DbFixtures.job("widget", UUID.randomUUID().toString(), "COMPLETE", List.of(), List.of());
        Api.asAdmin().get("/v3/jobs/" + job).then().statusCode(200)
                .body("operation", equalTo("widget.delete"))
                .body("links", not(hasKey("widget")));
    }

    @Test
    void anyAuthenticatedReaderMaySeeAJob() {
        String location = Api.asAdmin().delete("/v3/organizations/" + createOrg()).then().statusCode(202)
                .extract().header("Location");
        Api.as(Tokens.user("user-" + UUID.randomUUID())).get(location).then().statusCode(200)
                .body("state", equalTo("COMPLETE"));
        Api.anonymous().get(location).then().statusCode(401)
                .body("errors[0].title", equalTo("CF-NotAuthenticated"));
    }

    @Test
    void anUnknownJobIs404() {
        Api.asAdmin().get("/v3/jobs/" + UUID.randomUUID()).then().statusCode(404)
                .body("errors[0].code", equalTo(10010))
                .body("errors[0].title", equalTo("CF-ResourceNotFound"))
                .body("errors[0].detail", equalTo("Job not found"));
    }
}

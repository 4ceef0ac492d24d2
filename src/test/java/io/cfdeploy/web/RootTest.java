package io.cfdeploy.web;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cfdeploy.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RootTest {

    private static String base() {
        return RestAssured.baseURI + ":" + RestAssured.port;
    }

    @Test
    void rootLinksTheV3ApiAndTheBuiltInIssuer() {
        String base = base();
        String body = Api.anonymous().get("/").then().statusCode(200)
                .body("links.self.href", equalTo(base))
                .body("links.cloud_controller_v3.href", equalTo(base + "/v3"))
                .body("links.cloud_controller_v3.meta.version", equalTo("3.228.0"))
                .body("links.login.href", equalTo(base))
                .body("links.uaa.href", equalTo(base))
                .body("links.cloud_controller_v2", nullValue())
                .body("links.network_policy_v0", nullValue())
                .body("links.network_policy_v1", nullValue())
                .body("links.credhub", nullValue())
                .body("links.routing", nullValue())
                .body("links.logging", nullValue())
                .body("links.log_cache.href", equalTo(base))
                .body("links.log_stream", nullValue())
                .body("links.app_ssh", nullValue())
                .extract().asString();
        assertEquals(List.of("self", "cloud_controller_v2", "cloud_controller_v3", "network_policy_v0", "network_policy_v1", "login", "uaa",
                "credhub", "routing", "logging", "log_cache", "log_stream", "app_ssh"),
                io.cfdeploy.support.Keys.of(body, "/links"));
    }

    @Test
    void forwardedHeadersDecideTheLinks() {
        Api.anonymous().header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "api.example.org")
                .get("/").then().statusCode(200)
                .body("links.self.href", equalTo("https://api.example.org"))
                .body("links.cloud_controller_v3.href", equalTo("https://api.example.org/v3"))
                .body("links.login.href", equalTo("https://api.example.org"))
                .body("links.uaa.href", equalTo("https://api.example.org"))
                .body("links.log_cache.href", equalTo("https://api.example.org"));
        Api.anonymous().header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "api.example.org")
                .get("/v3").then().statusCode(200)
                .body("links.self.href", equalTo("https://api.example.org/v3"))
                .body("links.audit_events.href", equalTo("https://api.example.org/v3/audit_events"));
        Api.anonymous().header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "api.example.org")
                .get("/v3/info").then().statusCode(200)
                .body("links.self.href", equalTo("https://api.example.org/v3/info"));
    }

    @Test
    void v3RootLinksTheResources() {
        String base = base();
        String body = Api.anonymous().get("/v3").then().statusCode(200)
                .body("links.self.href", equalTo(base + "/v3"))
                .body("links.audit_events.href", equalTo(base + "/v3/audit_events"))
                .body("links.organizations.href", equalTo(base + "/v3/organizations"))
                .body("links.deployments.href", equalTo(base + "/v3/deployments"))
                .body("links.info.href", equalTo(base + "/v3/info"))
                .extract().asString();
        List<String> resources = io.cfdeploy.support.Keys.of(body, "/links");
        assertEquals(List.of("self", "apps", "audit_events", "deployments", "droplets", "info", "organizations",
                "packages", "processes", "roles", "routes", "spaces", "users"), resources);
        for (String resource : resources.subList(1, resources.size())) { // each link answers
            Api.asAdmin().get("/v3/" + resource).then().statusCode(200);
        }
    }

    @Test
    void infoDescribesThePlatform() {
        String body = Api.anonymous().get("/v3/info").then().statusCode(200)
                .body("name", equalTo("cfdeploy"))
                .body("version", equalTo(0))
                .body("cli_version.minimum", equalTo(""))
                .body("cli_version.recommended", equalTo(""))
                .body("custom.size()", equalTo(0))
                .body("rate_limits.enabled", equalTo(false))
                .body("links.self.href", equalTo(base() + "/v3/info"))
                .body("links.support.href", equalTo(""))
                .extract().asString();
        assertEquals(List.of("build", "cli_version", "custom", "description", "name", "version", "osbapi_version",
                "rate_limits", "links"), io.cfdeploy.support.Keys.of(body, ""));
    }

    @Test
    void rootEndpointsIgnoreABadToken() {
        Api.as("not-a-jwt").get("/").then().statusCode(200);
        Api.as("not-a-jwt").get("/v3").then().statusCode(200);
        Api.as("not-a-jwt").get("/v3/info").then().statusCode(200);
    }
}

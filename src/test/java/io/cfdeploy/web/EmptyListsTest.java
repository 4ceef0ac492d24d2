package io.cfdeploy.web;

import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.cfdeploy.support.Api;
import io.cfdeploy.support.AppFixtures;
import io.cfdeploy.support.Errors;
import io.cfdeploy.support.Fixtures;
import io.cfdeploy.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/** The lists of apps without packages, app routes and process sidecars: CAPI's shape and validation, empty pages. */
@QuarkusTest
class EmptyListsTest {
    private static final String PACKAGE_PARAMS = "'page', 'per_page', 'order_by', 'created_ats', 'updated_ats',"
            + " 'guids', 'states', 'types', 'app_guids', 'space_guids', 'organization_guids', 'label_selector'";

    private static void emptyPage(Response response, String pathAndQuery) {
        response.then().statusCode(200)
                .body("pagination.total_results", equalTo(0))
                .body("pagination.total_pages", equalTo(1))
                .body("pagination.first.href", endsWith(pathAndQuery))
                .body("pagination.last.href", endsWith(pathAndQuery))
                .body("pagination.next", nullValue())
                .body("pagination.previous", nullValue())
                .body("resources", empty());
    }

    @Test
    void packagesListIsEmptyWithItsFilters() {
        String app = AppFixtures.app(Fixtures.space(Fixtures.org()));
        emptyPage(Api.asAdmin().queryParam("app_guids", app).get("/v3/packages"),
                "/v3/packages?app_guids=" + app + "&page=1&per_page=50");
        emptyPage(Api.asAdmin().queryParam("states", "READY").queryParam("types", "bits,docker")
                .queryParam("order_by", "-created_at").queryParam("label_selector", "env=prod")
                .get("/v3/packages"),
                "/v3/packages?label_selector=env%3Dprod&order_by=-created_at&page=1&per_page=50&states=READY"
                        + "&types=bits%2Cdocker");
    }

    @Test
    void packagesListRefusesUnknownAndBadParameters() {
        Errors.badQuery(Api.asAdmin().queryParam("names", "x").get("/v3/packages"),
                "Unknown query parameter(s): 'names'. Valid parameters are: " + PACKAGE_PARAMS);
        Api.asAdmin().queryParam("per_page", "0").get("/v3/packages").then().statusCode(400)
                .body("errors[0].title", equalTo("CF-BadQueryParameter"));
        Api.asAdmin().queryParam("order_by", "name").get("/v3/packages").then().statusCode(400)
                .body("errors[0].title", equalTo("CF-BadQueryParameter"));
    }

    @Test
    void appPackagesAreEmptyForAReadableApp() {
        String org = Fixtures.org();
        String space = Fixtures.space(org);
        String app = AppFixtures.app(space);
        String developer = Fixtures.spaceMember("space_developer", org, space);
        emptyPage(Api.as(Tokens.user(developer)).get("/v3/apps/" + app + "/packages"),
                "/v3/apps/" + app + "/packages?page=1&per_page=50");
        Errors.badQuery(Api.asAdmin().queryParam("app_guids", app).queryParam("space_guids", space)
                .get("/v3/apps/" + app + "/packages"), "Unknown query parameter(s): 'app_guids', 'space_guids'");
        Errors.notFound(Api.asAdmin().get("/v3/apps/" + Fixtures.newGuid() + "/packages"), "App not found");
        Errors.notFound(Api.as(Tokens.user(Fixtures.newGuid())).get("/v3/apps/" + app + "/packages"),
                "App not found");
    }

    @Test
    void appRoutesAreEmptyWithCapiFilters() {
        String org = Fixtures.org();
        String space = Fixtures.space(org);
        String app = AppFixtures.app(space);
        String auditor = Fixtures.spaceMember("space_auditor", org, space);
        emptyPage(Api.as(Tokens.user(auditor)).get("/v3/apps/" + app + "/routes"),
                "/v3/apps/" + app + "/routes?page=1&per_page=50");
        emptyPage(Api.asAdmin().queryParam("hosts", "a,b").queryParam("ports", "8080")
                .queryParam("include", "domain").get("/v3/apps/" + app + "/routes"),
                "/v3/apps/" + app + "/routes?hosts=a%2Cb&include=domain&page=1&per_page=50&ports=8080");
        Errors.badQuery(Api.asAdmin().queryParam("include", "app").get("/v3/apps/" + app + "/routes"),
                "Invalid included resource: 'app'. Valid included resources are: 'domain', 'space',"
                        + " 'space.organization'");
        Api.asAdmin().queryParam("names", "x").get("/v3/apps/" + app + "/routes").then().statusCode(400)
                .body("errors[0].title", equalTo("CF-BadQueryParameter"));
        Errors.notFound(Api.asAdmin().get("/v3/apps/" + Fixtures.newGuid() + "/routes"), "App not found");
        Errors.notFound(Api.as(Tokens.user(Fixtures.newGuid())).get("/v3/apps/" + app + "/routes"),
                "App not found");
    }

    @Test
    void processSidecarsAreEmpty() {
        String org = Fixtures.org();
        String space = Fixtures.space(org);
        String app = AppFixtures.app(space);
        String process = Api.asAdmin().get("/v3/apps/" + app + "/processes/web").then().statusCode(200).extract()
                .path("guid");
        String developer = Fixtures.spaceMember("space_developer", org, space);
        emptyPage(Api.as(Tokens.user(developer)).queryParam("per_page", "10")
                .get("/v3/processes/" + process + "/sidecars"),
                "/v3/processes/" + process + "/sidecars?page=1&per_page=10");
        Errors.badQuery(Api.asAdmin().queryParam("names", "x").get("/v3/processes/" + process + "/sidecars"),
                "Unknown query parameter(s): 'names'. Valid parameters are: 'page', 'per_page', 'order_by',"
                        + " 'created_ats', 'updated_ats'");
        Errors.notFound(Api.asAdmin().get("/v3/processes/" + Fixtures.newGuid() + "/sidecars"),
                "Process not found");
        Errors.notFound(Api.as(Tokens.user(Fixtures.newGuid())).get("/v3/processes/" + process + "/sidecars"),
                "Process not found");
    }
}

package io.cfdeploy.web;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cfdeploy.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Health, metrics and the served contract (product.md §7). */
@QuarkusTest
class OperationsTest {

    @Test
    void readinessIncludesTheDatabase() {
        Api.anonymous().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Database connections health check"))
                .body("checks.find { it.name == 'Database connections health check' }.status", equalTo("UP"));
    }

    @Test
    void livenessIsUp() {
        Api.anonymous().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void metricsArePrometheusText() {
        Api.anonymous().accept("text/plain").get("/q/metrics").then().statusCode(200)
                .body(containsString("# TYPE"))
                .body(containsString("jvm_"));
    }

    @Test
    void theServedContractIsTheOneInOpenapi() {
        String served = Api.anonymous().accept("application/json").queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200).extract().asString();
        OpenAPI fromServer = new OpenAPIV3Parser().readContents(served).getOpenAPI();
        OpenAPI fromFile = new OpenAPIV3Parser().read("openapi/openapi.yaml");
        assertEquals(fromFile.getInfo().getTitle(), fromServer.getInfo().getTitle());
        assertEquals(fromFile.getInfo().getVersion(), fromServer.getInfo().getVersion());
        assertEquals(new TreeSet<>(fromFile.getPaths().keySet()), new TreeSet<>(fromServer.getPaths().keySet()));
        assertEquals(new TreeSet<>(fromFile.getComponents().getSchemas().keySet()),
                new TreeSet<>(fromServer.getComponents().getSchemas().keySet()));
        for (Map.Entry<String, io.swagger.v3.oas.models.PathItem> path : fromFile.getPaths().entrySet()) {
            assertEquals(path.getValue().readOperationsMap().keySet(),
                    fromServer.getPaths().get(path.getKey()).readOperationsMap().keySet(), path.getKey());
        }
    }

    @Test
    void swaggerUiIsServed() {
        Api.anonymous().accept("text/html").get("/q/swagger-ui/").then().statusCode(200)
                .body(containsString("swagger"));
    }
}

package io.cfdeploy.support;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.OpenApiValidationFilter;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * RestAssured requests whose every response is validated against openapi/openapi.yaml: an undocumented path,
 * verb, status, header or body shape fails the test. Request bodies and parameters are not validated, so tests
 * can send bad input on purpose.
 */
public final class Api {
    private static final OpenApiValidationFilter CONTRACT = new OpenApiValidationFilter(
            OpenApiInteractionValidator.createForSpecificationUrl(
                    Path.of("openapi/openapi.yaml").toAbsolutePath().toUri().toString())
                    .withLevelResolver(LevelResolver.create()
                            .withLevel("validation.request", ValidationReport.Level.IGNORE)
                            // …but a request to a path or verb the contract does not have is a test error
                            .withLevel("validation.request.path.missing", ValidationReport.Level.ERROR)
                            .withLevel("validation.request.operation.notAllowed", ValidationReport.Level.ERROR)
                            .build())
                    .build());

    /**
     * For requests to routes that deliberately do not exist: the response must be CAPI's 404 envelope, the only
     * thing the contract promises there.
     */
    private static final Filter UNKNOWN_ROUTE = (request, response, context) -> {
        Response answer = context.next(request, response);
        List<Map<String, Object>> errors = answer.jsonPath().getList("errors");
        if (answer.statusCode() != 404 || errors == null || errors.size() != 1
                || !errors.get(0).keySet().equals(java.util.Set.of("code", "title", "detail"))) {
            throw new AssertionError("an unknown route must answer the CF 404 envelope, got " + answer.statusCode()
                    + " " + answer.asString());
        }
        return answer;
    };

    private Api() {
    }

    /** A request without credentials. */
    public static RequestSpecification anonymous() {
        return RestAssured.given().filter(CONTRACT).contentType(ContentType.JSON).accept(ContentType.JSON);
    }

    public static RequestSpecification as(String token) {
        return anonymous().header("Authorization", Tokens.bearer(token));
    }

    public static RequestSpecification asAdmin() {
        return as(Tokens.admin());
    }

    /** A request to a path or verb that is not in the contract on purpose (unknown-route tests). */
    public static RequestSpecification unrouted() {
        return RestAssured.given().filter(UNKNOWN_ROUTE).contentType(ContentType.JSON).accept(ContentType.JSON);
    }

    public static RequestSpecification unroutedAs(String token) {
        return unrouted().header("Authorization", Tokens.bearer(token));
    }
}

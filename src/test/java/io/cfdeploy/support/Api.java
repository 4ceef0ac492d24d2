package io.cfdeploy.support;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.OpenApiValidationFilter;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Path;

/**
 * RestAssured requests whose every response is validated against openapi/openapi.yaml: an undocumented status,
 * header or body shape fails the test. Requests are not validated, so tests can send bad input on purpose.
 */
public final class Api {
    private static final OpenApiValidationFilter CONTRACT = new OpenApiValidationFilter(
            OpenApiInteractionValidator.createForSpecificationUrl(
                    Path.of("openapi/openapi.yaml").toAbsolutePath().toUri().toString())
                    .withLevelResolver(LevelResolver.create()
                            .withLevel("validation.request", ValidationReport.Level.IGNORE)
                            .build())
                    .build());

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
}

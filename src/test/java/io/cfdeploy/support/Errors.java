package io.cfdeploy.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;

/**
 * Asserts a CF V3 error response completely, the one helper every test uses: status, JSON content type and a body
 * that is exactly {@code {"errors":[{"code":…,"title":…,"detail":…}]}} (nothing more, nothing less).
 */
public final class Errors {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Errors() {
    }

    public static ExtractableResponse<Response> assertError(ValidatableResponse response, int status, String title,
            int code, String detail) {
        ExtractableResponse<Response> extracted = response.statusCode(status).extract();
        String contentType = extracted.contentType();
        assertTrue(contentType != null && contentType.startsWith("application/json"),
                "content type of an error: " + contentType);
        assertEquals(expected(title, code, detail), parse(extracted.asString()));
        return extracted;
    }

    public static void expect(Response response, int status, String title, int code, String detail) {
        assertError(response.then(), status, title, code, detail);
    }

    /** The envelope as JSON, for answers that never went over HTTP (exception mappers). */
    public static JsonNode expected(String title, int code, String detail) {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("errors").addObject().put("code", code).put("title", title).put("detail", detail);
        return body;
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException notJson) {
            throw new AssertionError("error body is not JSON: " + body, notJson);
        }
    }

    /** 422 CF-UnprocessableEntity with every message joined. */
    public static void unprocessable(Response response, String detail) {
        expect(response, 422, "CF-UnprocessableEntity", 10008, detail);
    }

    public static ExtractableResponse<Response> unprocessable(ValidatableResponse response, String messages) {
        return assertError(response, 422, "CF-UnprocessableEntity", 10008, messages);
    }

    /** 400 CF-BadQueryParameter "The query parameter is invalid: …". */
    public static void badQuery(Response response, String messages) {
        badQuery(response.then(), messages);
    }

    public static ExtractableResponse<Response> badQuery(ValidatableResponse response, String messages) {
        return assertError(response, 400, "CF-BadQueryParameter", 10005,
                "The query parameter is invalid: " + messages);
    }

    public static void notFound(Response response, String detail) {
        expect(response, 404, "CF-ResourceNotFound", 10010, detail);
    }

    public static void notAuthorized(Response response) {
        expect(response, 403, "CF-NotAuthorized", 10003, "You are not authorized to perform the requested action");
    }

    public static void orgSuspended(Response response) {
        expect(response, 403, "CF-OrgSuspended", 10017, "The organization is suspended");
    }

    public static void spaceSuspended(Response response) {
        expect(response, 403, "CF-SpaceSuspended", 10019, "The space is suspended");
    }
}

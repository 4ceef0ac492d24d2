package io.cfdeploy.support;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.restassured.response.Response;

/** Asserts the CF error envelope: status, title, code and the exact detail. */
public final class Errors {
    private Errors() {
    }

    public static void expect(Response response, int status, String title, int code, String detail) {
        response.then().statusCode(status).body("errors", hasSize(1)).body("errors[0].title", equalTo(title))
                .body("errors[0].code", equalTo(code)).body("errors[0].detail", equalTo(detail));
    }

    public static void unprocessable(Response response, String detail) {
        expect(response, 422, "CF-UnprocessableEntity", 10008, detail);
    }

    public static void badQuery(Response response, String messages) {
        expect(response, 400, "CF-BadQueryParameter", 10005, "The query parameter is invalid: " + messages);
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

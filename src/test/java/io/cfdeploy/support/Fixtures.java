package io.cfdeploy.support;

import io.restassured.response.Response;
import java.util.UUID;

/** Creates organizations, spaces and roles through the API as an admin, with fresh random names. */
public final class Fixtures {
    private Fixtures() {
    }

    public static String newGuid() {
        return UUID.randomUUID().toString();
    }

    public static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    /** A new organization; returns its guid. */
    public static String org() {
        return org(uniqueName("org"));
    }

    public static String org(String name) {
        return Api.asAdmin().body("{\"name\":\"" + name + "\"}").post("/v3/organizations").then().statusCode(201)
                .extract().path("guid");
    }

    public static void suspend(String orgGuid) {
        Api.asAdmin().body("{\"suspended\":true}").patch("/v3/organizations/" + orgGuid).then().statusCode(200);
    }

    /** A new space in the organization; returns its guid. */
    public static String space(String orgGuid) {
        return space(orgGuid, uniqueName("space"));
    }

    public static String space(String orgGuid, String name) {
        return Api.asAdmin().body("{\"name\":\"" + name + "\",\"relationships\":{\"organization\":{\"data\":{\"guid\":\""
                + orgGuid + "\"}}}}").post("/v3/spaces").then().statusCode(201).extract().path("guid");
    }

    /** Gives the user an organization role as an admin; returns the role guid. */
    public static String orgRole(String type, String userGuid, String orgGuid) {
        return role(type, userGuid, "organization", orgGuid);
    }

    /** Gives the user a space role as an admin; returns the role guid. */
    public static String spaceRole(String type, String userGuid, String spaceGuid) {
        return role(type, userGuid, "space", spaceGuid);
    }

    private static String role(String type, String userGuid, String kind, String targetGuid) {
        Response response = Api.asAdmin().body(roleBody(type, userGuid, kind, targetGuid)).post("/v3/roles");
        response.then().statusCode(201);
        return response.path("guid");
    }

    public static String roleBody(String type, String userGuid, String kind, String targetGuid) {
        return "{\"type\":\"" + type + "\",\"relationships\":{\"user\":{\"data\":{\"guid\":\"" + userGuid + "\"}},\""
                + kind + "\":{\"data\":{\"guid\":\"" + targetGuid + "\"}}}}";
    }

    /** A fresh user who is organization_user of the org and holds {@code spaceRole} in the space. */
    public static String spaceMember(String spaceRole, String orgGuid, String spaceGuid) {
        String user = newGuid();
        orgRole("organization_user", user, orgGuid);
        spaceRole(spaceRole, user, spaceGuid);
        return user;
    }
}

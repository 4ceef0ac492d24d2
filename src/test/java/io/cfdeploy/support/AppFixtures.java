package io.cfdeploy.support;

import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/** Creates apps and droplets through the API as an admin, with fresh random names. */
public final class AppFixtures {
    private AppFixtures() {
    }

    /** A new buildpack app in the space; returns its guid. */
    public static String app(String spaceGuid) {
        return app(spaceGuid, Fixtures.uniqueName("app"));
    }

    public static String app(String spaceGuid, String name) {
        return Api.asAdmin().body(appBody(name, spaceGuid)).post("/v3/apps").then().statusCode(201).extract()
                .path("guid");
    }

    public static String appBody(String name, String spaceGuid) {
        return "{\"name\":\"" + name + "\",\"relationships\":{\"space\":{\"data\":{\"guid\":\"" + spaceGuid
                + "\"}}}}";
    }

    /** A droplet awaiting its bits; returns its guid. */
    public static String droplet(String appGuid) {
        return droplet(appGuid, null);
    }

    /** @param processTypes a JSON object, or null for the default */
    public static String droplet(String appGuid, String processTypes) {
        return Api.asAdmin().body(dropletBody(appGuid, processTypes)).post("/v3/droplets").then().statusCode(201)
                .extract().path("guid");
    }

    public static String dropletBody(String appGuid, String processTypes) {
        return "{\"relationships\":{\"app\":{\"data\":{\"guid\":\"" + appGuid + "\"}}}"
                + (processTypes == null ? "" : ",\"process_types\":" + processTypes) + "}";
    }

    /** Uploads bits as the {@code bits} part named {@code fileName}. */
    public static Response upload(String token, String dropletGuid, byte[] bits, String fileName) {
        return Api.as(token).contentType("multipart/form-data")
                .multiPart("bits", fileName, bits, "application/octet-stream")
                .post("/v3/droplets/" + dropletGuid + "/upload");
    }

    /**
     * Uploads a hand-made request body with its own content type; RestAssured sends a byte body with a
     * {@code Content-Length} (its own multipart support streams chunked).
     */
    public static Response uploadRaw(String token, String dropletGuid, String contentType, byte[] body) {
        return Api.as(token).contentType(contentType).body(body).post("/v3/droplets/" + dropletGuid + "/upload");
    }

    /** A multipart/form-data body with one file part; the boundary is {@code XYZ}. */
    public static byte[] multipart(String field, String fileName, byte[] content) {
        byte[] head = ("--XYZ\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = "\r\n--XYZ--\r\n".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + content.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(content, 0, body, head.length, content.length);
        System.arraycopy(tail, 0, body, head.length + content.length, tail.length);
        return body;
    }

    /** A STAGED droplet of the app with random bits; returns its guid. */
    public static String stagedDroplet(String appGuid) {
        return stagedDroplet(appGuid, null);
    }

    public static String stagedDroplet(String appGuid, String processTypes) {
        String droplet = droplet(appGuid, processTypes);
        upload(Tokens.admin(), droplet, bits(1024), "droplet.tgz").then().statusCode(202);
        return droplet;
    }

    /** Makes the droplet the app's current droplet, as an admin. */
    public static void setCurrent(String appGuid, String dropletGuid) {
        Api.asAdmin().body("{\"data\":{\"guid\":\"" + dropletGuid + "\"}}")
                .patch("/v3/apps/" + appGuid + "/relationships/current_droplet").then().statusCode(200);
    }

    /** An app with a current STAGED droplet; returns the app guid. */
    public static String appWithDroplet(String spaceGuid) {
        String app = app(spaceGuid);
        setCurrent(app, stagedDroplet(app));
        return app;
    }

    public static byte[] bits(int size) {
        byte[] bytes = new byte[size];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}

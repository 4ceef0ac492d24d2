package io.cfdeploy.web;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cfdeploy.support.Api;
import io.cfdeploy.support.Db;
import io.cfdeploy.support.ForeignIssuer;
import io.cfdeploy.support.ServerProcess;
import io.cfdeploy.support.Tokens;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The packaged application in the prod profile (every other test runs the test profile), started as a process of
 * its own against a database of its own ({@code <DB_NAME>_prod}, created at start): the built-in issuer is off
 * unless asked for, and refuses to start with a well-known password when it is.
 */
class ProdModeIT {
    private static String env(String name, String fallback) {
        return Optional.ofNullable(System.getenv(name)).filter(value -> !value.isBlank()).orElse(fallback);
    }

    private static final String DATABASE = env("DB_NAME", "cfdeploy_test") + "_prod";

    /** Only what a prod deployment must set itself: its database (created when missing) and its blobstore. */
    private static Map<String, String> prod(Map<String, String> extra) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://" + env("DB_HOST", "127.0.0.1") + ":"
                + env("DB_PORT", "5432") + "/" + DATABASE + "?connectTimeout=3&socketTimeout=30");
        properties.put("cfdeploy.database.create-if-missing", "true");
        properties.put("cfdeploy.blobstore.directory", "target/prod-blobs");
        // the checkout (and so target/) may itself be in the temporary directory
        properties.put("cfdeploy.blobstore.allow-temporary-directory", "true");
        // the router runs in prod: on any free port, as other servers (and their routers) may run on this machine
        properties.put("cfdeploy.router.port", "0");
        // the local runtime runs in prod; a server running as root (as this one does on CI) must name the user
        // its instances run as
        properties.put("cfdeploy.runtime.local.run-as-user", "nobody");
        properties.put("cfdeploy.runtime.local.work-dir", "target/prod-runtime");
        properties.putAll(extra);
        return properties;
    }

    private static void notFound(Response response) {
        response.then().statusCode(404)
                .body("errors.size()", equalTo(1))
                .body("errors[0].code", equalTo(10000))
                .body("errors[0].title", equalTo("CF-NotFound"))
                .body("errors[0].detail", equalTo("Unknown request"));
    }

    @Test
    void theBuiltInIssuerRefusesToStartWithADefaultPassword() throws Exception {
        ServerProcess.Exit exit = ServerProcess.failedStart("prod-default-password", "prod",
                prod(Map.of("cfdeploy.uaa.enabled", "true", "cfdeploy.uaa.users.admin.password", "admin")),
                Duration.ofSeconds(60));
        assertNotEquals(0, exit.code(), exit.output());
        assertTrue(exit.output().contains("cfdeploy.uaa.users.admin.password is empty or a default password"),
                exit.output());
        assertFalse(exit.output().contains(" started in "), "it must not have started:\n" + exit.output());
    }

    @Test
    void aBlobstoreInTheTemporaryDirectoryIsRefused() throws Exception {
        ServerProcess.Exit exit = ServerProcess.failedStart("prod-tmp-blobstore", "prod",
                prod(Map.of("cfdeploy.blobstore.directory", System.getProperty("java.io.tmpdir") + "/cfdeploy-blobs",
                        "cfdeploy.blobstore.allow-temporary-directory", "false")),
                Duration.ofSeconds(60));
        assertNotEquals(0, exit.code(), exit.output());
        assertTrue(exit.output().contains("is in the temporary directory"), exit.output());
        assertTrue(exit.output().contains("cfdeploy.blobstore.allow-temporary-directory=true"), exit.output());
        assertFalse(exit.output().contains(" started in "), "it must not have started:\n" + exit.output());
    }

    @Test
    void byDefaultTheIssuerIsOffAndOperationsEndpointsAreUp() throws Exception {
        try (ServerProcess server = ServerProcess.start("prod", "prod", prod(Map.of()))) {
            int port = server.port();
            notFound(Api.anonymous().port(port).contentType(ContentType.URLENC).header("Authorization", "Basic Y2Y6")
                    .formParam("grant_type", "password").formParam("username", "admin")
                    .formParam("password", "admin").post("/oauth/token"));
            notFound(Api.anonymous().port(port).contentType(ContentType.URLENC).formParam("grant_type",
                    "client_credentials").formParam("client_id", "cf").formParam("client_secret", "")
                    .post("/oauth/token"));
            notFound(Api.anonymous().port(port).get("/token_keys"));
            notFound(Api.anonymous().port(port).get("/login"));

            Api.anonymous().port(port).get("/").then().statusCode(200)
                    .body("links.self.href", equalTo("http://localhost:" + port))
                    .body("links.cloud_controller_v3.href", equalTo("http://localhost:" + port + "/v3"))
                    .body("links.login", nullValue())
                    .body("links.uaa", nullValue());
            // no issuer and no key configured: nothing is trusted
            Api.as(ForeignIssuer.sign(Tokens.claims("user-" + UUID.randomUUID(), Tokens.USER_SCOPES))).port(port)
                    .get("/v3/organizations").then().statusCode(401)
                    .body("errors[0].title", equalTo("CF-InvalidAuthToken"));

            Api.anonymous().port(port).accept("text/html").get("/q/swagger-ui/").then().statusCode(200)
                    .body(containsString("swagger"));
            Api.anonymous().port(port).get("/q/health/ready").then().statusCode(200)
                    .body("status", equalTo("UP"))
                    .body("checks.name", hasItem("Database connections health check"));

            // its own database, created and migrated at start
            assertTrue(Db.count(Db.database(DATABASE), "SELECT count(*) FROM flyway_schema_history WHERE success")
                    > 0);
        }
    }
}

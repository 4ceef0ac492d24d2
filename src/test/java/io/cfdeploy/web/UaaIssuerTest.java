package io.cfdeploy.web;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.hasKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cfdeploy.support.Api;
import io.cfdeploy.support.Tokens;
import io.cfdeploy.support.Keys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class UaaIssuerTest {
    /** The cf CLI's client: {@code cf} with an empty secret. */
    private static final String CF_CLIENT = "Basic Y2Y6";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static String base() {
        return RestAssured.baseURI + ":" + RestAssured.port;
    }

    private static RequestSpecification form() {
        return Api.anonymous().contentType(ContentType.URLENC);
    }

    private static Response password(String username, String password) {
        return form().header("Authorization", CF_CLIENT).formParam("grant_type", "password")
                .formParam("username", username).formParam("password", password).post("/oauth/token");
    }

    private static JsonNode claims(String jwt) throws Exception {
        return MAPPER.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }

    private static void unauthorized(Response response) {
        response.then().statusCode(401)
                .body("error", equalTo("unauthorized"))
                .body("error_description", equalTo("Bad credentials"));
    }

    @Test
    void passwordGrantIssuesAUsableUaaShapedTokenPair() throws Exception {
        Response response = password("admin", "admin");
        response.then().statusCode(200)
                .body("access_token", not(emptyOrNullString()))
                .body("token_type", equalTo("bearer"))
                .body("refresh_token", not(emptyOrNullString()))
                .body("expires_in", greaterThan(0))
                .body("scope", equalTo("cloud_controller.admin cloud_controller.read cloud_controller.write openid"))
                .body("jti", matchesPattern("[0-9a-f]{32}"));
        assertEquals(List.of("access_token", "token_type", "refresh_token", "expires_in", "scope", "jti"),
                Keys.of(response.asString(), ""));

        String access = response.path("access_token");
        JsonNode claims = claims(access);
        assertEquals("admin", claims.path("user_name").asText());
        assertEquals("uaa", claims.path("origin").asText());
        assertEquals("cf", claims.path("client_id").asText());
        assertEquals(response.path("jti"), claims.path("jti").asText());
        assertTrue(claims.path("user_id").isTextual());
        assertTrue(claims.path("scope").isArray());
        assertTrue(claims.path("scope").toString().contains("cloud_controller.admin"));
        assertTrue(claims.path("aud").toString().contains("\"cloud_controller\""), claims.toString());
        long exp = claims.path("exp").asLong();
        assertTrue(exp > Instant.now().getEpochSecond() + 3600, claims.toString());
        assertEquals(base() + "/oauth/token", claims.path("iss").asText());

        Api.as(access).get("/v3/organizations").then().statusCode(200);
        Api.as(access).body("{\"name\":\"org-" + java.util.UUID.randomUUID() + "\"}").post("/v3/organizations")
                .then().statusCode(201);
    }

    @Test
    void aBadPasswordOrUnknownUserOrClientIsUnauthorized() {
        unauthorized(password("admin", "wrong"));
        unauthorized(password("nobody-" + java.util.UUID.randomUUID(), "admin"));
        unauthorized(form().formParam("grant_type", "password").formParam("username", "admin")
                .formParam("password", "admin").post("/oauth/token"));
        unauthorized(form().header("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString("cf:not-empty".getBytes(StandardCharsets.UTF_8)))
                .formParam("grant_type", "password").formParam("username", "admin")
                .formParam("password", "admin").post("/oauth/token"));
    }

    @Test
    void clientCredentialsIssueAClientTokenWithoutRefreshToken() throws Exception {
        Response response = form().formParam("grant_type", "client_credentials").formParam("client_id", "ci-client")
                .formParam("client_secret", "ci-secret").post("/oauth/token");
        response.then().statusCode(200)
                .body("token_type", equalTo("bearer"))
                .body("scope", equalTo("cloud_controller.read cloud_controller.write"))
                .body("$", not(hasKey("refresh_token")));
        String access = response.path("access_token");
        JsonNode claims = claims(access);
        assertEquals("ci-client", claims.path("client_id").asText());
        assertEquals("ci-client", claims.path("sub").asText());
        assertFalse(claims.has("user_name"));
        Api.as(access).get("/v3/organizations").then().statusCode(200);

        // the same client may authenticate with HTTP Basic
        form().header("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString("ci-client:ci-secret".getBytes(StandardCharsets.UTF_8)))
                .formParam("grant_type", "client_credentials").post("/oauth/token").then().statusCode(200);
        unauthorized(form().formParam("grant_type", "client_credentials").formParam("client_id", "ci-client")
                .formParam("client_secret", "wrong").post("/oauth/token"));
    }

    @Test
    void clientCredentialsOfAnUnknownClientAreUnauthorized() {
        // UAA answers an unknown client as a bad secret: 401 {"error":"unauthorized","error_description":"Bad credentials"}
        Response response = form().formParam("grant_type", "client_credentials")
                .formParam("client_id", "no-such-client-" + java.util.UUID.randomUUID())
                .formParam("client_secret", "ci-secret").post("/oauth/token");
        unauthorized(response);
        assertEquals(List.of("error", "error_description"), Keys.of(response.asString(), ""));
        unauthorized(form().header("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString("no-such-client:ci-secret".getBytes(StandardCharsets.UTF_8)))
                .formParam("grant_type", "client_credentials").post("/oauth/token"));
        // without any client at all
        unauthorized(form().formParam("grant_type", "client_credentials").post("/oauth/token"));
    }

    @Test
    void refreshTokenGrantIssuesANewAccessToken() throws Exception {
        Response first = password("developer", "developer");
        String refresh = first.path("refresh_token");
        Response refreshed = form().header("Authorization", CF_CLIENT).formParam("grant_type", "refresh_token")
                .formParam("refresh_token", refresh).post("/oauth/token");
        refreshed.then().statusCode(200)
                .body("token_type", equalTo("bearer"))
                .body("refresh_token", not(emptyOrNullString()));
        String access = refreshed.path("access_token");
        assertFalse(access.equals(first.path("access_token")));
        assertEquals("developer", claims(access).path("user_name").asText());
        assertEquals(claims(first.path("access_token")).path("user_id").asText(),
                claims(access).path("user_id").asText());
        Api.as(access).get("/v3/organizations").then().statusCode(200);
    }

    /**
     * A refresh token is for the token endpoint and its own client only: not a bearer token on /v3 (its audience
     * lacks cloud_controller, and token_use refresh is refused anyway), and another client cannot redeem it.
     */
    @Test
    void aRefreshTokenIsNoBearerTokenAndBelongsToItsClient() throws Exception {
        String refresh = password("developer", "developer").path("refresh_token");
        assertFalse(claims(refresh).path("aud").toString().contains("cloud_controller"), claims(refresh).toString());
        assertEquals("refresh", claims(refresh).path("token_use").asText());
        Api.as(refresh).get("/v3/organizations").then().statusCode(401)
                .body("errors[0].title", equalTo("CF-InvalidAuthToken"));
        // a token with the refresh marker is refused on /v3 even with cloud_controller in its audience
        Api.as(Tokens.sign(Tokens.claims("user-" + java.util.UUID.randomUUID(), Tokens.USER_SCOPES)
                .claim("token_use", "refresh"))).get("/v3/organizations").then().statusCode(401);
        String otherClient = "Basic " + java.util.Base64.getEncoder().encodeToString("ci-client:ci-secret"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        form().header("Authorization", otherClient).formParam("grant_type", "refresh_token")
                .formParam("refresh_token", refresh).post("/oauth/token").then().statusCode(400)
                .body("error", equalTo("invalid_grant"))
                .body("error_description", equalTo("Wrong client for this refresh token: cf"));
        form().header("Authorization", CF_CLIENT).formParam("grant_type", "refresh_token")
                .formParam("refresh_token", refresh).post("/oauth/token").then().statusCode(200);
    }

    @Test
    void aBadRefreshTokenIsUnauthorized() {
        String access = password("developer", "developer").path("access_token");
        for (String bad : List.of("garbage", access)) {
            form().header("Authorization", CF_CLIENT).formParam("grant_type", "refresh_token")
                    .formParam("refresh_token", bad).post("/oauth/token").then().statusCode(401)
                    .body("error", equalTo("invalid_token"));
        }
        form().header("Authorization", CF_CLIENT).formParam("grant_type", "refresh_token").post("/oauth/token")
                .then().statusCode(401).body("error", equalTo("invalid_token"));
    }

    @Test
    void anUnsupportedOrMissingGrantIs400() {
        form().header("Authorization", CF_CLIENT).formParam("grant_type", "implicit").post("/oauth/token").then()
                .statusCode(400).body("error", equalTo("unsupported_grant_type"));
        form().header("Authorization", CF_CLIENT).formParam("username", "admin").post("/oauth/token").then()
                .statusCode(400).body("error", equalTo("invalid_request"));
    }

    @Test
    void tokenKeysVerifyTheIssuedToken() throws Exception {
        String access = password("admin", "admin").path("access_token");
        Response keys = Api.anonymous().get("/token_keys");
        keys.then().statusCode(200)
                .body("keys[0].kty", equalTo("RSA"))
                .body("keys[0].alg", equalTo("RS256"))
                .body("keys[0].use", equalTo("sig"))
                .body("keys[0].value", matchesPattern("(?s)-----BEGIN PUBLIC KEY-----\n.*\n-----END PUBLIC KEY-----"));
        assertEquals(List.of("kty", "e", "use", "kid", "alg", "value", "n"), Keys.of(keys.asString(), "/keys/0"));
        Map<String, String> jwk = keys.path("keys[0]");

        JsonNode header = MAPPER.readTree(Base64.getUrlDecoder().decode(access.split("\\.")[0]));
        assertEquals(jwk.get("kid"), header.path("kid").asText());
        assertEquals("RS256", header.path("alg").asText());

        PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                new BigInteger(1, Base64.getUrlDecoder().decode(jwk.get("n"))),
                new BigInteger(1, Base64.getUrlDecoder().decode(jwk.get("e")))));
        String[] parts = access.split("\\.");
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initVerify(key);
        rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertTrue(rs256.verify(Base64.getUrlDecoder().decode(parts[2])), "the JWKS key verifies the token");
    }

    @Test
    void loginInfoGivesTheVersionAndThePrompts() {
        String base = base();
        Api.anonymous().get("/login").then().statusCode(200)
                .body("app.version", matchesPattern("\\d+\\.\\d+\\.\\d+"))
                .body("links.login", equalTo(base))
                .body("links.uaa", equalTo(base))
                .body("prompts.username", contains("text", "Email"))
                .body("prompts.password", contains("password", "Password"))
                .body("zone_name", equalTo("uaa"));
    }

    @Test
    void theRootAdvertisesThisIssuerAsTheTokenEndpoint() {
        String login = Api.anonymous().get("/").then().statusCode(200).extract().path("links.login.href");
        form().header("Authorization", CF_CLIENT).formParam("grant_type", "password").formParam("username", "admin").formParam("password", "admin")
                .post(login + "/oauth/token").then().statusCode(200).body("scope", containsString("cloud_controller.admin"));
    }
}

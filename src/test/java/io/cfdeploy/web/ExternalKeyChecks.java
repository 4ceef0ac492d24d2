package io.cfdeploy.web;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cfdeploy.support.Api;
import io.cfdeploy.support.Db;
import io.cfdeploy.support.ForeignIssuer;
import io.cfdeploy.support.Tokens;
import io.restassured.http.ContentType;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code mp.jwt.verify.publickey.location} names the key of an external UAA ({@link ForeignIssuer}) while the
 * built-in issuer stays on (the test profile): tokens of either are accepted, anything else is 401
 * CF-InvalidAuthToken. Run with the key as a PEM file ({@link ExternalPemKeyTest}) and as a JWKS file
 * ({@link ExternalJwksKeyTest}).
 */
abstract class ExternalKeyChecks {
    private static final String ORGS = "/v3/organizations";
    private static final List<String> ADMIN_SCOPES = List.of("cloud_controller.admin", "cloud_controller.read",
            "cloud_controller.write");

    private static String fresh() {
        return "foreign-user-" + UUID.randomUUID();
    }

    private static void invalidToken(String token) {
        Api.as(token).get(ORGS).then().statusCode(401)
                .body("errors[0].code", equalTo(1000))
                .body("errors[0].title", equalTo("CF-InvalidAuthToken"))
                .body("errors[0].detail", equalTo("Invalid Auth Token"));
    }

    /** A UAA-shaped payload for cloud_controller; {@code exp} only when given. */
    private static String claimsJson(String user, Long exp) {
        long now = Instant.now().getEpochSecond();
        return "{\"jti\":\"" + UUID.randomUUID() + "\",\"sub\":\"" + user + "\",\"user_id\":\"" + user
                + "\",\"scope\":[\"cloud_controller.read\"],\"client_id\":\"cf\",\"aud\":[\"cloud_controller\"],"
                + "\"iss\":\"" + EXTERNAL_ISSUER + "\",\"iat\":" + now + (exp != null ? ",\"exp\":" + exp : "") + "}";
    }

    private static void createsAnOrganizationAs(String token, String actorGuid) {
        String name = "org-" + UUID.randomUUID();
        String org = Api.as(token).body("{\"name\":\"" + name + "\"}").post(ORGS).then().statusCode(201)
                .body("name", equalTo(name)).extract().path("guid");
        Api.as(token).get(ORGS + "/" + org).then().statusCode(200).body("guid", equalTo(org));
        assertEquals(actorGuid, Db.single(Db.database(), "SELECT actor_guid FROM audit_events WHERE type = "
                + "'audit.organization.create' AND target_guid = ?", org).get("actor_guid"));
    }

    /** The issuer the external key vouches for ({@code mp.jwt.verify.issuer} in the profiles). */
    static final String EXTERNAL_ISSUER = "https://uaa.example.org/oauth/token";

    /** Each key vouches for its own issuer only (issue: either issuer could speak for any user). */
    @Test
    void eachKeyVouchesForItsOwnIssuerOnly() {
        // the external key with another iss, or none
        invalidToken(ForeignIssuer.sign(Tokens.claims(fresh(), ADMIN_SCOPES).audience(Set.of("cloud_controller"))
                .issuer("https://elsewhere.example.org/oauth/token")));
        // the built-in issuer's key naming the external issuer, or something not of its form
        invalidToken(Tokens.sign(Tokens.claims(fresh(), ADMIN_SCOPES).issuer(EXTERNAL_ISSUER)));
        invalidToken(Tokens.sign(Tokens.claims(fresh(), ADMIN_SCOPES).issuer("https://uaa.example.org")));
        // each with its own
        String user = fresh();
        createsAnOrganizationAs(ForeignIssuer.sign(Tokens.claims(user, ADMIN_SCOPES)
                .audience(Set.of("cloud_controller")).issuer(EXTERNAL_ISSUER)), user);
        String local = fresh();
        createsAnOrganizationAs(Tokens.forUser(local, ADMIN_SCOPES), local);
    }

    @Test
    void aForeignRs256TokenForCloudControllerIsAccepted() {
        String user = fresh();
        String token = ForeignIssuer.sign(Tokens.claims(user, ADMIN_SCOPES).audience(Set.of("cloud_controller"))
                .issuer("https://uaa.example.org/oauth/token"));
        createsAnOrganizationAs(token, user);
    }

    @Test
    void aForeignTokenWithoutExpIsInvalid() {
        String user = fresh();
        invalidToken(ForeignIssuer.signExactly(claimsJson(user, null)));
        // the same claims with exp pass: exp is what was missing
        Api.as(ForeignIssuer.signExactly(claimsJson(user, Instant.now().getEpochSecond() + 600))).get(ORGS).then()
                .statusCode(200);
    }

    @Test
    void aForeignTokenForAnotherAudienceIsInvalid() {
        invalidToken(ForeignIssuer.sign(Tokens.claims(fresh(), Tokens.USER_SCOPES)
                .audience(Set.of("some_other_service"))));
        invalidToken(ForeignIssuer.sign(Tokens.claims(fresh(), Tokens.USER_SCOPES).audience(Set.of("cf"))));
    }

    @Test
    void theBuiltInIssuersTokensAreAcceptedToo() {
        // GET / still advertises the built-in issuer, and what it issues there works
        String login = Api.anonymous().get("/").then().statusCode(200).extract().path("links.login.href");
        String access = Api.anonymous().contentType(ContentType.URLENC).header("Authorization", "Basic Y2Y6")
                .formParam("grant_type", "password").formParam("username", "admin").formParam("password", "admin")
                .post(login + "/oauth/token").then().statusCode(200)
                .body("scope", containsString("cloud_controller.admin")).extract().path("access_token");
        createsAnOrganizationAs(access, UsersTest.configuredUserGuid("admin"));

        // a token signed with the built-in issuer's (configured) key
        String user = "admin-" + UUID.randomUUID();
        createsAnOrganizationAs(Tokens.forUser(user, ADMIN_SCOPES), user);
    }

    @Test
    void theBuiltInIssuersKeyHoldsTokensToTheSameRules() {
        invalidToken(Tokens.sign(Tokens.claims(fresh(), Tokens.USER_SCOPES).audience(Set.of("some_other_service"))));
        invalidToken(Tokens.signExactly(claimsJson(fresh(), null)));
    }

    @Test
    void aTokenOfAThirdKeyIsInvalid() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        // signed by neither key, once under each key's id
        for (String keyId : List.of(ForeignIssuer.KEY_ID, "test")) {
            invalidToken(Tokens.claims(fresh(), Tokens.USER_SCOPES).jws().keyId(keyId)
                    .algorithm(SignatureAlgorithm.RS256).sign(generator.generateKeyPair().getPrivate()));
        }
        // nor does an HMAC token keyed with the public key's PEM text pass
        invalidToken(Tokens.claims(fresh(), Tokens.USER_SCOPES).jws().algorithm(SignatureAlgorithm.HS256)
                .signWithSecret(new String(java.nio.file.Files.readAllBytes(ForeignIssuer.publicKeyPem()),
                        StandardCharsets.US_ASCII)));
    }
}

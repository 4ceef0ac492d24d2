package io.cfdeploy.web;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.cfdeploy.support.Api;
import io.cfdeploy.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TokenTest {
    private static final String ORGS = "/v3/organizations";

    private static String fresh() {
        return "user-" + UUID.randomUUID();
    }

    private static void notAuthenticated(RequestSpecification request) {
        request.get(ORGS).then().statusCode(401)
                .body("errors[0].code", equalTo(10002))
                .body("errors[0].title", equalTo("CF-NotAuthenticated"))
                .body("errors[0].detail", equalTo("Authentication error"));
    }

    private static void invalidToken(String authorization) {
        Api.anonymous().header("Authorization", authorization).get(ORGS).then().statusCode(401)
                .body("errors[0].code", equalTo(1000))
                .body("errors[0].title", equalTo("CF-InvalidAuthToken"))
                .body("errors[0].detail", equalTo("Invalid Auth Token"));
    }

    private static void notAuthorized(io.restassured.response.Response response) {
        response.then().statusCode(403)
                .body("errors[0].code", equalTo(10003))
                .body("errors[0].title", equalTo("CF-NotAuthorized"))
                .body("errors[0].detail", equalTo("You are not authorized to perform the requested action"));
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void noTokenIsNotAuthenticated() {
        notAuthenticated(Api.anonymous());
        notAuthenticated(Api.anonymous().header("Authorization", ""));
        // another scheme is no bearer token at all, as CAPI's token decoder reads it
        notAuthenticated(Api.anonymous().header("Authorization", "Basic Y2Y6"));
    }

    @Test
    void garbageIsAnInvalidToken() {
        invalidToken("bearer garbage");
        invalidToken("bearer a.b.c");
        invalidToken("bearer");
        invalidToken("bearer " + Tokens.user(fresh()) + " extra");
    }

    @Test
    void anExpiredTokenIsInvalid() {
        Instant past = Instant.now().minusSeconds(7200);
        invalidToken(Tokens.bearer(Tokens.sign(Tokens.claims(fresh(), Tokens.USER_SCOPES).issuedAt(past)
                .expiresAt(past.plusSeconds(600)))));
    }

    @Test
    void aTokenSignedWithAnotherKeyIsInvalid() throws NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String token = Tokens.claims(fresh(), Tokens.USER_SCOPES).jws().keyId("test")
                .algorithm(SignatureAlgorithm.RS256).sign(generator.generateKeyPair().getPrivate());
        invalidToken(Tokens.bearer(token));
    }

    @Test
    void aTokenWithoutExpIsInvalid() {
        String user = fresh();
        long now = Instant.now().getEpochSecond();
        String claims = "{\"jti\":\"" + UUID.randomUUID() + "\",\"sub\":\"" + user + "\",\"user_id\":\"" + user
                + "\",\"scope\":[\"cloud_controller.read\"],\"aud\":[\"cloud_controller\"],"
                + "\"iss\":\"http://test/oauth/token\",\"iat\":" + now;
        invalidToken(Tokens.bearer(Tokens.signExactly(claims + "}")));
        // the same claims with exp pass: exp is what was missing
        Api.as(Tokens.signExactly(claims + ",\"exp\":" + (now + 600) + "}")).get(ORGS).then().statusCode(200);
    }

    @Test
    void aTokenNamingNoUserIsInvalid() {
        long now = Instant.now().getEpochSecond();
        String claims = "{\"jti\":\"" + UUID.randomUUID() + "\",\"scope\":[\"cloud_controller.read\"],"
                + "\"client_id\":\"cf\",\"aud\":[\"cloud_controller\"],\"iss\":\"http://test/oauth/token\","
                + "\"iat\":" + now + ",\"exp\":" + (now + 600);
        // neither user_id nor sub (an empty or non-string one counts as none)
        invalidToken(Tokens.bearer(Tokens.signExactly(claims + "}")));
        invalidToken(Tokens.bearer(Tokens.signExactly(claims + ",\"user_id\":42}")));
        invalidToken(Tokens.bearer(Tokens.signExactly(claims + ",\"user_id\":\"\",\"sub\":\" \"}")));
        // either names the caller: a subject alone (a client's token), or user_id alone
        Api.as(Tokens.signExactly(claims + ",\"sub\":\"" + fresh() + "\"}")).get(ORGS).then().statusCode(200);
        String member = fresh();
        Api.asAdmin().body("{\"guid\":\"" + member + "\"}").post("/v3/users").then().statusCode(201);
        String org = io.cfdeploy.support.Fixtures.org();
        io.cfdeploy.support.Fixtures.orgRole("organization_user", member, org);
        Api.as(Tokens.signExactly(claims + ",\"user_id\":\"" + member + "\"}")).get(ORGS).then().statusCode(200)
                .body("resources.guid", equalTo(List.of(org))); // the caller is the user the token names
    }

    @Test
    void anUnsignedTokenIsInvalid() {
        String valid = Tokens.user(fresh());
        String payload = valid.split("\\.")[1];
        invalidToken("bearer " + base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + payload + ".");
        invalidToken("bearer " + base64Url("{\"alg\":\"none\"}") + "." + payload);
    }

    @Test
    void aTokenForAnotherAudienceIsInvalid() {
        invalidToken(Tokens.bearer(Tokens.sign(Tokens.claims(fresh(), Tokens.USER_SCOPES)
                .audience(Set.of("some_other_service")))));
    }

    @Test
    void anHmacTokenIsInvalid() {
        String token = Tokens.claims(fresh(), Tokens.USER_SCOPES).jws().algorithm(SignatureAlgorithm.HS256)
                .signWithSecret("a-shared-secret-that-is-long-enough-for-hs256");
        invalidToken(Tokens.bearer(token));
    }

    @Test
    void theSchemeIsCaseInsensitive() {
        String token = Tokens.user(fresh());
        Api.anonymous().header("Authorization", "bearer " + token).get(ORGS).then().statusCode(200);
        Api.anonymous().header("Authorization", "Bearer " + token).get(ORGS).then().statusCode(200);
        Api.anonymous().header("Authorization", "BEARER " + token).get(ORGS).then().statusCode(200);
    }

    @Test
    void readingNeedsTheReadScopeAndWritingTheWriteScope() {
        String writeOnly = Tokens.forUser(fresh(), List.of("cloud_controller.write"));
        notAuthorized(Api.as(writeOnly).get(ORGS));
        String readOnly = Tokens.forUser(fresh(), List.of("cloud_controller.read"));
        Api.as(readOnly).get(ORGS).then().statusCode(200);
        notAuthorized(Api.as(readOnly).body("{\"name\":\"org-" + UUID.randomUUID() + "\"}").post(ORGS));
        String none = Tokens.forUser(fresh(), List.of("openid"));
        notAuthorized(Api.as(none).get(ORGS));
        notAuthorized(Api.as(none).get("/v3/audit_events"));
    }

    @Test
    void globalReadersReadEverythingWithoutTheReadScope() {
        String name = "org-" + UUID.randomUUID();
        String org = Api.asAdmin().body("{\"name\":\"" + name + "\"}").post(ORGS).then().statusCode(201)
                .extract().path("guid");
        for (String scope : List.of("cloud_controller.admin_read_only", "cloud_controller.global_auditor")) {
            String reader = Tokens.forUser(fresh(), List.of(scope));
            Api.as(reader).queryParam("names", name).get(ORGS).then().statusCode(200)
                    .body("resources.guid", hasItem(org));
            Api.as(reader).get(ORGS + "/" + org).then().statusCode(200).body("name", equalTo(name));
            Api.as(reader).queryParam("target_guids", org).get("/v3/audit_events").then().statusCode(200)
                    .body("pagination.total_results", equalTo(1));
            notAuthorized(Api.as(reader).body("{\"name\":\"org-" + UUID.randomUUID() + "\"}").post(ORGS));
            String withWrite = Tokens.forUser(fresh(), List.of(scope, "cloud_controller.write"));
            notAuthorized(Api.as(withWrite).body("{\"name\":\"org-" + UUID.randomUUID() + "\"}").post(ORGS));
        }
    }

    @Test
    void aTokenWithoutAUserIdUsesTheSubject() {
        String token = Tokens.sign(io.smallrye.jwt.build.Jwt.claims().subject(fresh())
                .claim("scope", List.of("cloud_controller.read")).audience(Set.of("cloud_controller"))
                .issuer("http://test/oauth/token").issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(600)));
        Api.as(token).get(ORGS).then().statusCode(200);
    }
}

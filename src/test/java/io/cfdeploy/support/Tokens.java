package io.cfdeploy.support;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Mints UAA-shaped tokens signed with the test issuer key. */
public final class Tokens {
    public static final List<String> USER_SCOPES = List.of("cloud_controller.read", "cloud_controller.write");

    private Tokens() {
    }

    public static String admin() {
        return forUser("admin-" + UUID.randomUUID(), List.of("cloud_controller.admin", "cloud_controller.read",
                "cloud_controller.write"));
    }

    public static String user(String guid) {
        return forUser(guid, USER_SCOPES);
    }

    public static String forUser(String guid, List<String> scopes) {
        return sign(claims(guid, scopes));
    }

    /** The claims of a valid token, for tests that alter one thing. */
    public static JwtClaimsBuilder claims(String guid, List<String> scopes) {
        Instant now = Instant.now();
        return Jwt.claims().claim("jti", UUID.randomUUID().toString()).subject(guid).claim("user_id", guid)
                .claim("user_name", guid + "@example.org").claim("email", guid + "@example.org")
                .claim("origin", "uaa").claim("client_id", "cf").claim("scope", scopes)
                .audience(java.util.Set.of("cloud_controller", "cf")).issuer("http://test/oauth/token")
                .issuedAt(now).expiresAt(now.plusSeconds(3600));
    }

    public static String sign(JwtClaimsBuilder claims) {
        return claims.jws().keyId("test").algorithm(SignatureAlgorithm.RS256)
                .sign(TestIssuerKey.privateKey());
    }

    public static String bearer(String token) {
        return "bearer " + token;
    }
}

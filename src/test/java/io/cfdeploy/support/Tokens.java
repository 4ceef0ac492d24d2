package io.cfdeploy.support;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
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

    /**
     * A token signed with the test issuer key whose payload is exactly {@code claimsJson}: unlike {@link #sign},
     * nothing is added (the JWT builder would add {@code exp}, {@code iat} and {@code jti}).
     */
    public static String signExactly(String claimsJson) {
        return signExactly(claimsJson, "test", TestIssuerKey.privateKey());
    }

    /** An RS256 token with exactly these claims, signed with any key. */
    public static String signExactly(String claimsJson, String keyId, PrivateKey key) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String signingInput = base64.encodeToString(("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + keyId
                + "\"}").getBytes(StandardCharsets.UTF_8)) + "." + base64.encodeToString(claimsJson
                .getBytes(StandardCharsets.UTF_8));
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(key);
            rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + base64.encodeToString(rs256.sign());
        } catch (GeneralSecurityException exception) {
            throw new IllegalStateException(exception);
        }
    }

    public static String bearer(String token) {
        return "bearer " + token;
    }
}

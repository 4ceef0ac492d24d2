package io.cfdeploy.uaa;

import io.cfdeploy.config.CfdeployConfig;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Signs UAA-shaped access and refresh tokens with the issuer's key. */
@ApplicationScoped
public class TokenIssuer {
    private final Instance<IssuerKeys> keys;
    private final Duration accessValidity;
    private final Duration refreshValidity;

    TokenIssuer(Instance<IssuerKeys> keys, CfdeployConfig config) {
        this.keys = keys;
        this.accessValidity = config.uaa().accessTokenValidity();
        this.refreshValidity = config.uaa().refreshTokenValidity();
    }

    /** A user's token pair (password and refresh_token grants). */
    public Map<String, Object> forUser(String issuer, String clientId, String grantType, UaaUsers.User user) {
        String jti = UUID.randomUUID().toString().replace("-", "");
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("jti", jti);
        claims.put("sub", user.guid());
        claims.put("scope", user.scopes());
        claims.put("client_id", clientId);
        claims.put("cid", clientId);
        claims.put("azp", clientId);
        claims.put("grant_type", grantType);
        claims.put("user_id", user.guid());
        claims.put("origin", user.origin());
        claims.put("user_name", user.name());
        claims.put("email", user.name());
        claims.put("zid", "uaa");
        claims.put("aud", audiences(clientId, user.scopes()));
        String access = sign(claims, issuer, accessValidity);

        Map<String, Object> refreshClaims = new LinkedHashMap<>(claims);
        refreshClaims.put("jti", jti + "-r");
        refreshClaims.put("token_use", "refresh");
        // for the token endpoint and the client that asked, never for the API: /v3 refuses it twice over
        refreshClaims.put("aud", List.of(clientId));
        String refresh = sign(refreshClaims, issuer, refreshValidity);
        return response(access, refresh, user.scopes(), jti);
    }

    /** A client's own token (client_credentials grant): no user, no refresh token. */
    public Map<String, Object> forClient(String issuer, String clientId, List<String> scopes) {
        String jti = UUID.randomUUID().toString().replace("-", "");
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("jti", jti);
        claims.put("sub", clientId);
        claims.put("authorities", scopes);
        claims.put("scope", scopes);
        claims.put("client_id", clientId);
        claims.put("cid", clientId);
        claims.put("azp", clientId);
        claims.put("grant_type", "client_credentials");
        claims.put("zid", "uaa");
        claims.put("aud", audiences(clientId, scopes));
        return response(sign(claims, issuer, accessValidity), null, scopes, jti);
    }

    private String sign(Map<String, Object> claims, String issuer, Duration validity) {
        Instant now = Instant.now();
        IssuerKeys key = keys.get();
        return Jwt.claims(claims).issuer(issuer).issuedAt(now).expiresAt(now.plus(validity))
                .claim("auth_time", now.getEpochSecond())
                .jws().keyId(key.keyId()).algorithm(SignatureAlgorithm.RS256).sign(key.privateKey());
    }

    private Map<String, Object> response(String access, String refresh, List<String> scopes, String jti) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", access);
        body.put("token_type", "bearer");
        if (refresh != null) {
            body.put("refresh_token", refresh);
        }
        body.put("expires_in", accessValidity.toSeconds());
        body.put("scope", String.join(" ", scopes));
        body.put("jti", jti);
        return body;
    }

    /** UAA's audiences: the resource prefixes of the scopes, plus the client. */
    private static List<String> audiences(String clientId, List<String> scopes) {
        Set<String> audiences = new LinkedHashSet<>();
        for (String scope : scopes) {
            int dot = scope.indexOf('.');
            audiences.add(dot > 0 ? scope.substring(0, dot) : scope);
        }
        audiences.add(clientId);
        return new ArrayList<>(audiences);
    }
}

package io.cfdeploy.uaa;

import io.cfdeploy.api.UaaApi;
import io.cfdeploy.config.CfdeployConfig;
import io.cfdeploy.error.CfError;
import io.cfdeploy.security.TokenVerifier;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.enterprise.inject.Instance;
import jakarta.json.JsonString;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The built-in UAA-compatible issuer: {@code POST /oauth/token}, {@code GET /token_keys}, {@code GET /login}. */
public class UaaResource implements UaaApi {
    /**
     * The UAA API version {@code /login} reports as {@code app.version}. The cf CLI parses it as a semantic version
     * and compares it with its minimums (e.g. {@code cf auth --origin} needs 4.19.0 or later), so it must be a
     * semver of a UAA whose token endpoint this issuer mirrors.
     */
    static final String UAA_VERSION = "77.0.0";

    private final boolean enabled;
    private final Optional<String> configuredIssuer;
    private final UaaUsers users;
    private final TokenIssuer issuer;
    private final Instance<IssuerKeys> keys;
    private final TokenVerifier verifier;

    @Context
    UriInfo uriInfo;

    UaaResource(CfdeployConfig config, UaaUsers users, TokenIssuer issuer, Instance<IssuerKeys> keys,
            TokenVerifier verifier) {
        this.enabled = config.uaa().enabled();
        this.configuredIssuer = config.uaa().issuer().filter(value -> !value.isBlank());
        this.users = users;
        this.issuer = issuer;
        this.keys = keys;
        this.verifier = verifier;
    }

    @Override
    public Response issueToken(String authorization, String grantType, String username, String password,
            String clientId, String clientSecret, String refreshToken, String scope) {
        requireEnabled();
        String[] basic = basicCredentials(authorization);
        String client = basic != null ? basic[0] : clientId;
        String secret = basic != null ? basic[1] : clientSecret;
        if (grantType == null) {
            return oauthError(400, "invalid_request", "Missing grant type");
        }
        switch (grantType) {
            case "password" -> {
                if (client == null || !users.isUserClient(client, secret)) {
                    return badCredentials();
                }
                return users.authenticate(username, password)
                        .map(user -> ok(issuer.forUser(issuerUrl(), client, "password", user)))
                        .orElseGet(UaaResource::badCredentials);
            }
            case "client_credentials" -> {
                return users.authenticateClient(client, secret)
                        .map(found -> ok(issuer.forClient(issuerUrl(), found.id(), found.scopes())))
                        .orElseGet(UaaResource::badCredentials);
            }
            case "refresh_token" -> {
                if (client == null || !users.isUserClient(client, secret)) {
                    return badCredentials();
                }
                JsonWebToken token = refreshToken(refreshToken);
                if (token == null) {
                    return oauthError(401, "invalid_token", "Invalid refresh token");
                }
                // bound to the client it was issued to, as UAA's token services check
                String issuedTo = clientOf(token);
                if (!client.equals(issuedTo)) {
                    return oauthError(400, "invalid_grant", "Wrong client for this refresh token: " + issuedTo);
                }
                return users.byGuid(token.getSubject())
                        .map(user -> ok(issuer.forUser(issuerUrl(), client, "refresh_token", user)))
                        .orElseGet(() -> oauthError(401, "invalid_token", "Invalid refresh token"));
            }
            default -> {
                return oauthError(400, "unsupported_grant_type", "Unsupported grant type: " + grantType);
            }
        }
    }

    @Override
    public Response getTokenKeys() {
        requireEnabled();
        return ok(Map.of("keys", List.of(keys.get().jwk())));
    }

    @Override
    public Response getLoginInfo() {
        requireEnabled();
        String base = baseUrl();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("app", Map.of("version", UAA_VERSION));
        Map<String, String> links = new LinkedHashMap<>();
        links.put("uaa", base);
        links.put("login", base);
        body.put("links", links);
        body.put("zone_name", "uaa");
        Map<String, List<String>> prompts = new LinkedHashMap<>();
        prompts.put("username", List.of("text", "Email"));
        prompts.put("password", List.of("password", "Password"));
        body.put("prompts", prompts);
        return ok(body);
    }

    /** The verified refresh token, or null. */
    private JsonWebToken refreshToken(String refreshToken) {
        if (refreshToken == null || refreshToken.isBlank()) {
            return null;
        }
        try {
            JsonWebToken token = verifier.verifyRefresh(refreshToken);
            return token.getSubject() == null ? null : token;
        } catch (ParseException invalid) {
            return null;
        }
    }

    private static String clientOf(JsonWebToken token) {
        // getClaim is generic: read it as an Object, or String.valueOf(char[]) is chosen and fails
        Object client = token.getClaim("client_id");
        return client instanceof JsonString json ? json.getString() : client == null ? null : String.valueOf(client);
    }

    private void requireEnabled() {
        if (!enabled) {
            throw CfError.NOT_FOUND.exception();
        }
    }

    private String baseUrl() {
        String base = uriInfo.getBaseUri().toString();
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    private String issuerUrl() {
        return configuredIssuer.orElseGet(() -> baseUrl() + "/oauth/token");
    }

    /** {@code Basic base64(id:secret)} → [id, secret]; null when absent or malformed. */
    static String[] basicCredentials(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }

    private static Response ok(Object body) {
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }

    private static Response badCredentials() {
        return oauthError(401, "unauthorized", "Bad credentials");
    }

    private static Response oauthError(int status, String error, String description) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}

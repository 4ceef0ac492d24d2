package io.cfdeploy.security;

import io.cfdeploy.config.CfdeployConfig;
import io.cfdeploy.error.CfError;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * Verifies UAA-style bearer tokens: RS256 signature, {@code exp}, audience {@code cloud_controller}. A token is
 * trusted when the key of {@code mp.jwt.verify.publickey.location} (PEM or JWKS, file or URL, e.g. UAA's
 * /token_keys) verifies it, or, when the built-in issuer is on, the built-in issuer's key: with both configured,
 * the external key is tried first, so the issuer {@code GET /} advertises hands out tokens the server accepts.
 * Each key vouches for its own issuer only: the external key for {@code mp.jwt.verify.issuer} (when set), the
 * built-in issuer's key for {@code cfdeploy.uaa.issuer} (else an {@code iss} of the form
 * {@code <url>/oauth/token}), never for the other's. Refresh tokens ({@code token_use: refresh}) are refused here.
 */
@ApplicationScoped
public class TokenVerifier {
    private static final Logger LOG = Logger.getLogger(TokenVerifier.class);

    private static final Set<String> AUDIENCE = Set.of("cloud_controller");

    /** The form of the built-in issuer's {@code iss} when {@code cfdeploy.uaa.issuer} is not set. */
    static final String LOCAL_ISSUER_SUFFIX = "/oauth/token";

    private final JWTParser parser;
    private final Instance<LocalIssuerKey> localIssuer;
    private final JWTAuthContextInfo external;
    /** {@code mp.jwt.verify.issuer}: the only {@code iss} the external key may vouch for. */
    private final String externalIssuer;
    /** {@code cfdeploy.uaa.issuer}: the only {@code iss} the built-in issuer's key may vouch for. */
    private final String configuredLocalIssuer;
    private volatile JWTAuthContextInfo local;
    private volatile JWTAuthContextInfo refresh;
    private final VerifiedTokens verified;

    TokenVerifier(JWTParser parser, Instance<LocalIssuerKey> localIssuer, CfdeployConfig config,
            @ConfigProperty(name = "mp.jwt.verify.publickey.location") Optional<String> keyLocation,
            @ConfigProperty(name = "mp.jwt.verify.issuer") Optional<String> externalIssuer,
            @ConfigProperty(name = "cfdeploy.uaa.issuer") Optional<String> localIssuerName) {
        this.parser = parser;
        this.localIssuer = localIssuer;
        this.verified = new VerifiedTokens(config.tokens().cacheSize(), config.tokens().cacheMaxAge().toMillis());
        this.externalIssuer = externalIssuer.filter(issuer -> !issuer.isBlank()).orElse(null);
        this.configuredLocalIssuer = localIssuerName.filter(issuer -> !issuer.isBlank()).orElse(null);
        this.external = keyLocation.filter(location -> !location.isBlank()).map(location -> {
            JWTAuthContextInfo context = context();
            context.setPublicKeyLocation(location);
            if (this.externalIssuer != null) {
                context.setIssuedBy(this.externalIssuer);
            }
            return context;
        }).orElse(null);
    }

    /** RS256 only (an unsigned or HMAC token never passes), audience cloud_controller, exp enforced. */
    private static JWTAuthContextInfo context() {
        JWTAuthContextInfo context = new JWTAuthContextInfo();
        context.setSignatureAlgorithm(Set.of(SignatureAlgorithm.RS256));
        context.setExpectedAudience(AUDIENCE);
        // the caller is user_id, else sub (checked below); the parser would otherwise insist on sub
        context.setRequireNamedPrincipal(false);
        return context;
    }

    private JWTAuthContextInfo localContext() {
        if (local == null) {
            JWTAuthContextInfo context = context();
            context.setPublicVerificationKey(localIssuer.get().publicKey());
            local = context;
        }
        return local;
    }

    /**
     * A refresh token of the built-in issuer: its signature, {@code exp}, {@code iss} and {@code token_use}; its
     * audience is the client it was issued to, which the token endpoint checks.
     */
    public JsonWebToken verifyRefresh(String token) throws ParseException {
        if (!localIssuer.isResolvable()) {
            throw new ParseException("the built-in issuer is off");
        }
        if (refresh == null) {
            JWTAuthContextInfo context = new JWTAuthContextInfo();
            context.setSignatureAlgorithm(Set.of(SignatureAlgorithm.RS256));
            context.setRequireNamedPrincipal(false);
            context.setPublicVerificationKey(localIssuer.get().publicKey());
            refresh = context;
        }
        JsonWebToken jwt = parser.parse(token, refresh);
        if (!isLocalIssuer(jwt.getIssuer()) || !isRefresh(jwt)) {
            throw new ParseException("not a refresh token of the built-in issuer");
        }
        return jwt;
    }

    private static boolean isRefresh(JsonWebToken jwt) {
        return "refresh".equals(stringClaim(jwt, "token_use"));
    }

    /** What the built-in issuer puts in {@code iss}: the configured name, else {@code <its URL>/oauth/token}. */
    private boolean isLocalIssuer(String issuer) {
        if (issuer == null || issuer.equals(externalIssuer)) {
            return false;
        }
        return configuredLocalIssuer != null ? configuredLocalIssuer.equals(issuer)
                : issuer.endsWith(LOCAL_ISSUER_SUFFIX);
    }

    /**
     * The caller the token names; 401 CF-InvalidAuthToken when it is not valid. A token verified before is
     * answered from {@link VerifiedTokens} until its {@code exp} (or the cache's age limit), else verified in full.
     */
    public Caller verify(String token) {
        long now = System.currentTimeMillis();
        Caller known = verified.get(token, now);
        if (known != null) {
            return known;
        }
        JsonWebToken jwt = verifiedToken(token);
        Caller caller = callerOf(jwt);
        long expiresAt = jwt.getExpirationTime();
        if (expiresAt > 0) {
            verified.put(token, caller, expiresAt, now);
        }
        return caller;
    }

    /** The signature, issuer, audience, {@code exp} and use checks; 401 CF-InvalidAuthToken when one fails. */
    private JsonWebToken verifiedToken(String token) {
        JsonWebToken jwt = null;
        if (external != null) {
            jwt = parse(token, external, "external key");
            // each key vouches for its own issuer only: the external key never for the built-in issuer's name
            if (jwt != null && configuredLocalIssuer != null && configuredLocalIssuer.equals(jwt.getIssuer())) {
                jwt = null;
            }
        }
        if (jwt == null && localIssuer.isResolvable()) {
            jwt = parse(token, localContext(), "built-in issuer's key");
            if (jwt != null && !isLocalIssuer(jwt.getIssuer())) {
                LOG.debugf("token rejected: the built-in issuer's key does not vouch for iss %s", jwt.getIssuer());
                jwt = null;
            }
        }
        // a refresh token is for the token endpoint only, whatever it claims
        if (jwt == null || isRefresh(jwt)) {
            throw CfError.INVALID_AUTH_TOKEN.exception();
        }
        return jwt;
    }

    private static Caller callerOf(JsonWebToken jwt) {
        String userId = stringClaim(jwt, "user_id");
        String subject = stringClaim(jwt, "sub");
        String guid = userId != null && !userId.isBlank() ? userId : subject;
        if (guid == null || guid.isBlank()) {
            throw CfError.INVALID_AUTH_TOKEN.exception();
        }
        return new Caller(guid, stringClaim(jwt, "user_name"), stringClaim(jwt, "email"),
                stringClaim(jwt, "origin"), stringClaim(jwt, "client_id"), scopes(jwt));
    }

    /** The verified token, or null when this key (or anything else about it) rejects it. */
    private JsonWebToken parse(String token, JWTAuthContextInfo context, String key) {
        try {
            return parser.parse(token, context);
        } catch (ParseException | RuntimeException invalid) {
            LOG.debugf(invalid, "token rejected with the %s: %s", key, invalid.getMessage());
            return null;
        }
    }

    private static String stringClaim(JsonWebToken jwt, String name) {
        Object value = jwt.getClaim(name);
        if (value instanceof JsonString json) {
            return json.getString();
        }
        return value instanceof String text ? text : null;
    }

    /** UAA sends {@code scope} as an array; a space-separated string is accepted too. */
    private static Set<String> scopes(JsonWebToken jwt) {
        Object value = jwt.getClaim("scope");
        Set<String> scopes = new LinkedHashSet<>();
        if (value instanceof JsonArray array) {
            for (JsonValue element : array) {
                if (element instanceof JsonString text) {
                    scopes.add(text.getString());
                }
            }
        } else if (value instanceof Set<?> set) {
            set.forEach(element -> scopes.add(String.valueOf(element)));
        } else {
            String text = value instanceof JsonString json ? json.getString() : value instanceof String s ? s : null;
            if (text != null) {
                for (String scope : text.trim().split("\\s+")) {
                    if (!scope.isEmpty()) {
                        scopes.add(scope);
                    }
                }
            }
        }
        return Set.copyOf(scopes);
    }
}

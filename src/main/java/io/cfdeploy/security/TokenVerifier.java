package io.cfdeploy.security;

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
 */
@ApplicationScoped
public class TokenVerifier {
    private static final Logger LOG = Logger.getLogger(TokenVerifier.class);

    private static final Set<String> AUDIENCE = Set.of("cloud_controller");

    private final JWTParser parser;
    private final Instance<LocalIssuerKey> localIssuer;
    private final JWTAuthContextInfo external;
    private volatile JWTAuthContextInfo local;

    TokenVerifier(JWTParser parser, Instance<LocalIssuerKey> localIssuer,
            @ConfigProperty(name = "mp.jwt.verify.publickey.location") Optional<String> keyLocation) {
        this.parser = parser;
        this.localIssuer = localIssuer;
        this.external = keyLocation.filter(location -> !location.isBlank()).map(location -> {
            JWTAuthContextInfo context = context();
            context.setPublicKeyLocation(location);
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

    /** A token signed by the built-in issuer (e.g. a refresh token), verified like an access token. */
    public JsonWebToken verifyLocal(String token) throws ParseException {
        if (!localIssuer.isResolvable()) {
            throw new ParseException("the built-in issuer is off");
        }
        return parser.parse(token, localContext());
    }

    /** The caller the token names; 401 CF-InvalidAuthToken when it is not valid. */
    public Caller verify(String token) {
        JsonWebToken jwt = null;
        if (external != null) {
            jwt = parse(token, external, "external key");
        }
        if (jwt == null && localIssuer.isResolvable()) {
            jwt = parse(token, localContext(), "built-in issuer's key");
        }
        if (jwt == null) {
            throw CfError.INVALID_AUTH_TOKEN.exception();
        }
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

package io.cfdeploy.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.cfdeploy.action.IdempotencyKeys;
import io.cfdeploy.error.CfError;
import io.cfdeploy.error.CfException;
import io.cfdeploy.security.Caller;
import io.cfdeploy.security.CurrentCaller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * {@code Idempotency-Key} on creates (product.md §6), for any POST resource method:
 *
 * <pre>
 * return idempotency.once(idempotencyKey, body, uriInfo, () -&gt; Response.status(201).entity(…).build());
 * </pre>
 *
 * Without a key the create simply runs. With one, per caller and (method, path): the first request claims the key
 * and runs the create; a successful (2xx) answer is stored for 24 h and a retry with the same body gets the same
 * status, body and Location without creating anything; a retry with a different body gets 422; a retry while the
 * first is still running gets 409 CF-Conflict — for at most {@link IdempotencyKeys#IN_PROGRESS_LEASE}, after which
 * the claim of a replica that died mid-create lapses and a retry runs. A create that fails (any error) releases the
 * key, so a corrected retry with the same key runs again.
 */
@ApplicationScoped
public class Idempotency {
    public static final String HEADER = "Idempotency-Key";
    public static final Duration TTL = Duration.ofHours(24);
    static final int MAX_KEY_LENGTH = 255;
    static final String IN_PROGRESS = "A request with this Idempotency-Key is still being processed;"
            + " retry after it has completed";
    static final String MISMATCH = "Idempotency-Key has already been used with a different request body";
    static final String BAD_KEY = "Idempotency-Key must be between 1 and " + MAX_KEY_LENGTH + " characters";

    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private final CurrentCaller caller;
    private final IdempotencyKeys keys;
    private final ObjectMapper mapper;

    Idempotency(CurrentCaller caller, IdempotencyKeys keys, ObjectMapper mapper) {
        this.caller = caller;
        this.keys = keys;
        this.mapper = mapper;
    }

    /** Runs {@code create} at most once per key (see the class comment); {@code key} may be null. */
    public Response once(String key, JsonNode body, UriInfo uriInfo, Supplier<Response> create) {
        if (key == null) {
            return create.get();
        }
        if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            throw CfException.unprocessable(BAD_KEY);
        }
        IdempotencyKeys.Identity identity = new IdempotencyKeys.Identity(callerId(caller.get()), key, "POST",
                "/" + stripSlashes(uriInfo.getPath()));
        String hash = hash(body);
        for (int attempt = 0; attempt < 3; attempt++) {
            IdempotencyKeys.Claim claim = keys.claim(identity, hash, TTL);
            if (claim instanceof IdempotencyKeys.Claimed claimed) {
                return runClaimed(claimed, create);
            } else if (claim instanceof IdempotencyKeys.Replay replay) {
                return replay(replay);
            } else if (claim instanceof IdempotencyKeys.InProgress) {
                throw CfError.CONFLICT.exception(IN_PROGRESS);
            } else if (claim instanceof IdempotencyKeys.Mismatch) {
                throw CfException.unprocessable(MISMATCH);
            }
            // null: the first request failed and released the key just now; claim again
        }
        throw CfError.CONFLICT.exception(IN_PROGRESS);
    }

    private Response runClaimed(IdempotencyKeys.Claimed claim, Supplier<Response> create) {
        Response response;
        try {
            response = create.get();
        } catch (RuntimeException | Error failure) {
            keys.release(claim);
            throw failure;
        }
        if (response.getStatus() / 100 != 2) {
            keys.release(claim);
            return response;
        }
        String body;
        try {
            body = response.hasEntity() ? mapper.writeValueAsString(response.getEntity()) : null;
        } catch (JsonProcessingException exception) {
            keys.release(claim);
            throw new IllegalStateException(exception);
        }
        Object location = response.getHeaders().getFirst(HttpHeaders.LOCATION);
        keys.complete(claim, response.getStatus(), body, location == null ? null : location.toString(), TTL);
        return response;
    }

    private Response replay(IdempotencyKeys.Replay replay) {
        Response.ResponseBuilder builder = Response.status(replay.status());
        if (replay.body() != null) {
            try {
                builder.entity(mapper.readTree(replay.body())).type(MediaType.APPLICATION_JSON_TYPE);
            } catch (JsonProcessingException exception) {
                throw new IllegalStateException(exception);
            }
        }
        if (replay.location() != null) {
            builder.header(HttpHeaders.LOCATION, replay.location());
        }
        return builder.build();
    }

    /** Tokens without a user (client credentials) are told apart by client id. */
    static String callerId(Caller caller) {
        return caller.userGuid() != null ? caller.userGuid() : "client:" + caller.clientId();
    }

    /** SHA-256 of the body as canonical JSON (object keys sorted), so key order and spacing do not matter. */
    static String hash(JsonNode body) {
        try {
            Object tree = body == null ? null : CANONICAL.treeToValue(body, Object.class);
            byte[] canonical = CANONICAL.writeValueAsString(sorted(tree)).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException exception) {
            throw new IllegalStateException(exception);
        }
    }

    private static Object sorted(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), sorted(v)));
            return sorted;
        }
        if (value instanceof java.util.List<?> list) {
            return list.stream().map(Idempotency::sorted).toList();
        }
        return value;
    }

    private static String stripSlashes(String path) {
        String stripped = path;
        while (stripped.startsWith("/")) {
            stripped = stripped.substring(1);
        }
        while (stripped.endsWith("/")) {
            stripped = stripped.substring(0, stripped.length() - 1);
        }
        return stripped;
    }
}

package io.cfdeploy.action;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * The {@code idempotency_keys} table (product.md §6). A claim is a lease of {@link #IN_PROGRESS_LEASE}, made the
 * key's full lifetime when the answer is recorded. Each method runs in its own short transaction, committed
 * before the create it guards starts, so a concurrent retry sees the claim at once. Expired rows are deleted by
 * the next claim (no background job) and an expired row with the same identity is taken over.
 */
@ApplicationScoped
public class IdempotencyKeys {
    /** The identity of a keyed request: who sent which key to which operation. */
    public record Identity(String callerGuid, String key, String method, String path) {
    }

    /** What a claim found. */
    public sealed interface Claim permits Claimed, Replay, InProgress, Mismatch {
    }

    /**
     * The key is new (or expired, or its earlier claim's lease ran out): the caller runs the create and then calls
     * complete or release with this claim.
     */
    public record Claimed(long id, String token) implements Claim {
    }

    /** The same request was answered before: the original status, body and Location. */
    public record Replay(int status, String body, String location) implements Claim {
    }

    /** The first request with this key is still running. */
    public record InProgress() implements Claim {
    }

    /** The key was used with a different body. */
    public record Mismatch() implements Claim {
    }

    private final EntityManager em;

    IdempotencyKeys(EntityManager em) {
        this.em = em;
    }

    /**
     * How long a claim holds its key before the answer is recorded: far longer than any create takes (they are one
     * transaction, bounded by the JDBC socket timeout), short enough that a replica that died mid-create frees
     * the key soon.
     */
    public static final Duration IN_PROGRESS_LEASE = Duration.ofMinutes(2);

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Claim claim(Identity identity, String requestHash, Duration ttl) {
        String token = UUID.randomUUID().toString();
        em.createNativeQuery("DELETE FROM idempotency_keys WHERE expires_at <= now()").executeUpdate();
        @SuppressWarnings("unchecked")
        List<Object> claimed = em.createNativeQuery("""
                INSERT INTO idempotency_keys (caller_guid, idempotency_key, method, path, request_hash, state,
                    created_at, expires_at, claim_token)
                VALUES (:caller, :key, :method, :path, :hash, 'in_progress', now(),
                    now() + make_interval(secs => :lease), :token)
                ON CONFLICT ON CONSTRAINT idempotency_keys_unique DO UPDATE
                    SET request_hash = EXCLUDED.request_hash, state = 'in_progress', response_status = NULL,
                        response_body = NULL, response_location = NULL, created_at = now(),
                        expires_at = EXCLUDED.expires_at, claim_token = EXCLUDED.claim_token
                    WHERE idempotency_keys.expires_at <= now()
                RETURNING id""")
                .setParameter("caller", identity.callerGuid()).setParameter("key", identity.key())
                .setParameter("method", identity.method()).setParameter("path", identity.path())
                .setParameter("hash", requestHash).setParameter("lease", (double) IN_PROGRESS_LEASE.toSeconds())
                .setParameter("token", token).getResultList();
        if (!claimed.isEmpty()) {
            return new Claimed(((Number) claimed.get(0)).longValue(), token);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT request_hash, state, response_status, response_body, response_location
                FROM idempotency_keys
                WHERE caller_guid = :caller AND idempotency_key = :key AND method = :method AND path = :path""")
                .setParameter("caller", identity.callerGuid()).setParameter("key", identity.key())
                .setParameter("method", identity.method()).setParameter("path", identity.path())
                .getResultList();
        if (rows.isEmpty()) {
            // released between the insert and this read: the first request failed; let the caller try again
            return null;
        }
        Object[] row = rows.get(0);
        if (!requestHash.equals(row[0])) {
            return new Mismatch();
        }
        if ("in_progress".equals(row[1])) {
            return new InProgress();
        }
        String location = (String) row[4];
        return new Replay(((Number) row[2]).intValue(), (String) row[3],
                location == null || location.isEmpty() ? null : location);
    }

    /**
     * Records the answer; retries with the same key and body replay it until the key expires ({@code ttl} from
     * now). A claim whose lease ran out and was taken over records nothing.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void complete(Claimed claim, int status, String body, String location, Duration ttl) {
        em.createNativeQuery("""
                UPDATE idempotency_keys SET state = 'complete', response_status = :status, response_body = :body,
                    response_location = :location, expires_at = now() + make_interval(secs => :ttl)
                WHERE id = :id AND claim_token = :token""")
                .setParameter("status", status).setParameter("body", body)
                .setParameter("location", location == null ? "" : location)
                .setParameter("ttl", (double) ttl.toSeconds()).setParameter("id", claim.id())
                .setParameter("token", claim.token()).executeUpdate();
    }

    /** Forgets a claim whose request failed, so that a retry runs the create again (only if still its own). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void release(Claimed claim) {
        em.createNativeQuery("DELETE FROM idempotency_keys WHERE id = :id AND claim_token = :token")
                .setParameter("id", claim.id()).setParameter("token", claim.token()).executeUpdate();
    }
}

package io.cfdeploy.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The callers of bearer tokens already verified, so a client that sends the same token on every request pays for
 * its RS256 signature and claim checks once. An entry is found only by the SHA-256 of the whole token (header,
 * claims and signature), so any other token, a forged or altered one included, misses and is verified in full.
 * It is served until the token's {@code exp} and no longer than {@code maxAgeMillis} after it was verified
 * (whichever comes first), never after; past that the token is verified again. At most {@code maxSize} entries:
 * when full, expired entries go first, then arbitrary ones. The verifier checks nothing per request that could
 * change for the same token during its life but its keys: the age limit bounds how long a token signed with a key
 * its issuer has since withdrawn (an external JWKS) is still accepted.
 */
public final class VerifiedTokens {
    private record Entry(Caller caller, long expiresAtMillis) {
    }

    private final int maxSize;
    private final long maxAgeMillis;
    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

    /** @param maxSize 0 turns the cache off */
    public VerifiedTokens(int maxSize, long maxAgeMillis) {
        this.maxSize = Math.max(0, maxSize);
        this.maxAgeMillis = maxAgeMillis;
    }

    /** The caller of this token if it was verified and is still within its life at {@code nowMillis}, else null. */
    public Caller get(String token, long nowMillis) {
        if (maxSize == 0) {
            return null;
        }
        Key key = Key.of(token);
        Entry entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        if (nowMillis >= entry.expiresAtMillis()) {
            entries.remove(key, entry);
            return null;
        }
        return entry.caller();
    }

    /**
     * Remembers a token the verifier accepted at {@code nowMillis}, until {@code expiresAtSeconds} (its {@code exp})
     * or the age limit.
     */
    public void put(String token, Caller caller, long expiresAtSeconds, long nowMillis) {
        if (maxSize == 0 || maxAgeMillis <= 0) {
            return;
        }
        long until = Math.min(Math.multiplyExact(expiresAtSeconds, 1000L), nowMillis + maxAgeMillis);
        if (until <= nowMillis) {
            return;
        }
        if (entries.size() >= maxSize) {
            makeRoom(nowMillis);
        }
        entries.put(Key.of(token), new Entry(caller, until));
    }

    /** How many entries are held (for tests). */
    public int size() {
        return entries.size();
    }

    private void makeRoom(long nowMillis) {
        entries.values().removeIf(entry -> nowMillis >= entry.expiresAtMillis());
        Iterator<Key> keys = entries.keySet().iterator();
        // down to 90 %, so a full cache is not swept on every new token
        int target = maxSize - Math.max(1, maxSize / 10);
        while (entries.size() > target && keys.hasNext()) {
            keys.next();
            keys.remove();
        }
    }

    /** The SHA-256 of a token: what the cache is keyed by, so it holds no usable credential. */
    private record Key(long a, long b, long c, long d) {
        static Key of(String token) {
            byte[] digest;
            try {
                digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            } catch (NoSuchAlgorithmException impossible) {
                throw new IllegalStateException(impossible);
            }
            return new Key(word(digest, 0), word(digest, 8), word(digest, 16), word(digest, 24));
        }

        private static long word(byte[] bytes, int offset) {
            long value = 0;
            for (int i = offset; i < offset + 8; i++) {
                value = (value << 8) | (bytes[i] & 0xff);
            }
            return value;
        }
    }
}

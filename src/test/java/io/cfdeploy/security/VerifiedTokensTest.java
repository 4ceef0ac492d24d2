package io.cfdeploy.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class VerifiedTokensTest {
    private static final long NOW = 1_800_000_000_000L;
    private static final long EXP = NOW / 1000 + 60; // a minute from now
    private static final long HOUR = 3_600_000L;

    private static Caller caller(String guid) {
        return new Caller(guid, guid, null, "uaa", "cf", Set.of(Caller.READ));
    }

    @Test
    void aVerifiedTokenIsServedUntilItsExpAndNeverAfter() {
        VerifiedTokens tokens = new VerifiedTokens(10, HOUR);
        Caller alice = caller("alice");
        tokens.put("token-a", alice, EXP, NOW);

        assertSame(alice, tokens.get("token-a", NOW));
        assertSame(alice, tokens.get("token-a", EXP * 1000 - 1));
        assertNull(tokens.get("token-a", EXP * 1000), "at exp the token is verified again");
        assertNull(tokens.get("token-a", EXP * 1000 - 1), "an expired entry is dropped, not revived");
        assertEquals(0, tokens.size());
    }

    @Test
    void anEntryIsTrustedNoLongerThanTheAgeLimit() {
        VerifiedTokens tokens = new VerifiedTokens(10, 5_000);
        tokens.put("token-a", caller("alice"), EXP, NOW);

        assertEquals("alice", tokens.get("token-a", NOW + 4_999).userGuid());
        assertNull(tokens.get("token-a", NOW + 5_000));
    }

    @Test
    void anExpiredTokenIsNotRemembered() {
        VerifiedTokens tokens = new VerifiedTokens(10, HOUR);
        tokens.put("token-a", caller("alice"), NOW / 1000, NOW);
        tokens.put("token-b", caller("bob"), NOW / 1000 - 30, NOW); // within a verifier's grace period

        assertNull(tokens.get("token-a", NOW));
        assertNull(tokens.get("token-b", NOW));
        assertEquals(0, tokens.size());
    }

    @Test
    void anyOtherTokenMisses() {
        VerifiedTokens tokens = new VerifiedTokens(10, HOUR);
        String token = "eyJhbGciOiJSUzI1NiJ9.eyJ1c2VyX2lkIjoiYWxpY2UifQ.c2lnbmF0dXJl";
        tokens.put(token, caller("alice"), EXP, NOW);

        // the same claims with another signature, a truncated token, one more character: all verified in full
        assertNull(tokens.get(token.substring(0, token.lastIndexOf('.') + 1) + "Zm9yZ2Vk", NOW));
        assertNull(tokens.get(token.substring(0, token.length() - 1), NOW));
        assertNull(tokens.get(token + "A", NOW));
        assertNull(tokens.get(token.toUpperCase(), NOW));
        assertEquals("alice", tokens.get(token, NOW).userGuid());
    }

    @Test
    void theCacheIsBounded() {
        VerifiedTokens tokens = new VerifiedTokens(100, HOUR);
        for (int i = 0; i < 1_000; i++) {
            tokens.put("token-" + i, caller("user-" + i), EXP, NOW);
            assertTrue(tokens.size() <= 100, "entries held: " + tokens.size());
        }
        assertEquals("user-999", tokens.get("token-999", NOW).userGuid(), "the newest token is kept");
    }

    @Test
    void expiredEntriesMakeRoomFirst() {
        VerifiedTokens tokens = new VerifiedTokens(3, HOUR);
        tokens.put("short-lived", caller("a"), NOW / 1000 + 1, NOW);
        tokens.put("long-1", caller("b"), EXP, NOW);
        tokens.put("long-2", caller("c"), EXP, NOW);
        long later = NOW + 2_000;
        tokens.put("long-3", caller("d"), EXP, later);

        assertEquals("b", tokens.get("long-1", later).userGuid());
        assertEquals("c", tokens.get("long-2", later).userGuid());
        assertEquals("d", tokens.get("long-3", later).userGuid());
    }

    @Test
    void sizeZeroTurnsTheCacheOff() {
        VerifiedTokens tokens = new VerifiedTokens(0, HOUR);
        tokens.put("token-a", caller("alice"), EXP, NOW);
        assertNull(tokens.get("token-a", NOW));
        assertEquals(0, tokens.size());
    }
}

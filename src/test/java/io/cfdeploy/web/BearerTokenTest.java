package io.cfdeploy.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cfdeploy.error.CfError;
import io.cfdeploy.error.CfException;
import org.junit.jupiter.api.Test;

/** How the {@code Authorization} header is read: CAPI's token decoder, without a regular expression per request. */
class BearerTokenTest {
    private static void refused(String header, CfError expected) {
        CfException refusal = assertThrows(CfException.class, () -> Authentication.bearerToken(header), header);
        assertEquals(expected, refusal.error(), header);
    }

    @Test
    void theTokenAfterBearerInAnyCaseAndWhitespace() {
        assertEquals("abc.def.ghi", Authentication.bearerToken("bearer abc.def.ghi"));
        assertEquals("abc.def.ghi", Authentication.bearerToken("Bearer abc.def.ghi"));
        assertEquals("abc", Authentication.bearerToken("  BEARER \t abc  "));
        assertEquals("abc", Authentication.bearerToken("bEaReR\u000Babc"));
    }

    @Test
    void noHeaderOrAnotherSchemeIsNoTokenAtAll() {
        refused(null, CfError.NOT_AUTHENTICATED);
        refused("", CfError.NOT_AUTHENTICATED);
        refused(" \t ", CfError.NOT_AUTHENTICATED);
        refused("Basic Y2Y6", CfError.NOT_AUTHENTICATED);
        refused("bear abc", CfError.NOT_AUTHENTICATED);
    }

    @Test
    void aBearerHeaderThatIsNotExactlyTwoWordsIsABadToken() {
        refused("bearer", CfError.INVALID_AUTH_TOKEN);
        refused("bearer   ", CfError.INVALID_AUTH_TOKEN);
        refused("bearerabc", CfError.INVALID_AUTH_TOKEN);
        refused("bearer abc def", CfError.INVALID_AUTH_TOKEN);
        refused("bearer abc\ndef", CfError.INVALID_AUTH_TOKEN);
        refused("bearer bearer abc", CfError.INVALID_AUTH_TOKEN);
    }
}

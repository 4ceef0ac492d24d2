package io.cfdeploy.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** CAPI's metadata key and label value rules (metadata_validator_helper.rb and its spec). */
class MetadataKeysTest {
    static final String LONG_DOMAIN = String.join(".", "a".repeat(61), "b".repeat(61), "c".repeat(61),
            "d".repeat(61), "e".repeat(61));

    @ParameterizedTest
    @ValueSource(strings = {"potato", "p_otato", "p.otato", "p-otato", "a", "A1", "example.com/potato",
            "capi.ci.cf-app.com/dashboard", "EXAMPLE.com/x", "x.y/z"})
    void validKeys(String key) {
        assertNull(MetadataKeys.keyError(key));
    }

    @Test
    void longestValidKeyAndPrefix() {
        assertNull(MetadataKeys.keyError("a".repeat(63)));
        String prefix = "a".repeat(61) + ".sub-part." + "b".repeat(61) + ".com";
        assertNull(MetadataKeys.keyError(prefix + "/release"));
        String longest = String.join(".", "a".repeat(63), "b".repeat(63), "c".repeat(63), "d".repeat(61));
        assertEquals(253, longest.length());
        assertNull(MetadataKeys.keyError(longest + "/k"));
    }

    @Test
    void emptyKeys() {
        assertEquals("key cannot be empty string", MetadataKeys.keyError(""));
        assertEquals("key cannot be empty string", MetadataKeys.keyError("   "));
        assertEquals("key cannot be empty string", MetadataKeys.keyError("example.com/"));
        assertEquals("key cannot be empty string", MetadataKeys.keyError("example.com/ "));
        assertEquals("key cannot be empty string", MetadataKeys.keyError("/"));
    }

    @Test
    void slashes() {
        assertEquals("key has more than one '/'", MetadataKeys.keyError("example.com/capi/tests"));
        assertEquals("key has more than one '/'", MetadataKeys.keyError("//"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-a", "a%a.com", "a..com", "onlycom", "", ".com", "com.", "a_b.com", "-a.com",
            "a-.com", "ex ample.com"})
    void prefixMustBeADnsName(String prefix) {
        assertEquals("prefix '" + prefix + "' must be in valid dns format", MetadataKeys.keyError(prefix + "/key"));
    }

    @Test
    void prefixLength() {
        assertEquals("prefix 'aaaaaaaa...' is greater than 253 characters",
                MetadataKeys.keyError(LONG_DOMAIN + "/key"));
    }

    @Test
    void reservedPrefix() {
        assertEquals("prefix 'cloudfoundry.org' is reserved", MetadataKeys.keyError("cloudfoundry.org/key"));
        assertEquals("prefix 'cloudfoundry.org' is reserved", MetadataKeys.keyError("CloudFoundry.org/key"));
        assertNull(MetadataKeys.keyError("sub.cloudfoundry.org/key"));
    }

    @Test
    void everyPrintableAsciiCharacterOutsideTheAllowedOnesIsInvalid() {
        for (char c = 32; c <= 126; c++) {
            String text = String.valueOf(c);
            if (text.matches("[\\w\\-./\\s]")) {
                continue;
            }
            assertEquals("'potato" + c + "' contains invalid characters", MetadataKeys.keyError("potato" + c));
            assertEquals("'mashed" + c + "' contains invalid characters", MetadataKeys.labelValueError("mashed" + c));
        }
    }

    @Test
    void nameEdges() {
        for (String bad : new String[] {"-a", "a-", "-", ".a", "_a", "a_", "a."}) {
            assertEquals("'" + bad + "' starts or ends with invalid characters", MetadataKeys.keyError(bad));
            assertEquals("'" + bad + "' starts or ends with invalid characters", MetadataKeys.labelValueError(bad));
        }
        assertEquals("'-a' starts or ends with invalid characters", MetadataKeys.keyError("example.com/-a"));
    }

    @Test
    void nameLength() {
        assertEquals("'bbbbbbbb...' is greater than 63 characters", MetadataKeys.keyError("b".repeat(64)));
        assertEquals("'bbbbbbbb...' is greater than 63 characters",
                MetadataKeys.keyError("example.com/" + "b".repeat(64)));
        assertEquals("'bbbbbbbb...' is greater than 63 characters", MetadataKeys.labelValueError("b".repeat(64)));
        assertNull(MetadataKeys.labelValueError("b".repeat(63)));
    }

    @Test
    void nonAsciiIsInvalid() {
        assertEquals("'caf\u00e9' contains invalid characters", MetadataKeys.keyError("caf\u00e9"));
        assertEquals("'\u0661' contains invalid characters", MetadataKeys.labelValueError("\u0661"));
        assertEquals("'a\nb' contains invalid characters", MetadataKeys.labelValueError("a\nb"));
    }

    @Test
    void emptyLabelValueIsValid() {
        assertNull(MetadataKeys.labelValueError(""));
        assertNull(MetadataKeys.labelValueError(null));
    }

    @Test
    void checksAreInCapiOrder() {
        // characters before edges before length; the prefix before the name
        assertEquals("'-" + "a".repeat(70) + "!' contains invalid characters",
                MetadataKeys.keyError("-" + "a".repeat(70) + "!"));
        assertEquals("'-" + "a".repeat(70) + "' starts or ends with invalid characters",
                MetadataKeys.keyError("-" + "a".repeat(70)));
        assertEquals("prefix 'bad' must be in valid dns format", MetadataKeys.keyError("bad/-x"));
    }

    @Test
    void prefixOfThousandsOfLabelsIsAnErrorNotAStackOverflow() {
        assertEquals("prefix 'a.a.a.a....' is greater than 253 characters",
                MetadataKeys.keyError("a.".repeat(25_000) + "a/key"));
        assertEquals("prefix '" + "a.".repeat(25_000) + "' must be in valid dns format",
                MetadataKeys.keyError("a.".repeat(25_000) + "/key"));
    }

    /** The label-by-label check is CAPI's DOMAIN_REGEX. */
    @ParameterizedTest
    @ValueSource(strings = {"a.b", "A.b", "a-b.c", "a..b", ".a.b", "a.b.", "a", "-a.b", "a-.b", "a.b-", "a_b.c",
            "a.b\n", "a.é", "0.0", "a.b.c.d"})
    void domainCheckIsCapisRegex(String prefix) {
        java.util.regex.Pattern capi = java.util.regex.Pattern.compile(
                "\\A(([a-z0-9]|[a-z0-9][a-z0-9\\-]{0,61}[a-z0-9])\\.)+([a-z0-9]|[a-z0-9][a-z0-9\\-]{0,61}[a-z0-9])\\z",
                java.util.regex.Pattern.CASE_INSENSITIVE);
        String value = prefix.replace("\\n", "\n");
        assertEquals(capi.matcher(value).matches(), MetadataKeys.isDomain(value), value);
        String long63 = "a".repeat(63) + ".b";
        assertEquals(capi.matcher(long63).matches(), MetadataKeys.isDomain(long63));
        String long64 = "a".repeat(64) + ".b";
        assertEquals(capi.matcher(long64).matches(), MetadataKeys.isDomain(long64));
    }
}

package io.cfdeploy.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.cfdeploy.error.CfError;
import io.cfdeploy.error.CfException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** OrganizationCreateMessage / OrganizationUpdateMessage texts and order, without a server. */
class OrganizationMessageTest {

    static JsonNode json(String text) {
        return MetadataMessageTest.json(text);
    }

    static String createError(String body) {
        CfException exception = assertThrows(CfException.class, () -> OrganizationMessage.create(json(body)));
        assertEquals(CfError.UNPROCESSABLE_ENTITY, exception.error());
        return exception.detail();
    }

    static String updateError(String body) {
        CfException exception = assertThrows(CfException.class, () -> OrganizationMessage.update(json(body)));
        assertEquals(CfError.UNPROCESSABLE_ENTITY, exception.error());
        return exception.detail();
    }

    @Test
    void presenceComesLastOnCreate() {
        assertEquals("Name can't be blank", createError("{}"));
        assertEquals("Suspended must be a boolean, Name can't be blank", createError("{\"suspended\":\"x\"}"));
        assertEquals("Name is too short (minimum is 1 character), Name must not contain escaped characters, "
                + "Name can't be blank", createError("{\"name\":\"\"}"));
        assertEquals("Name can't be blank", createError("{\"name\":\"   \"}"));
        assertEquals("Name can't be blank", createError("{\"name\":null}"));
    }

    @Test
    void updateHasNoPresenceRule() {
        assertNull(OrganizationMessage.update(json("{}")).name());
        assertNull(OrganizationMessage.update(json("{\"name\":null}")).name());
        assertEquals("Name is too short (minimum is 1 character), Name must not contain escaped characters",
                updateError("{\"name\":\"\"}"));
    }

    @Test
    void orderIsMetadataUnknownNameSuspended() {
        assertEquals("Metadata must be an object, Unknown field(s): 'x', 'y', Name must be a string, "
                + "Suspended must be a boolean", updateError("{\"x\":1,\"metadata\":[],\"name\":1,\"suspended\":1,"
                        + "\"y\":2}"));
    }

    @Test
    void lengths() {
        assertEquals("a".repeat(255), OrganizationMessage.create(json("{\"name\":\"" + "a".repeat(255) + "\"}"))
                .name());
        assertEquals("Name is too long (maximum is 255 characters)",
                createError("{\"name\":\"" + "a".repeat(256) + "\"}"));
        String emoji = "\\uD83D\\uDE00";
        assertEquals(255, OrganizationMessage.create(json("{\"name\":\"" + emoji.repeat(255) + "\"}")).name()
                .codePointCount(0, 510));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\\nb", "tab\\there", "\\u0000", "x\\u2028", "bell\\u0007"})
    void escapedCharacters(String name) {
        assertEquals("Name must not contain escaped characters", createError("{\"name\":\"" + name + "\"}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"my org", "caf\\u00e9", "\\u65e5\\u672c", "a!@#$%^&*()", "zero\\u200bwidth"})
    void printableNames(String name) {
        OrganizationMessage.create(json("{\"name\":\"" + name + "\"}"));
    }

    @Test
    void suspendedOnlyLiteralBooleans() {
        assertEquals(Boolean.TRUE, OrganizationMessage.create(json("{\"name\":\"a\",\"suspended\":true}"))
                .suspended());
        assertEquals("Suspended must be a boolean", createError("{\"name\":\"a\",\"suspended\":\"true\"}"));
        assertEquals("Suspended must be a boolean", createError("{\"name\":\"a\",\"suspended\":1}"));
    }
}

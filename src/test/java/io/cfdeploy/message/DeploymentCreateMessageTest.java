package io.cfdeploy.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cfdeploy.domain.DeploymentStrategy;
import io.cfdeploy.error.CfError;
import io.cfdeploy.error.CfException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** DeploymentCreateMessage (spec §3): every rule's text, CAPI's order, and the 422s beyond CAPI. */
class DeploymentCreateMessageTest {
    private static final String APP = "\"relationships\":{\"app\":{\"data\":{\"guid\":\"a1\"}}}";

    static JsonNode json(String text) {
        return MetadataMessageTest.json(text);
    }

    static DeploymentCreateMessage parse(String body) {
        return DeploymentCreateMessage.parse(json(body));
    }

    static String error(String body) {
        CfException exception = assertThrows(CfException.class, () -> parse(body));
        assertEquals(CfError.UNPROCESSABLE_ENTITY, exception.error());
        return exception.detail();
    }

    static String options(String options) {
        return error("{" + APP + ",\"options\":" + options + "}");
    }

    static String canary(String canary) {
        return error("{" + APP + ",\"strategy\":\"canary\",\"options\":{\"canary\":" + canary + "}}");
    }

    @Test
    void defaults() {
        DeploymentCreateMessage message = parse("{" + APP + "}");
        assertEquals("a1", message.appGuid());
        assertEquals(DeploymentStrategy.ROLLING, message.strategy());
        assertEquals(1, message.maxInFlight());
        assertFalse(message.dropletGiven());
        assertFalse(message.revisionGiven());
        assertNull(message.webInstances());
        assertNull(message.canarySteps());
        assertTrue(message.metadata().isEmpty());
    }

    @Test
    void everyField() {
        DeploymentCreateMessage message = parse("{" + APP + ",\"droplet\":{\"guid\":\"d1\"},\"strategy\":\"canary\","
                + "\"options\":{\"max_in_flight\":3,\"web_instances\":0,\"memory_in_mb\":256,\"disk_in_mb\":512,"
                + "\"log_rate_limit_in_bytes_per_second\":9223372036854775807,"
                + "\"canary\":{\"steps\":[{\"instance_weight\":20},{\"instance_weight\":20},{\"instance_weight\":100}]}},"
                + "\"metadata\":{\"labels\":{\"a\":\"b\"}}}");
        assertTrue(message.dropletGiven());
        assertEquals("d1", message.dropletGuid());
        assertTrue(message.isCanary());
        assertEquals(3, message.maxInFlight());
        assertEquals(0, message.webInstances());
        assertEquals(256, message.memoryInMb());
        assertEquals(512, message.diskInMb());
        assertEquals(Long.MAX_VALUE, message.logRateLimitInBytesPerSecond());
        assertEquals(List.of(20, 20, 100), message.canarySteps());
        assertEquals("b", message.metadata().labels().get("a"));
    }

    @Test
    void nullsInsideOptionsAreAcceptedAsTheCliSendsThem() {
        DeploymentCreateMessage message = parse("{" + APP + ",\"strategy\":null,\"options\":{\"max_in_flight\":null,"
                + "\"web_instances\":null,\"memory_in_mb\":null,\"disk_in_mb\":null,"
                + "\"log_rate_limit_in_bytes_per_second\":null,\"canary\":null}}");
        assertEquals(DeploymentStrategy.ROLLING, message.strategy());
        assertEquals(1, message.maxInFlight());
        assertNull(message.memoryInMb());
        assertNull(message.logRateLimitInBytesPerSecond());
        assertEquals(1, parse("{" + APP + ",\"options\":{\"max_in_flight\":false}}").maxInFlight());
        assertNull(parse("{" + APP + ",\"strategy\":\"canary\",\"options\":{\"canary\":{\"steps\":null}}}")
                .canarySteps());
    }

    @Test
    void numericStringsAreTypeCastAsRailsDoes() {
        DeploymentCreateMessage message = parse("{" + APP + ",\"options\":{\"web_instances\":\"5\",\"memory_in_mb\":\"64\"}}");
        assertEquals(5, message.webInstances());
        assertEquals(64, message.memoryInMb());
    }

    @Test
    void revisionAndRollback() {
        DeploymentCreateMessage message = parse("{" + APP + ",\"revision\":{\"guid\":\"r1\"}}");
        assertTrue(message.revisionGiven());
        assertTrue(message.isRollback());
        assertEquals("r1", message.revisionGuid());
        // an empty object is Rails-blank: not given
        assertFalse(parse("{" + APP + ",\"droplet\":{},\"revision\":{}}").dropletGiven());
        DeploymentCreateMessage noGuid = parse("{" + APP + ",\"droplet\":{\"guid\":null}}");
        assertTrue(noGuid.dropletGiven());
        assertNull(noGuid.dropletGuid());
    }

    @Test
    void relationshipsAreNotValidatedWhenAbsent() {
        assertNull(parse("{}").appGuid());
        assertNull(parse("{\"relationships\":{}}").appGuid());
        assertNull(parse("{\"relationships\":{\"app\":{\"data\":{}}}}").appGuid());
    }

    @Test
    void unknownFields() {
        assertEquals("Unknown field(s): 'foo', 'bar'", error("{" + APP + ",\"foo\":1,\"bar\":2}"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"potato\"|Strategy 'potato' is not a supported deployment strategy",
            "\"Rolling\"|Strategy 'Rolling' is not a supported deployment strategy",
            "5|Strategy '5' is not a supported deployment strategy",
            "[]|Strategy '[]' is not a supported deployment strategy"})
    void strategy(String strategy, String message) {
        assertEquals(message, error("{" + APP + ",\"strategy\":" + strategy + "}"));
    }

    @Test
    void dropletAndRevision() {
        assertEquals("Droplet Cannot set both fields 'droplet' and 'revision'",
                error("{" + APP + ",\"droplet\":{\"guid\":\"d\"},\"revision\":{\"guid\":\"r\"}}"));
        assertEquals("Droplet must be an object", error("{" + APP + ",\"droplet\":\"d\"}"));
        assertEquals("Revision must be an object", error("{" + APP + ",\"revision\":[1]}"));
        assertEquals("Droplet guid must be a string", error("{" + APP + ",\"droplet\":{\"guid\":5}}"));
        assertEquals("Revision guid must be a string", error("{" + APP + ",\"revision\":{\"guid\":{}}}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"x\"", "[]", "5", "true"})
    void nonObjectRelationships(String relationships) {
        assertEquals("Relationships must be an object", error("{\"relationships\":" + relationships + "}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"x\"", "{\"data\":\"x\"}", "{\"data\":{\"guid\":5}}", "{}"})
    void malformedAppRelationship(String app) {
        assertEquals("Relationships app must be structured like this: \"app: {\"data\": {\"guid\": \"valid-guid\"}}\"",
                error("{\"relationships\":{\"app\":" + app + "}}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"\"", "[]", "false", "\"x\"", "[1]", "7"})
    void optionsMustBeAnObjectEvenWhenBlank(String value) {
        assertEquals("Options must be an object", options(value));
    }

    @Test
    void unsupportedOptionKeys() {
        assertEquals("Options has unsupported key(s): foo, baz", options("{\"foo\":1,\"baz\":2}"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "web_instances|\"x\"|Web instances is not a number",
            "web_instances|1.5|Web instances must be an integer",
            "web_instances|-1|Web instances must be greater than or equal to 0",
            "web_instances|2147483648|Web instances must be less than or equal to 2147483647",
            "web_instances|true|Web instances is not a number",
            "memory_in_mb|\"x\"|Memory in mb is not a number",
            "memory_in_mb|2.5|Memory in mb must be an integer",
            "memory_in_mb|0|Memory in mb must be greater than 0",
            "memory_in_mb|2147483648|Memory in mb must be less than or equal to 2147483647",
            "disk_in_mb|{}|Disk in mb is not a number",
            "disk_in_mb|1.1|Disk in mb must be an integer",
            "disk_in_mb|0|Disk in mb must be greater than 0",
            "disk_in_mb|99999999999|Disk in mb must be less than or equal to 2147483647",
            "log_rate_limit_in_bytes_per_second|\"x\"|Log rate limit in bytes per second is not a number",
            "log_rate_limit_in_bytes_per_second|1.5|Log rate limit in bytes per second must be an integer",
            "log_rate_limit_in_bytes_per_second|-2|Log rate limit in bytes per second must be greater than or equal to -1",
            "log_rate_limit_in_bytes_per_second|9223372036854775808|Log rate limit in bytes per second must be less than or equal to 9223372036854775807",
            "max_in_flight|0|Max in flight must be an integer greater than 0",
            "max_in_flight|-2|Max in flight must be an integer greater than 0",
            "max_in_flight|\"two\"|Max in flight must be an integer greater than 0",
            "max_in_flight|\"2\"|Max in flight must be an integer greater than 0",
            "max_in_flight|2.0|Max in flight must be an integer greater than 0",
            "max_in_flight|[]|Max in flight must be an integer greater than 0",
            "max_in_flight|2147483648|Max in flight must be less than or equal to 2147483647"})
    void numericOptions(String key, String value, String message) {
        assertEquals(message, options("{\"" + key + "\":" + value + "}"));
    }

    @Test
    void zeroAndMinusOneAreLegal() {
        DeploymentCreateMessage message = parse("{" + APP + ",\"options\":{\"web_instances\":0,"
                + "\"log_rate_limit_in_bytes_per_second\":-1}}");
        assertEquals(0, message.webInstances());
        assertEquals(-1L, message.logRateLimitInBytesPerSecond());
    }

    @Test
    void canaryOptions() {
        assertEquals("Options canary must be an object", canary("\"x\""));
        assertEquals("Options canary must be an object", canary("[]"));
        assertEquals("Options canary are only valid for Canary deployments",
                options("{\"canary\":{}}"));
        assertEquals("Options canary are only valid for Canary deployments",
                error("{" + APP + ",\"strategy\":\"rolling\",\"options\":{\"canary\":{\"steps\":\"bad\"}}}"));
        assertEquals("Options canary steps must be an array of objects", canary("{\"steps\":\"x\"}"));
        assertEquals("Options canary steps must be an array of objects", canary("{\"steps\":[1,{}]}"));
        assertEquals("Options canary steps must be an array of objects", canary("{\"steps\":{}}"));
        assertEquals("Options canary steps has unsupported key(s): foo, baz, "
                + "Options canary steps has unsupported key(s): foo",
                canary("{\"steps\":[{\"instance_weight\":1,\"foo\":1,\"baz\":2},{\"instance_weight\":2,\"foo\":3}]}"));
        assertEquals("Options canary steps missing key: \"instance_weight\", "
                + "Options canary steps instance weight must be an Integer between 1-100 (inclusive)",
                canary("{\"steps\":[{\"instance_weight\":1},{}]}"));
        assertEquals("Options canary steps instance weight must be an Integer between 1-100 (inclusive)",
                canary("{\"steps\":[{\"instance_weight\":25.0}]}"));
        assertEquals("Options canary steps instance weight must be an Integer between 1-100 (inclusive)",
                canary("{\"steps\":[{\"instance_weight\":\"25\"}]}"));
        assertEquals("Options canary steps instance weight must be an Integer between 1-100 (inclusive)",
                canary("{\"steps\":[{\"instance_weight\":0}]}"));
        assertEquals("Options canary steps instance weight must be an Integer between 1-100 (inclusive)",
                canary("{\"steps\":[{\"instance_weight\":101},{\"instance_weight\":\"x\"}]}"));
        assertEquals("Options canary steps instance weight must be sorted in ascending order",
                canary("{\"steps\":[{\"instance_weight\":50},{\"instance_weight\":20}]}"));
        // unknown keys inside canary are ignored, as CAPI does
        assertEquals(List.of(10), parse("{" + APP + ",\"strategy\":\"canary\",\"options\":{\"canary\":"
                + "{\"steps\":[{\"instance_weight\":10}],\"other\":1}}}").canarySteps());
    }

    @Test
    void anOutOfRangeWeightStillGetsTheOrderCheck() {
        assertEquals("Options canary steps instance weight must be an Integer between 1-100 (inclusive), "
                + "Options canary steps instance weight must be sorted in ascending order",
                canary("{\"steps\":[{\"instance_weight\":50},{\"instance_weight\":0}]}"));
        // one range message however many weights are out of range; ascending ones get no order message
        assertEquals("Options canary steps instance weight must be an Integer between 1-100 (inclusive)",
                canary("{\"steps\":[{\"instance_weight\":0},{\"instance_weight\":101}]}"));
        assertEquals("Options canary steps instance weight must be an Integer between 1-100 (inclusive), "
                + "Options canary steps instance weight must be sorted in ascending order",
                canary("{\"steps\":[{\"instance_weight\":99999999999999999999},{\"instance_weight\":5}]}"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "[]", "[1]", "\"\"", "\"r1\"", "false", "true", "0" })
    void aNonObjectRevisionOrDropletIsRefused(String value) {
        assertEquals("Revision must be an object", error("{" + APP + ",\"revision\":" + value + "}"));
        assertEquals("Droplet must be an object", error("{" + APP + ",\"droplet\":" + value + "}"));
    }

    @Test
    void webInstancesAndMaxInFlightStopAtTheInstanceCap() {
        String body = "{" + APP + ",\"options\":{\"web_instances\":1001,\"max_in_flight\":2147483647}}";
        CfException refused = assertThrows(CfException.class, () -> DeploymentCreateMessage.parse(json(body), 1000));
        assertEquals("Web instances must be less than or equal to 1000, Max in flight must be less than or equal to "
                + "1000", refused.detail());
        DeploymentCreateMessage atTheCap = DeploymentCreateMessage.parse(json("{" + APP + ",\"options\":"
                + "{\"web_instances\":1000,\"max_in_flight\":1000}}"), 1000);
        assertEquals(1000, atTheCap.webInstances());
        assertEquals(1000, atTheCap.maxInFlight());
    }

    @Test
    void emptyCanaryStepsAreRefusedBeyondCapi() {
        assertEquals("Options canary steps must contain at least one step", canary("{\"steps\":[]}"));
    }

    @Test
    void everyMessageJoinedInCapisOrder() {
        assertEquals("Metadata has unexpected field(s): 'x', Unknown field(s): 'foo', "
                + "Strategy 'potato' is not a supported deployment strategy, "
                + "Droplet Cannot set both fields 'droplet' and 'revision', "
                + "Options has unsupported key(s): bar, Web instances must be greater than or equal to 0, "
                + "Memory in mb must be greater than 0, Disk in mb must be greater than 0, "
                + "Log rate limit in bytes per second must be greater than or equal to -1, "
                + "Max in flight must be an integer greater than 0, Options canary must be an object",
                error("{\"foo\":1," + APP + ",\"strategy\":\"potato\",\"droplet\":{\"guid\":\"d\"},"
                        + "\"revision\":{\"guid\":\"r\"},\"metadata\":{\"x\":1},\"options\":{\"bar\":1,"
                        + "\"web_instances\":-1,\"memory_in_mb\":0,\"disk_in_mb\":0,"
                        + "\"log_rate_limit_in_bytes_per_second\":-2,\"max_in_flight\":0,\"canary\":5}}"));
    }

    @Test
    void metadataRules() {
        assertEquals("Metadata must be an object", error("{" + APP + ",\"metadata\":\"x\"}"));
        assertEquals("Metadata 'labels' is not an object", error("{" + APP + ",\"metadata\":{\"labels\":5}}"));
    }

    @Test
    void aNonObjectBodyIsAParseError() {
        CfException exception = assertThrows(CfException.class, () -> parse("[1]"));
        assertEquals(CfError.MESSAGE_PARSE_ERROR, exception.error());
    }
}

package io.cfdeploy.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fuzzer's own judgement and contract reading, so its suites can fail. */
class ContractFuzzerTest {
    private static final String ENVELOPE = "{\"errors\":[{\"detail\":\"d\",\"title\":\"CF-X\",\"code\":1}]}";

    @Test
    void judgesServerErrorsAndAnythingButTheEnvelope() {
        assertNull(ContractFuzzer.problem(200, "application/json", "{}"));
        assertNull(ContractFuzzer.problem(422, "application/json", ENVELOPE));
        assertEquals("status 500", ContractFuzzer.problem(500, "application/json", ENVELOPE));
        assertEquals("error content type text/plain", ContractFuzzer.problem(400, "text/plain", ENVELOPE));
        assertEquals("error body is not JSON", ContractFuzzer.problem(400, "application/json", "oops"));
        assertEquals("not the CF envelope", ContractFuzzer.problem(400, "application/json", "{\"errors\":[]}"));
        assertEquals("not the CF envelope", ContractFuzzer.problem(400, "application/json",
                "{\"errors\":[{\"detail\":\"d\",\"title\":\"CF-X\",\"code\":\"1\"}]}"));
        assertEquals("not the CF envelope", ContractFuzzer.problem(400, "application/json",
                ENVELOPE.replace("}]}", "}],\"trace\":\"x\"}")));
    }

    @Test
    void readsTheOperationsAndTheFieldsOfTheirBodies() {
        List<String[]> writes = ContractFuzzer.operations(List.of("post"));
        assertFalse(writes.isEmpty());
        assertEquals(0, writes.stream().filter(op -> op[1].startsWith("/oauth") || op[1].startsWith("/q")).count(),
                "only / and /v3 operations");
        List<ContractFuzzer.Field> fields = ContractFuzzer.fields(ContractFuzzer.requestSchema("post", "/v3/apps"),
                new java.util.ArrayList<>());
        assertEquals(1, fields.stream().filter(field -> field.path().equals(List.of("name"))
                && field.type().equals("string")).count(), "the app's name is a known string field: " + fields);
    }

    @Test
    void putsAValueAtANestedPathMakingTheContainersOnTheWay() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ContractFuzzer.put(body, List.of("relationships", "space", "data", "guid"), "1");
        ContractFuzzer.put(body, List.of("metadata", "labels", "*"), "null");
        ContractFuzzer.put(body, List.of("lifecycle", "data", "buildpacks", "[]"), "{}");
        assertEquals("{\"relationships\":{\"space\":{\"data\":{\"guid\":1}}},\"metadata\":{\"labels\":{\"k\":null}},"
                + "\"lifecycle\":{\"data\":{\"buildpacks\":[{}]}}}", body.toString());
    }
}

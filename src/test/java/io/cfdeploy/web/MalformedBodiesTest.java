package io.cfdeploy.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfdeploy.support.ContractFuzzer;
import io.cfdeploy.web.FuzzWorld.World;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * "No body a client can craft yields a 500": every write operation of openapi/openapi.yaml gets a battery of
 * malformed bodies, derived in part from its request schema (a wrong value for every known field), and the
 * upload malformed multipart forms ({@link ContractFuzzer} judges every answer).
 */
@QuarkusTest
class MalformedBodiesTest {

    @Test
    void malformedBodiesNeverYieldA500() {
        World w = FuzzWorld.world();
        ContractFuzzer fuzzer = new ContractFuzzer(getClass().getSimpleName(), w.token());
        List<String[]> writes = ContractFuzzer.operations(List.of("post", "patch", "delete"));
        for (String[] operation : writes) {
            String method = operation[0];
            String template = operation[1];
            JsonNode schema = ContractFuzzer.requestSchema(method, template);
            boolean upload = template.endsWith("/upload");
            Supplier<String> path = () -> FuzzWorld.concretePath(w, method, template);
            Supplier<ObjectNode> base = () -> FuzzWorld.baseBody(w, method, template);

            // raw bodies, each to a fresh target where the operation consumes it (DELETE, upload, cancel)
            for (String raw : ContractFuzzer.rawBodies()) {
                fuzzer.send(method, path, "application/json", raw);
            }
            // the valid base body with trailing garbage, and under other content types
            String valid = base.get().toString();
            fuzzer.send(method, path, "application/json", valid + " x");
            fuzzer.send(method, path, "application/json", valid + valid);
            for (String contentType : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
                    "multipart/form-data; boundary=XYZ", "foo")) {
                fuzzer.send(method, path, contentType, upload ? "{}" : base.get().toString());
            }
            fuzzer.send(method, path, null, upload ? "{}" : base.get().toString());
            if (upload) {
                uploadBattery(fuzzer, path);
                continue;
            }
            if (schema == null) {
                fuzzer.send(method, path, "application/json", "{\"a\":\"" + ContractFuzzer.BIG + "\"}");
                continue;
            }
            // a 900 KB value for the first text field (one per operation: the contract check of such a body is slow)
            List<ContractFuzzer.Field> fields = ContractFuzzer.fields(schema, new ArrayList<>());
            List<String> big = fields.stream().filter(field -> field.type().equals("string")).findFirst()
                    .map(ContractFuzzer.Field::path).orElse(List.of("unknown"));
            ObjectNode bigBody = base.get();
            ContractFuzzer.put(bigBody, big, "\"" + ContractFuzzer.BIG + "\"");
            fuzzer.send(method, path, "application/json", bigBody.toString());
            // a wrong value for every field the operation knows, inside an otherwise valid body
            for (ContractFuzzer.Field field : fields) {
                for (String value : ContractFuzzer.wrongValues(field.type())) {
                    ObjectNode body = base.get();
                    ContractFuzzer.put(body, field.path(), value);
                    fuzzer.send(method, path, "application/json", body.toString());
                }
            }
            // unknown and NUL keys at the top
            for (String key : List.of("unknown", "\u0000", "a\u0000b", "", "x".repeat(5000))) {
                ObjectNode body = base.get();
                body.put(key, "v");
                fuzzer.send(method, path, "application/json", body.toString());
            }
        }
        fuzzer.runBatch();
        fuzzer.report("write operations", writes.size());
    }

    /** Multipart forms the upload cannot use, each to a fresh target (a droplet or a package awaiting bits). */
    private static void uploadBattery(ContractFuzzer fuzzer, Supplier<String> path) {
        List<String[]> forms = new ArrayList<>();
        forms.add(new String[] {"multipart/form-data", "--XYZ\r\n\r\n"});
        forms.add(new String[] {"multipart/form-data; boundary=XYZ", ""});
        forms.add(new String[] {"multipart/form-data; boundary=XYZ", "--XYZ"});
        forms.add(new String[] {"multipart/form-data; boundary=XYZ", "--XYZ\r\nContent-Disposition: form-data; "
                + "name=\"bits\"; filename=\"d.tgz\"\r\n\r\ntruncated"});
        forms.add(new String[] {"multipart/form-data; boundary=XYZ", multipart("other", "d.tgz", "abc")});
        forms.add(new String[] {"multipart/form-data; boundary=XYZ", multipart("bits", "d.tgz", "")});
        forms.add(new String[] {"multipart/form-data; boundary=XYZ", multipart("bits", null, "abc")});
        forms.add(new String[] {"multipart/form-data; boundary=XYZ", multipart("bits", "d\u0000.tgz", "abc")});
        forms.add(new String[] {"multipart/form-data; boundary=XYZ", multipart("b\u0000its", "d.tgz", "abc")});
        forms.add(new String[] {"multipart/form-data; boundary=XYZ", multipart("bits", "d.tgz", "abc")
                .replace("--XYZ--\r\n", "") + multipart("bits", "e.tgz", "def")});
        forms.add(new String[] {"multipart/form-data; boundary=ABC", multipart("bits", "d.tgz", "abc")});
        forms.add(new String[] {"multipart/mixed; boundary=XYZ", multipart("bits", "d.tgz", "abc")});
        forms.add(new String[] {"multipart/form-data; boundary=" + "X".repeat(5000), "--x"});
        for (String[] form : forms) {
            fuzzer.send("post", path, form[0], form[1]);
        }
    }

    private static String multipart(String field, String fileName, String content) {
        return "--XYZ\r\nContent-Disposition: form-data; name=\"" + field + "\""
                + (fileName == null ? "" : "; filename=\"" + fileName + "\"")
                + "\r\nContent-Type: application/octet-stream\r\n\r\n" + content + "\r\n--XYZ--\r\n";
    }
}

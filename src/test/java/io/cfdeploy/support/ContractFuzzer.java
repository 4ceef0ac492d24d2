package io.cfdeploy.support;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A contract fuzzer: reads openapi/openapi.yaml for the operations, their request schemas and the fields those
 * name, offers batteries of malformed bodies, wrong values and bad query strings, sends requests in parallel and
 * judges every answer — below 500, an error exactly the CF envelope with a JSON content type, the response valid
 * against the contract (the validator of {@link Api}). Violations are collected and reported together. One
 * instance per test; the suites decide what to send where.
 */
public final class ContractFuzzer {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode OPENAPI = readContract();
    /** 900 KB: under the 1M body limit, far over any field's maximum. */
    public static final String BIG = "b".repeat(900 * 1024);

    private final String suite;
    private final String token;

    /** @param token the bearer every request is sent with */
    public ContractFuzzer(String suite, String token) {
        this.suite = suite;
        this.token = token;
    }

    /** Requests in flight at once: the server and the client share two cores, and most time is spent waiting. */
    private static final int PARALLEL = 4;

    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger requests = new AtomicInteger();
    private final List<Runnable> batch = new ArrayList<>();

    /** Queues a request; {@link #runBatch} sends them all. */
    public void later(Runnable request) {
        batch.add(request);
    }

    public void runBatch() {
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Runnable request : batch) {
                futures.add(pool.submit(request));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } catch (InterruptedException | ExecutionException failure) {
            throw new IllegalStateException(failure);
        } finally {
            pool.shutdownNow();
            batch.clear();
        }
    }

    /** Queues a request; the path is resolved when it is sent (a fresh target for DELETE, upload). */
    public void send(String method, Supplier<String> path, String contentType, String body) {
        later(() -> sendNow(method, path.get(), contentType, body));
    }

    private void sendNow(String method, String path, String contentType, String body) {
        RequestSpecification request = Api.as(token);
        if (contentType == null) {
            request.noContentType();
        } else {
            request.contentType(contentType);
        }
        if (contentType != null && contentType.startsWith("application/x-www-form-urlencoded")) {
            request.body(body); // RestAssured encodes a form only from text
        } else {
            request.body(body.getBytes(StandardCharsets.UTF_8));
        }
        judge(method, path, body, request);
    }

    public void sendGet(String pathAndQuery) {
        later(() -> judge("get", pathAndQuery, null, Api.as(token).urlEncodingEnabled(false)));
    }

    /**
     * Over a plain socket, outside the contract validator: RestAssured (and the validator) cannot even parse a
     * URL with a malformed escape, so the contract cannot describe the request; the answer is still judged.
     */
    public void sendRawGet(String pathAndQuery, boolean edgeRefused) {
        later(() -> sendRawGetNow(pathAndQuery, edgeRefused));
    }

    private void sendRawGetNow(String pathAndQuery, boolean edgeRefused) {
        requests.incrementAndGet();
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
                    + Tokens.bearer(token) + "\r\nAccept: application/json\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int headEnd = answer.indexOf("\r\n\r\n");
            String head = headEnd < 0 ? answer : answer.substring(0, headEnd);
            String body = headEnd < 0 ? "" : answer.substring(headEnd + 4);
            String[] lines = head.split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            String contentType = null;
            boolean chunked = false;
            for (String line : lines) {
                String lower = line.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-type:")) {
                    contentType = line.substring(13).trim();
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            if (chunked) {
                body = dechunk(body);
            }
            String problem = edgeRefused ? (status == 400 ? null : "not the edge's 400")
                    : problem(status, contentType, body);
            if (problem != null) {
                violation("get", pathAndQuery, null, status, problem + " | " + body);
            }
        } catch (IOException | RuntimeException failure) {
            violation("get", pathAndQuery, null, -1, "no answer: " + failure);
        }
    }

    private static String dechunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (at < chunked.length()) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, lineEnd).split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            // sizes count bytes; the error bodies are ASCII
            body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
        return body.toString();
    }

    private void judge(String method, String path, String body, RequestSpecification request) {
        requests.incrementAndGet();
        Response[] seen = new Response[1];
        // inside the contract filter: keeps the answer even when the contract check then throws
        Filter keep = (req, res, ctx) -> {
            seen[0] = ctx.next(req, res);
            return seen[0];
        };
        Throwable contract = null;
        try {
            request.filter(keep).request(method.toUpperCase(Locale.ROOT), path);
        } catch (Throwable failure) {
            contract = failure;
        }
        if (seen[0] == null) {
            violation(method, path, body, -1, "no answer: " + contract);
            return;
        }
        Response response = seen[0];
        String problem = problem(response.statusCode(), response.contentType(), response.asString());
        if (problem == null && contract != null) {
            problem = "contract: " + contractErrors(contract);
        }
        if (problem != null) {
            violation(method, path, body, response.statusCode(), problem + " | " + response.asString());
        }
    }

    /** The ERROR-level messages of the validator's report (its IGNOREd request checks left out). */
    private static String contractErrors(Throwable failure) {
        String message = String.valueOf(failure.getMessage());
        try {
            List<String> errors = new ArrayList<>();
            for (JsonNode entry : JSON.readTree(message).path("messages")) {
                if (!"IGNORE".equals(entry.path("level").asText())) {
                    errors.add(entry.path("key").asText() + ": " + entry.path("message").asText());
                }
            }
            return errors.isEmpty() ? message : String.join("; ", errors);
        } catch (IOException notAReport) {
            return failure.toString();
        }
    }

    /** Null when the answer is fine: below 500, and an error is exactly the CF envelope as JSON. */
    static String problem(int status, String contentType, String body) {
        if (status >= 500) {
            return "status " + status;
        }
        if (status < 400) {
            return null;
        }
        if (contentType == null || !contentType.startsWith("application/json")) {
            return "error content type " + contentType;
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException notJson) {
            return "error body is not JSON";
        }
        JsonNode errors = json == null ? null : json.get("errors");
        if (json == null || !json.isObject() || json.size() != 1 || errors == null || !errors.isArray()
                || errors.size() != 1) {
            return "not the CF envelope";
        }
        JsonNode error = errors.get(0);
        if (!error.isObject() || error.size() != 3 || !error.path("code").isInt() || !error.path("title").isTextual()
                || !error.path("detail").isTextual()) {
            return "not the CF envelope";
        }
        return null;
    }

    private void violation(String method, String path, String body, int status, String answer) {
        violations.add(method.toUpperCase(Locale.ROOT) + " " + snippet(path, 160) + " body=" + snippet(body, 120)
                + " -> " + status + " " + snippet(answer, 400));
    }

    private static String snippet(String text, int max) {
        if (text == null) {
            return "(none)";
        }
        String escaped = text.replace("\u0000", "\\u0000").replace("\r", "\\r").replace("\n", "\\n");
        return escaped.length() <= max ? escaped : escaped.substring(0, max) + "…(" + text.length() + ")";
    }

    public void report(String what, int operations) {
        System.out.printf("%s: %d requests to %d %s, %d violations%n", suite, requests.get(), operations,
                what, violations.size());
        assertTrue(violations.isEmpty(), violations.size() + " of " + requests + " requests to " + operations + " "
                + what + " misbehaved:\n" + String.join("\n", violations));
    }

    /** Whole bodies that are not a JSON object, or not JSON at all. */
    public static List<String> rawBodies() {
        List<String> raws = new ArrayList<>(List.of("not json", "{", "{\"a\":", "{\"a\":1,}", "{'a':1}", "[]",
                "[{}]", "\"s\"", "1", "-1", "1.5", "1e999999", "99999999999999999999999", "true", "null", "",
                " ", "{} {}", "{}x", "{\"a\":1,\"a\":2}", "{\"a\":NaN}", "{\"a\":Infinity}", "/* c */ {}",
                "{\"a\":\"\\ud800\"}", "{\"a\":\"\\u00\"}", "\ufeff{}", "{\"a\":\"\u0000\"}",
                "{\"\u0000\":1}", "{\"a\":{\"b\":[1,{\"c\":\"\\u0000\"}]}}", "\u00ff\u00fe"));
        raws.add("{\"a\":".repeat(3000) + "1" + "}".repeat(3000));
        raws.add("[".repeat(3000) + "]".repeat(3000));
        raws.add("{\"a\":" + "[".repeat(3000) + "]".repeat(3000) + "}");
        raws.add("{\"a\":" + "9".repeat(5000) + "}");
        return raws;
    }

    public static List<String> badQueries() {
        return List.of("page=0", "page=-1", "page=99999999999999999999", "page=1.5", "page=", "per_page=0",
                "per_page=5001", "per_page=abc", "order_by=foo", "order_by=-", "order_by=", "order_by=-name,created_at",
                "label_selector=", "label_selector=!", "label_selector=a%20in%20(", "label_selector=a%20notin%20()",
                "label_selector=%3D%3D%3D", "label_selector=a!%3Db!%3Dc", "label_selector=a,,b",
                "label_selector=" + "a".repeat(3000), "label_selector=" + "a.".repeat(1500) + "a/b",
                "label_selector=(" + "a,".repeat(1000) + ")", "label_selector=x/y/z%3Dv",
                "label_selector=a%3Db,c!%3Dd,e,!f,g%20in%20(h,i),j%20notin%20(k)",
                "created_ats[gt]=x", "created_ats[lt]=2020-01-01T00:00:00Z,x", "created_ats[zz]=2020-01-01T00:00:00Z",
                "created_ats=", "updated_ats[gte]=9999999-01-01T00:00:00Z", "updated_ats[lte]=2020-13-45T99:99:99Z",
                "created_ats[gt][x]=1", "guids=,,,", "app_guids=" + "a,".repeat(1000), "states=FOO", "versions=abc",
                "versions=99999999999999999999", "space_guids[x]=1", "include=foo", "include=space,organization,app",
                "fields[space]=x", "fields[space.organization]=name,guid", "fields=x", "unknown=1", "a[b][c]=1",
                "page=1&page=2", "order_by=name&order_by=-name", "%00=1", "names=a%00b", "label_selector=a%00",
                "guids=%2500", "%2500=1", "%ff=1", "order_by=%ff", "names=%C3%28", "=1", "&&&", "page",
                // log-cache's read parameters
                "start_time=x", "end_time=99999999999999999999", "start_time=5&end_time=1", "limit=1001",
                "limit=-1", "descending=maybe", "envelope_types=FOO", "envelope_types=", "name_filter=(");
    }

    /** Malformed % escapes, which no HTTP client library will send: they go over a plain socket. */
    public static final List<String> RAW_QUERIES = List.of("?", "page=1?", "??=?");

    /**
     * Query strings that are no valid URI (malformed % escapes, characters that must be escaped). Quarkus' root
     * handler refuses such a request line with a bare 400 before any route or filter of ours runs (java.net.URI
     * validation in VertxHttpRecorder; only the JVM flag -Dvertx.disableURIValidation=true turns it off), so the
     * envelope cannot be given: a known limitation, like Vert.x's bare 414 for a request line over 4 KB. What is
     * checked is that it stays exactly that 400: never a 5xx, never served.
     */
    public static final List<String> EDGE_REFUSED_QUERIES = List.of("page=%zz", "order_by=%", "%=1", "names=%g0",
            "label_selector=a%2", "%%%=1", "include=%zzspace", "page=1%", "names=a%20b%", "label_selector=a b",
            "names=a|b", "names=\"x\"", "names={x}", "names=a^b", "names=<x>", "names=a\\b");

    private static JsonNode readContract() {
        try {
            return new YAMLMapper().readTree(Path.of("openapi/openapi.yaml").toFile());
        } catch (IOException exception) {
            throw new UncheckedIOException(exception);
        }
    }

    /**
     * {method, path template} of every CF operation (/, /v3 and log-cache's /api/v1; not the UAA endpoints, whose
     * errors are OAuth's, nor /q) with one of these methods, in the contract's order.
     */
    public static List<String[]> operations(List<String> methods) {
        List<String[]> operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = OPENAPI.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            if (!path.getKey().startsWith("/v3") && !path.getKey().equals("/")
                    && !path.getKey().startsWith("/api/v1/")) {
                continue;
            }
            for (String method : methods) {
                if (path.getValue().has(method)) {
                    operations.add(new String[] {method, path.getKey()});
                }
            }
        }
        return operations;
    }

    public static JsonNode requestSchema(String method, String template) {
        JsonNode schema = OPENAPI.at("/paths/" + template.replace("~", "~0").replace("/", "~1") + "/" + method
                + "/requestBody/content/application~1json/schema");
        return schema.isMissingNode() ? null : resolve(schema);
    }

    private static JsonNode resolve(JsonNode schema) {
        while (schema.has("$ref")) {
            schema = OPENAPI.at(schema.get("$ref").asText().substring(1));
        }
        return schema;
    }

    /** A field of a request body: its path ("*" a map key, "[]" an array element) and its JSON type. */
    public record Field(List<String> path, String type) {
    }

    public static List<Field> fields(JsonNode schema, List<String> path) {
        List<Field> fields = new ArrayList<>();
        schema = resolve(schema);
        String type = schema.path("type").asText(schema.has("properties") ? "object" : "any");
        if (!path.isEmpty()) {
            fields.add(new Field(List.copyOf(path), type));
        }
        if (path.size() > 8) {
            return fields;
        }
        for (Iterator<Map.Entry<String, JsonNode>> properties = schema.path("properties").fields();
                properties.hasNext(); ) {
            Map.Entry<String, JsonNode> property = properties.next();
            List<String> inner = new ArrayList<>(path);
            inner.add(property.getKey());
            fields.addAll(fields(property.getValue(), inner));
        }
        if (schema.path("additionalProperties").isObject()) {
            List<String> inner = new ArrayList<>(path);
            inner.add("*");
            fields.addAll(fields(schema.get("additionalProperties"), inner));
        }
        if (schema.has("items")) {
            List<String> inner = new ArrayList<>(path);
            inner.add("[]");
            fields.addAll(fields(schema.get("items"), inner));
        }
        return fields;
    }

    /** JSON texts that are not a valid value of the type (a few of them valid JSON but absurd). */
    public static List<String> wrongValues(String type) {
        List<String> values = new ArrayList<>(List.of("null", "[]", "{}"));
        switch (type) {
            case "string" -> values.addAll(List.of("1", "1e999999", "true", "\"a\\u0000b\"", "\"\""));
            case "integer", "number" -> values.addAll(List.of("\"3\"", "-1", "3.7", "-0.0", "2147483648",
                    "99999999999999999999999", "-99999999999999999999999", "1e999999", "true"));
            case "boolean" -> values.addAll(List.of("\"true\"", "1"));
            case "object" -> values.addAll(List.of("\"x\"", "1", "[{}]", "{\"\\u0000\":\"v\"}",
                    "{\"" + "k".repeat(5000) + "\":\"v\"}", "{\"" + "a.".repeat(20_000) + "a/b\":\"v\"}", sixtyEntries(),
                    "{\"a\":" + "[".repeat(3000) + "]".repeat(3000) + "}"));
            case "array" -> values.addAll(List.of("\"x\"", "1", "[null]", "[1]", "[[]]", "[{\"\\u0000\":1}]"));
            default -> values.addAll(List.of("\"x\"", "1", "true", "[1]"));
        }
        return values;
    }

    private static String sixtyEntries() {
        StringBuilder entries = new StringBuilder("{");
        for (int index = 0; index < 60; index++) {
            entries.append(index == 0 ? "" : ",").append("\"k").append(index).append("\":\"v\"");
        }
        return entries.append('}').toString();
    }

    /** Puts the raw JSON value at the field's path, making the objects and arrays on the way. */
    public static void put(ObjectNode body, List<String> path, String value) {
        JsonNode container = body;
        for (int index = 0; index < path.size(); index++) {
            String step = path.get(index);
            String key = step.equals("*") ? "k" : step;
            boolean last = index == path.size() - 1;
            if (container instanceof ArrayNode array) {
                if (last) {
                    array.removeAll();
                    array.addRawValue(new RawValue(value));
                    return;
                }
                array.removeAll();
                container = path.get(index + 1).equals("[]") ? array.addArray() : array.addObject();
                continue;
            }
            ObjectNode object = (ObjectNode) container;
            if (last) {
                object.putRawValue(key, new RawValue(value));
                return;
            }
            boolean nextIsArray = path.get(index + 1).equals("[]");
            JsonNode next = object.get(key);
            if (next == null || (nextIsArray ? !next.isArray() : !next.isObject())) {
                next = nextIsArray ? object.putArray(key) : object.putObject(key);
            }
            container = next;
        }
    }
}

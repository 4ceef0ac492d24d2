package io.cfdeploy.web;

import static io.cfdeploy.web.LogCacheTest.GO_ZERO_TIME;
import static io.cfdeploy.web.LogCacheTest.app;
import static io.cfdeploy.web.LogCacheTest.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cfdeploy.model.ProcessEntity;
import io.cfdeploy.runtime.InstanceRuntime;
import io.cfdeploy.runtime.InstanceStatus;
import io.cfdeploy.runtime.InstanceUsage;
import io.cfdeploy.runtime.LogLine;
import io.cfdeploy.runtime.SimulatedRuntime;
import io.cfdeploy.runtime.local.InstanceLogReader;
import io.cfdeploy.support.Json;
import io.cfdeploy.support.Keys;
import io.cfdeploy.support.Tokens;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * log-cache's read API with lines: a runtime whose {@code logs} answers from a list or from instance log files (as
 * the local runtime does) stands in for the simulated runtime, which keeps none. In-process only (no IT twin).
 */
@QuarkusTest
class LogCacheLinesTest {
    private static final long T = 1_764_961_234_123_456_000L;

    @Inject
    SimulatedRuntime simulated;

    @TempDir
    Path dir;

    /** The port with {@code logs} answered by {@code answer}; the rest is the simulated runtime's. */
    static final class LogsRuntime implements InstanceRuntime {
        record Call(String appGuid, long startNanos, long endNanos, int limit, boolean descending) {
        }

        final List<Call> calls = new CopyOnWriteArrayList<>();
        private final InstanceRuntime real;
        private final Function<Call, List<LogLine>> answer;

        LogsRuntime(InstanceRuntime real, Function<Call, List<LogLine>> answer) {
            this.real = real;
            this.answer = answer;
        }

        @Override
        public List<LogLine> logs(String appGuid, long startNanos, long endNanos, int limit, boolean descending) {
            Call call = new Call(appGuid, startNanos, endNanos, limit, descending);
            calls.add(call);
            return answer.apply(call);
        }

        @Override
        public void scale(ProcessEntity process, String dropletGuid) {
            real.scale(process, dropletGuid);
        }

        @Override
        public void restart(ProcessEntity process, String dropletGuid) {
            real.restart(process, dropletGuid);
        }

        @Override
        public void stop(ProcessEntity process) {
            real.stop(process);
        }

        @Override
        public List<InstanceStatus> instances(ProcessEntity process) {
            return real.instances(process);
        }

        @Override
        public Map<Long, List<InstanceStatus>> instances(Collection<ProcessEntity> processes) {
            return real.instances(processes);
        }

        @Override
        public Map<Integer, InstanceUsage> usage(ProcessEntity process) {
            return real.usage(process);
        }
    }

    /** Puts the runtime in place for this test (QuarkusMock undoes it after the test). */
    private LogsRuntime answering(Function<LogsRuntime.Call, List<LogLine>> answer) {
        LogsRuntime runtime = new LogsRuntime(simulated, answer);
        QuarkusMock.installMockForType(runtime, InstanceRuntime.class);
        return runtime;
    }

    private static JsonNode batch(Response response) {
        return Json.parse(response.then().statusCode(200).extract().asString()).get("envelopes").get("batch");
    }

    private static String decoded(JsonNode envelope) {
        return new String(Base64.getDecoder().decode(envelope.get("log").get("payload").asText()),
                StandardCharsets.UTF_8);
    }

    @Test
    void linesAreLogEnvelopesAsLogCacheWritesThem() {
        String app = app();
        answering(call -> List.of(
                new LogLine(T + 2_000, "APP/PROC/WEB", 1, true, "Exception in thread \"main\" ☕"),
                new LogLine(T, "APP/PROC/WORKER", 0, false, "")));

        String body = read(Tokens.admin(), app, "descending", "true").then().statusCode(200).extract().asString();

        assertEquals(Json.parse("{\"envelopes\":{\"batch\":["
                + "{\"timestamp\":\"" + (T + 2_000) + "\",\"source_id\":\"" + app + "\",\"instance_id\":\"1\","
                + "\"tags\":{\"source_type\":\"APP/PROC/WEB\"},\"log\":{\"payload\":\""
                + Base64.getEncoder().encodeToString("Exception in thread \"main\" ☕".getBytes(StandardCharsets.UTF_8))
                + "\",\"type\":\"ERR\"}},"
                + "{\"timestamp\":\"" + T + "\",\"source_id\":\"" + app + "\",\"instance_id\":\"0\","
                + "\"tags\":{\"source_type\":\"APP/PROC/WORKER\"},\"log\":{\"payload\":\"\",\"type\":\"OUT\"}}]}}"),
                Json.parse(body));
        assertEquals(List.of("timestamp", "source_id", "instance_id", "tags", "log"),
                Keys.of(body, "/envelopes/batch/0"));
    }

    @Test
    void theQueryReachesTheRuntimeWithAnInclusiveEnd() {
        String app = app();
        LogsRuntime runtime = answering(call -> List.of());
        String admin = Tokens.admin();

        long before = nanos(Instant.now());
        read(admin, app, "envelope_types", "LOG", "limit", "1000", "descending", "true", "start_time", GO_ZERO_TIME)
                .then().statusCode(200);
        long after = nanos(Instant.now());
        read(admin, app, "start_time", "100", "end_time", "200", "limit", "0").then().statusCode(200);

        assertEquals(2, runtime.calls.size());
        LogsRuntime.Call recent = runtime.calls.get(0);
        assertEquals(app, recent.appGuid());
        assertEquals(Long.parseLong(GO_ZERO_TIME), recent.startNanos());
        assertTrue(recent.endNanos() >= before - 1 && recent.endNanos() < after, "end is now (exclusive)");
        assertEquals(1000, recent.limit());
        assertTrue(recent.descending());
        assertEquals(new LogsRuntime.Call(app, 100, 199, 100, false), runtime.calls.get(1));
    }

    @Test
    void aRequestForOtherEnvelopeTypesOrNamedMetricsGetsNoLogs() {
        String app = app();
        LogsRuntime runtime = answering(call -> List.of(new LogLine(T, "APP/PROC/WEB", 0, false, "hello")));
        String admin = Tokens.admin();

        assertEquals(0, batch(read(admin, app, "envelope_types", "GAUGE")).size());
        assertEquals(0, batch(read(admin, app, "envelope_types", "COUNTER", "envelope_types", "ANY")).size());
        assertEquals(0, batch(read(admin, app, "name_filter", "cpu")).size());
        assertEquals(0, batch(read(admin, app, "start_time", "5", "end_time", "5")).size());
        assertEquals(List.of(), runtime.calls);

        assertEquals(1, batch(read(admin, app, "envelope_types", "GAUGE", "envelope_types", "LOG")).size());
        assertEquals(1, batch(read(admin, app, "envelope_types", "ANY")).size());
        assertEquals(1, batch(read(admin, app)).size());
    }

    @Test
    void recentLogsFromInstanceLogFiles() throws IOException {
        String app = app();
        List<InstanceLogReader.Source> sources = List.of(
                new InstanceLogReader.Source(dir.resolve("web-0"), "APP/PROC/WEB", 0),
                new InstanceLogReader.Source(dir.resolve("web-1"), "APP/PROC/WEB", 1));
        write(sources.get(0), "stdout.log", "1764961234.000001 starting\n1764961234.000004 Grüße from 0\n");
        write(sources.get(0), "stderr.log", "1764961234.000003 warning: 日本\n1764961234.000005 still wri");
        write(sources.get(1), "stdout.log", "1764961234.000002 starting\n");
        answering(call -> call.appGuid().equals(app) ? InstanceLogReader.read(sources, call.startNanos(),
                call.endNanos(), call.limit(), call.descending()) : List.of());
        String admin = Tokens.admin();

        // cf logs --recent: the newest 1000, newest first (the CLI prints them reversed)
        JsonNode recent = batch(read(admin, app, "envelope_types", "LOG", "limit", "1000", "descending", "true",
                "start_time", GO_ZERO_TIME));
        List<String> lines = new ArrayList<>();
        recent.forEach(envelope -> lines.add(envelope.get("instance_id").asText() + " "
                + envelope.get("log").get("type").asText() + " " + decoded(envelope)));
        assertEquals(List.of("0 OUT Grüße from 0", "0 ERR warning: 日本", "1 OUT starting", "0 OUT starting"),
                lines);
        assertEquals("1764961234000004000", recent.get(0).get("timestamp").asText());

        // cf logs: the walk goes on from one past the last timestamp it saw, oldest first
        JsonNode next = batch(read(admin, app, "envelope_types", "LOG", "start_time", "1764961234000002001"));
        assertEquals(2, next.size());
        assertEquals("warning: 日本", decoded(next.get(0)));
        assertEquals("Grüße from 0", decoded(next.get(1)));
    }

    private static void write(InstanceLogReader.Source source, String file, String content) throws IOException {
        Files.createDirectories(source.instanceDir().resolve("logs"));
        Files.writeString(source.instanceDir().resolve("logs").resolve(file), content, StandardCharsets.UTF_8);
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}

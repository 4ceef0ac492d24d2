package io.cfdeploy.runtime.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cfdeploy.support.Api;
import io.cfdeploy.support.Db;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** What the local runtime's tests look at: stats through the API, rows, the process table, the instances' ports. */
final class LocalInstances {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private LocalInstances() {
    }

    /** {@code GET /v3/processes/:guid/stats}'s resources. */
    static List<Map<String, Object>> stats(String processGuid) {
        return Api.asAdmin().get("/v3/processes/" + processGuid + "/stats").then().statusCode(200).extract()
                .path("resources");
    }

    static List<String> states(String processGuid) {
        return stats(processGuid).stream().map(entry -> (String) entry.get("state")).toList();
    }

    static boolean allRunning(String processGuid, int instances) {
        List<String> states = states(processGuid);
        return states.size() == instances && states.stream().allMatch("RUNNING"::equals);
    }

    /** The process's observed instance rows, by index. */
    static List<Map<String, Object>> rows(String processGuid) {
        return Db.rows(Db.database(LocalRuntimeProfile.DATABASE), """
                SELECT i.index, i.instance_guid, i.state, i.routable, i.details, i.crash_count, i.port, i.pid
                  FROM process_instances i JOIN processes p ON p.id = i.process_id
                 WHERE p.guid = ? ORDER BY i.index
                """, processGuid);
    }

    static Map<String, Object> row(String processGuid, int index) {
        return rows(processGuid).stream().filter(row -> ((Number) row.get("index")).intValue() == index).findFirst()
                .orElseThrow(() -> new AssertionError("no instance " + index + " of " + processGuid));
    }

    /** GET on an instance's own port; the body, or null when the connection fails. */
    static HttpResponse<String> get(int port, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException refused) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The pids of every process in the group (the process table's view, read from /proc). */
    static List<Long> group(long pgid) {
        List<Long> members = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : (Iterable<Path>) procs::iterator) {
                String name = proc.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String stat = Files.readString(proc.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    // fields[0] is the state: a zombie is no process any more
                    if (Long.parseLong(fields[2]) == pgid && !fields[0].equals("Z")) {
                        members.add(Long.parseLong(name));
                    }
                } catch (IOException | RuntimeException gone) {
                    // ended while we looked
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return members;
    }

    /** The uid a process runs as (the real uid of /proc/<pid>/status). */
    static int uid(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("Uid:")) {
                return Integer.parseInt(line.substring(4).trim().split("\\s+")[0]);
            }
        }
        throw new AssertionError("no Uid line");
    }

    /** Stops every started app of the local runtime's database, so the next test has the machine to itself. */
    static void stopEveryApp() {
        for (Map<String, Object> app : Db.rows(Db.database(LocalRuntimeProfile.DATABASE),
                "SELECT guid FROM apps WHERE desired_state = 'STARTED'")) {
            Api.asAdmin().post("/v3/apps/" + app.get("guid") + "/actions/stop").then().statusCode(200);
        }
        io.cfdeploy.support.SampleApps.await("every instance stopped", Duration.ofSeconds(20), () -> Db.count(
                Db.database(LocalRuntimeProfile.DATABASE), "SELECT count(*) FROM process_instances") == 0);
    }

    static void assertState(String expected, Map<String, Object> entry) {
        assertEquals(expected, entry.get("state"), () -> "instance " + entry);
    }
}

package io.cfdeploy.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cfdeploy.support.Api;
import io.cfdeploy.support.Db;
import io.cfdeploy.support.Fixtures;
import io.cfdeploy.support.RolloutFixtures;
import io.cfdeploy.support.RolloutFixtures.StartedApp;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The rollout engine's numbers (issue #5), run on demand, never in CI's pass/fail:
 * <pre>./mvnw test -Dtest=RolloutBenchmark -Dbench=true [-Dbench.deployments=1000]
 *     [-Dbench.idle-seconds=60]</pre>
 * On a database of its own it reports (1) statements while idle, per minute, from PostgreSQL's own transaction
 * counters and the pool's acquire counter; (2) the time to finish N concurrent rolling deployments of 3 instances
 * (max_in_flight 1) with a 1 s simulated start-up; (3) the step latency: from the moment an instance turned
 * healthy (start + start-up time) to the next step (the next instance started, or the deployment finalized),
 * median and p99, read from the rows the rollouts left.
 */
@QuarkusTest
@TestProfile(RolloutBenchmark.OwnDatabase.class)
@EnabledIfSystemProperty(named = "bench", matches = "true")
class RolloutBenchmark {
    private static final int DEPLOYMENTS = Integer.getInteger("bench.deployments", 1000);
    private static final int IDLE_SECONDS = Integer.getInteger("bench.idle-seconds", 60);

    public static class OwnDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.jdbc.url", "jdbc:postgresql://" + env("DB_HOST", "127.0.0.1") + ":"
                    + env("DB_PORT", "5432") + "/" + database() + "?connectTimeout=3&socketTimeout=30",
                    "quarkus.log.category.\"io.cfdeploy\".level", "WARN");
        }
    }

    @Inject
    DataSource db;

    @ConfigProperty(name = "cfdeploy.runtime.startup-time")
    Duration startupTime;

    static String env(String name, String fallback) {
        return Optional.ofNullable(System.getenv(name)).orElse(fallback);
    }

    static String database() {
        return env("DB_NAME", "cfdeploy_test") + "_bench";
    }

    /** Transactions PostgreSQL counted for the database, read from another database so as not to count itself. */
    static long transactions() throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://" + env("DB_HOST", "127.0.0.1")
                + ":" + env("DB_PORT", "5432") + "/postgres", env("DB_USER", "postgres"), env("DB_PASSWORD", ""));
                Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_stat_clear_snapshot()");
            try (ResultSet row = statement.executeQuery("SELECT xact_commit + xact_rollback FROM pg_stat_database "
                    + "WHERE datname = '" + database() + "'")) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    @Test
    void benchmark() throws Exception {
        // PostgreSQL publishes a backend's counters when it goes idle, at most every second, at the latest
        // after 10 s: wait that out, measure, wait it out again.
        Thread.sleep(11_000);
        long xactsBefore = transactions();
        long acquiredBefore = RolloutIdleTest.connectionsTaken();
        Thread.sleep(IDLE_SECONDS * 1000L);
        long acquiredAfter = RolloutIdleTest.connectionsTaken();
        Thread.sleep(11_000);
        long xactsAfter = transactions();
        double perMinute = 60.0 / IDLE_SECONDS;
        System.out.printf("idle %ds: %.1f transactions/min (PostgreSQL), %.1f connections taken/min (pool)%n",
                IDLE_SECONDS, (xactsAfter - xactsBefore) * perMinute, (acquiredAfter - acquiredBefore) * perMinute);

        String space = Fixtures.space(Fixtures.org());
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Future<StartedApp>> setups = new ArrayList<>();
        for (int i = 0; i < DEPLOYMENTS; i++) {
            setups.add(clients.submit(() -> RolloutFixtures.startedApp(space, 3, null)));
        }
        List<StartedApp> apps = new ArrayList<>();
        for (Future<StartedApp> setup : setups) {
            apps.add(setup.get());
        }
        System.out.printf("set up %d started apps of 3 instances%n", apps.size());

        Instant start = Instant.now();
        List<Future<String>> creates = new ArrayList<>();
        for (StartedApp app : apps) {
            creates.add(clients.submit(() -> Api.asAdmin().body(RolloutFixtures.rollingBody(app, 1))
                    .post("/v3/deployments").then().statusCode(201).extract().<String>path("guid")));
        }
        for (Future<String> create : creates) {
            create.get();
        }
        Instant created = Instant.now();
        int active;
        do {
            Thread.sleep(200);
            active = Api.asAdmin().queryParam("status_values", "ACTIVE").queryParam("per_page", 1)
                    .get("/v3/deployments").then().statusCode(200).extract().path("pagination.total_results");
        } while (active > 0 && Duration.between(start, Instant.now()).toMinutes() < 30);
        Instant finished = Instant.now();
        clients.shutdown();
        assertEquals(0, active, "deployments still active after 30 minutes");
        System.out.printf("%d concurrent rolling deployments (3 instances, max_in_flight 1, start-up %s): created in "
                + "%d ms, all DEPLOYED %d ms after the first create%n", DEPLOYMENTS, startupTime,
                Duration.between(start, created).toMillis(), Duration.between(start, finished).toMillis());

        List<Long> latencies = stepLatencies(start);
        Collections.sort(latencies);
        System.out.printf("step latency after health over %d steps: median %d ms, p99 %d ms, max %d ms%n",
                latencies.size(), percentile(latencies, 50), percentile(latencies, 99),
                latencies.get(latencies.size() - 1));
    }

    /** For each new process: instance k healthy → instance k+1 started; last instance healthy → finalized. */
    private List<Long> stepLatencies(Instant since) {
        List<Map<String, Object>> rows = Db.rows(db, "SELECT d.id AS deployment, d.status_updated_at AS finalized, "
                + "i.index, i.started_at FROM deployments d "
                + "JOIN processes p ON p.guid = d.deploying_web_process_guid JOIN process_instances i ON i.process_id = p.id "
                + "WHERE d.created_at >= ? AND d.status_reason = 'DEPLOYED' ORDER BY d.id, i.index",
                OffsetDateTime.ofInstant(since.minusSeconds(1), java.time.ZoneOffset.UTC));
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> row = rows.get(i);
            Instant healthy = instant(row.get("started_at")).plus(startupTime);
            boolean last = i + 1 == rows.size() || !rows.get(i + 1).get("deployment").equals(row.get("deployment"));
            Instant next = last ? instant(row.get("finalized")) : instant(rows.get(i + 1).get("started_at"));
            latencies.add(Duration.between(healthy, next).toMillis());
        }
        return latencies;
    }

    private static Instant instant(Object value) {
        return value instanceof java.sql.Timestamp timestamp ? timestamp.toInstant()
                : ((OffsetDateTime) value).toInstant();
    }

    private static long percentile(List<Long> sorted, int percent) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percent / 100.0 * sorted.size()) - 1));
    }
}

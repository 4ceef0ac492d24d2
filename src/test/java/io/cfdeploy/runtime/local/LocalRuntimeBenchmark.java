package io.cfdeploy.runtime.local;

import static io.cfdeploy.support.SampleApps.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cfdeploy.router.AppRouter;
import io.cfdeploy.support.Fixtures;
import io.cfdeploy.support.SampleApps;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.util.EntityUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The local runtime's benchmark, on demand (README "How a rollout looks from the app's clients"):
 * <pre>./mvnw test -Dtest=LocalRuntimeBenchmark -Dbench=true [-Dbench.rollouts=5] [-Dbench.seconds=10]
 *     [-Dbench.connections=16]</pre>
 * <ul>
 * <li>create → FINALIZED of a rolling deployment (4 instances of the sample app, max_in_flight 1), median and
 * range over several rollouts, each alternating between two droplets;
 * <li>requests per second through the router (to the 4 instances) against straight to one instance, with the same
 * client (keep-alive connections, one request after the other on each), in the same run.
 * </ul>
 */
@QuarkusTest
@TestProfile(LocalRuntimeProfile.class)
@EnabledIfSystemProperty(named = "bench", matches = "true")
class LocalRuntimeBenchmark {
    private static final int ROLLOUTS = Integer.getInteger("bench.rollouts", 5);
    private static final int SECONDS = Integer.getInteger("bench.seconds", 10);
    private static final int CONNECTIONS = Integer.getInteger("bench.connections", 16);

    @Inject
    AppRouter router;

    @Test
    void benchmark() throws Exception {
        String space = Fixtures.space(Fixtures.org());
        String app = SampleApps.start(space, "v1", 4, Map.of());
        String host = LocalRolloutTest.routeTo(space, app);
        await("4 instances RUNNING", Duration.ofSeconds(120), () -> LocalInstances.allRunning(app, 4));
        String[] droplets = {SampleApps.sampleDroplet(app, "v2", SampleApps.JAVA_COMMAND),
                SampleApps.sampleDroplet(app, "v1", SampleApps.JAVA_COMMAND)};

        long[] rollouts = new long[ROLLOUTS];
        String web = app;
        for (int i = 0; i < ROLLOUTS; i++) {
            long start = System.nanoTime();
            String deployment = LocalRolloutTest.deploy(app, droplets[i % 2], 1);
            await("FINALIZED", Duration.ofSeconds(300),
                    () -> "FINALIZED".equals(LocalRolloutTest.deployment(deployment).getString("status.value")));
            rollouts[i] = (System.nanoTime() - start) / 1_000_000;
            web = LocalRolloutTest.deployment(deployment).getString("new_processes[0].guid");
        }
        String current = web;
        await("4 instances RUNNING", Duration.ofSeconds(120), () -> LocalInstances.allRunning(current, 4));
        int onePort = LocalRolloutTest.port(current, 0);

        // warm both paths, then measure each for the same time
        load("http://127.0.0.1:" + router.port() + "/", host, 2);
        load("http://127.0.0.1:" + onePort + "/", null, 2);
        double throughRouter = load("http://127.0.0.1:" + router.port() + "/", host, SECONDS);
        double straight = load("http://127.0.0.1:" + onePort + "/", null, SECONDS);

        // the router's own cost: the same single instance behind it and straight
        io.cfdeploy.support.Api.asAdmin().body("{\"instances\":1}").post("/v3/processes/" + current + "/actions/scale")
                .then().statusCode(202);
        await("1 instance RUNNING", Duration.ofSeconds(60), () -> LocalInstances.rows(current).size() == 1);
        Thread.sleep(2000);
        double routerToOne = load("http://127.0.0.1:" + router.port() + "/", host, SECONDS);
        double straightToOne = load("http://127.0.0.1:" + onePort + "/", null, SECONDS);

        Arrays.sort(rollouts);
        System.out.printf("BENCH rolling deployment of 4 instances (max_in_flight 1), create -> FINALIZED over %d: "
                + "median %d ms, min %d ms, max %d ms%n", ROLLOUTS, rollouts[ROLLOUTS / 2], rollouts[0],
                rollouts[ROLLOUTS - 1]);
        System.out.printf("BENCH %d connections, %d s each: through the router (4 instances) %.0f req/s, straight to "
                + "one instance %.0f req/s, ratio %.2f%n", CONNECTIONS, SECONDS, throughRouter, straight,
                throughRouter / straight);
        System.out.printf("BENCH %d connections, %d s each, one instance: through the router %.0f req/s, straight "
                + "%.0f req/s, ratio %.2f%n", CONNECTIONS, SECONDS, routerToOne, straightToOne,
                routerToOne / straightToOne);
    }

    /** Requests per second of {@link #CONNECTIONS} clients, each one request after the other, for the duration. */
    private static double load(String url, String host, int seconds) throws InterruptedException {
        AtomicLong done = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS; i++) {
            Thread client = new Thread(() -> {
                try (CloseableHttpClient http = HttpClients.createDefault()) {
                    while (System.nanoTime() < end) {
                        HttpGet get = new HttpGet(url);
                        if (host != null) {
                            get.setHeader("Host", host);
                        }
                        try (CloseableHttpResponse response = http.execute(get)) {
                            EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
                            (response.getStatusLine().getStatusCode() == 200 ? done : failed).incrementAndGet();
                        }
                    }
                } catch (Exception e) {
                    failed.incrementAndGet();
                }
            });
            clients.add(client);
            client.start();
        }
        for (Thread client : clients) {
            client.join();
        }
        assertEquals(0, failed.get(), "failed requests against " + url);
        return done.get() / (double) seconds;
    }
}

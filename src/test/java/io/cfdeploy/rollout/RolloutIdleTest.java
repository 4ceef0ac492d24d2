package io.cfdeploy.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cfdeploy.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Silent when idle (product.md §5): with no deployment to move, the server takes no connection from its pool —
 * so sends no statement — however long it waits. Counted with the pool's own metric on {@code /q/metrics}, on a
 * database of this test's own so that no other test's deployments are moving.
 */
@QuarkusTest
@TestProfile(RolloutIdleTest.OwnDatabase.class)
class RolloutIdleTest {
    private static final Pattern ACQUIRED =
            Pattern.compile("(?m)^agroal_acquire_count_total\\{datasource=\"default\"[^}]*\\} ([0-9.eE+]+)$");

    public static class OwnDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            String database = Optional.ofNullable(System.getenv("DB_NAME")).orElse("cfdeploy_test") + "_idle";
            String host = Optional.ofNullable(System.getenv("DB_HOST")).orElse("127.0.0.1");
            String port = Optional.ofNullable(System.getenv("DB_PORT")).orElse("5432");
            return Map.of("quarkus.datasource.jdbc.url", "jdbc:postgresql://" + host + ":" + port + "/" + database
                    + "?connectTimeout=3&socketTimeout=30");
        }
    }

    static long connectionsTaken() {
        String metrics = Api.anonymous().accept("text/plain").get("/q/metrics").then().statusCode(200).extract()
                .asString();
        Matcher matcher = ACQUIRED.matcher(metrics);
        assertTrue(matcher.find(), "the pool's acquire counter is on /q/metrics");
        return (long) Double.parseDouble(matcher.group(1));
    }

    @Test
    void anIdleServerTakesNoConnection() throws InterruptedException {
        Thread.sleep(1_000); // let the start-up's resume (one query) finish
        long before = connectionsTaken();
        Thread.sleep(3_000);
        assertEquals(before, connectionsTaken(), "connections taken while nothing happened");

        // the measure is live: one database-backed request takes a connection
        Api.asAdmin().get("/v3/deployments").then().statusCode(200);
        assertTrue(connectionsTaken() > before);
    }
}

package io.cfdeploy.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.cfdeploy.support.Api;
import io.cfdeploy.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The pool checks a connection before handing it out only when it has been idle for over a second (issue #15:
 * checking on every borrow was a second round trip per request). What that check is for: the connections a
 * PostgreSQL restart leaves dead in an idle pool are replaced, and no request fails on one.
 */
@QuarkusTest
class PooledConnectionsTest {
    private static final int PARALLEL = 8;

    @Inject
    AgroalDataSource pool;

    @Test
    void connectionsThatDiedWhileIdleAreReplacedNotFailed() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(PARALLEL);
        try {
            assertAllOk(clients); // the pool now holds several connections
            int killed = terminateIdlePooledConnections();
            assertTrue(killed > 0, "no idle pooled connection to terminate");
            long destroyedBefore = pool.getMetrics().destroyCount();
            Thread.sleep(1_500); // past quarkus.datasource.jdbc.foreground-validation-interval

            for (int round = 0; round < 3; round++) {
                assertAllOk(clients);
            }
            assertTrue(pool.getMetrics().destroyCount() > destroyedBefore,
                    "the dead connections were found and dropped: " + pool.getMetrics());
        } finally {
            clients.shutdownNow();
        }
    }

    /** {@value #PARALLEL} requests at once, each needing a connection of its own: all answer 200. */
    private static void assertAllOk(ExecutorService clients) throws Exception {
        List<Callable<Integer>> requests = IntStream.range(0, PARALLEL).<Callable<Integer>>mapToObj(
                i -> () -> Api.asAdmin().get("/v3/organizations").then().extract().statusCode()).toList();
        for (Future<Integer> status : clients.invokeAll(requests)) {
            assertEquals(200, status.get());
        }
    }

    /**
     * What a PostgreSQL restart does to an idle pool: every idle connection of the server to this database is
     * closed by the server (the replica channel's LISTEN connection is spared: it reconnects on its own).
     */
    private static int terminateIdlePooledConnections() throws Exception {
        try (Connection admin = Db.database().getConnection(); Statement statement = admin.createStatement();
                ResultSet killed = statement.executeQuery("""
                        SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity
                         WHERE datname = current_database() AND pid <> pg_backend_pid()
                           AND backend_type = 'client backend' AND state = 'idle' AND query NOT LIKE 'LISTEN%'
                        """)) {
            killed.next();
            return killed.getInt(1);
        }
    }
}

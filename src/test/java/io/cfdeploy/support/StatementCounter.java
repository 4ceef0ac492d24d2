package io.cfdeploy.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * Counts what the server sends to PostgreSQL over its connection pool, at the JDBC level: every statement
 * (Hibernate's queries and flushes, native queries, plain JDBC through the pool's {@code DataSource} or
 * {@code Session.doWork}), each entry of a batch counted as one statement, plus the pool's connection
 * validations ({@code isValid}, one round trip each), commits and rollbacks. It is the JDBC driver of the
 * {@link Profile} test profile: a {@code @QuarkusTest} annotated {@code @TestProfile(StatementCounter.Profile.class)}
 * gets the server's own pool wrapped, nothing else changes. Connections the server opens outside the pool
 * (DriverManager: LISTEN, the supervisor lock) are not counted.
 *
 * <pre>
 * try (StatementCounter.Recording sql = StatementCounter.record()) {
 *     Api.asAdmin().get("/v3/apps/" + guid).then().statusCode(200);
 *     assertEquals(1, sql.statements(), sql.toString());   // toString lists the SQL sent
 * }
 * </pre>
 *
 * The counters are global (every thread of the server), so a recording sees background work too: record on a
 * quiet server (no moving deployment, no starting instance) or around work whose background part is counted on
 * purpose.
 */
public final class StatementCounter implements Driver {
    private static final AtomicLong STATEMENTS = new AtomicLong();
    private static final AtomicLong VALIDATIONS = new AtomicLong();
    private static final AtomicLong COMMITS = new AtomicLong();
    private static final AtomicLong ROLLBACKS = new AtomicLong();
    /** The SQL of the statements sent while at least one recording is open. */
    private static final List<String> SENT = new ArrayList<>();
    private static int recordings;

    private static final Set<String> EXECUTES = Set.of("execute", "executeQuery", "executeUpdate",
            "executeLargeUpdate");
    private static final Set<String> BATCH_EXECUTES = Set.of("executeBatch", "executeLargeBatch");

    private final Driver postgres = new org.postgresql.Driver();

    /** The test profile whose datasource runs through this driver. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.jdbc.driver", StatementCounter.class.getName());
        }
    }

    /** Counts from now until closed. */
    public static Recording record() {
        synchronized (SENT) {
            if (recordings++ == 0) {
                SENT.clear();
            }
        }
        return new Recording(STATEMENTS.get(), VALIDATIONS.get(), COMMITS.get(), ROLLBACKS.get());
    }

    /** What was sent since {@link #record}. */
    public static final class Recording implements AutoCloseable {
        private final long statements;
        private final long validations;
        private final long commits;
        private final long rollbacks;
        private final int firstSent;

        private Recording(long statements, long validations, long commits, long rollbacks) {
            this.statements = statements;
            this.validations = validations;
            this.commits = commits;
            this.rollbacks = rollbacks;
            synchronized (SENT) {
                this.firstSent = SENT.size();
            }
        }

        /** SQL statements executed (a batch counts its entries). */
        public long statements() {
            return STATEMENTS.get() - statements;
        }

        /** Connection validations by the pool (each one round trip). */
        public long validations() {
            return VALIDATIONS.get() - validations;
        }

        public long commits() {
            return COMMITS.get() - commits;
        }

        public long rollbacks() {
            return ROLLBACKS.get() - rollbacks;
        }

        /** Round trips: statements, validations, commits and rollbacks. */
        public long roundTrips() {
            return statements() + validations() + commits() + rollbacks();
        }

        /** The SQL of the statements executed since the recording started, in order. */
        public List<String> sql() {
            synchronized (SENT) {
                return List.copyOf(SENT.subList(Math.min(firstSent, SENT.size()), SENT.size()));
            }
        }

        @Override
        public String toString() {
            return statements() + " statements, " + validations() + " validations, " + commits() + " commits, "
                    + rollbacks() + " rollbacks: " + String.join("\n  ", sql());
        }

        @Override
        public void close() {
            synchronized (SENT) {
                recordings--;
            }
        }
    }

    private static void sent(String sql, long count) {
        STATEMENTS.addAndGet(count);
        synchronized (SENT) {
            if (recordings > 0) {
                for (long i = 0; i < count; i++) {
                    SENT.add(sql);
                }
            }
        }
    }

    // ---- the driver ----

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        Connection connection = postgres.connect(url, info);
        return connection == null ? null : proxy(Connection.class, new ConnectionHandler(connection));
    }

    @Override
    public boolean acceptsURL(String url) throws SQLException {
        return postgres.acceptsURL(url);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
        return postgres.getPropertyInfo(url, info);
    }

    @Override
    public int getMajorVersion() {
        return postgres.getMajorVersion();
    }

    @Override
    public int getMinorVersion() {
        return postgres.getMinorVersion();
    }

    @Override
    public boolean jdbcCompliant() {
        return postgres.jdbcCompliant();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return postgres.getParentLogger();
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
        return (T) Proxy.newProxyInstance(StatementCounter.class.getClassLoader(), new Class<?>[] { type }, handler);
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException failure) {
            throw failure.getCause();
        }
    }

    private record ConnectionHandler(Connection target) implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "isValid" -> VALIDATIONS.incrementAndGet();
                case "commit" -> COMMITS.incrementAndGet();
                case "rollback" -> ROLLBACKS.incrementAndGet();
                default -> {
                }
            }
            Object result = call(target, method, args);
            return switch (method.getName()) {
                case "createStatement" -> proxy(Statement.class, new StatementHandler((Statement) result, null));
                case "prepareStatement" -> proxy(PreparedStatement.class,
                        new StatementHandler((Statement) result, (String) args[0]));
                case "prepareCall" -> proxy(CallableStatement.class,
                        new StatementHandler((Statement) result, (String) args[0]));
                default -> result;
            };
        }
    }

    private static final class StatementHandler implements InvocationHandler {
        private final Statement target;
        private final String prepared;
        private final List<String> batch = new ArrayList<>();

        StatementHandler(Statement target, String prepared) {
            this.target = target;
            this.prepared = prepared;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            if (EXECUTES.contains(name)) {
                sent(args != null && args.length > 0 && args[0] instanceof String sql ? sql : prepared, 1);
            } else if (BATCH_EXECUTES.contains(name)) {
                batch.forEach(sql -> sent(sql, 1));
                batch.clear();
            } else if (name.equals("addBatch")) {
                batch.add(args != null && args.length > 0 && args[0] instanceof String sql ? sql : prepared);
            } else if (name.equals("clearBatch")) {
                batch.clear();
            }
            return call(target, method, args);
        }
    }
}

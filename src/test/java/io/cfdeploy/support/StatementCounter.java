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
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Counts what the server sends to PostgreSQL through its pool: a JDBC driver around PostgreSQL's that records every
 * statement executed (native ones too: {@code pg_notify}, advisory locks, plain JDBC work), every commit and
 * rollback, and every connection validation (Agroal's validate-on-borrow, an empty query: a round trip but no
 * statement). The server uses it under {@link Profile}, on a database of its own so no other test's leftovers move.
 *
 * <pre>
 * StatementCounter.reset();
 * ... requests, engine passes ...
 * List&lt;StatementCounter.Sent&gt; sent = StatementCounter.sent();   // everything, in order
 * int n = StatementCounter.statements();                        // SQL statements (batched ones each count)
 * String listing = StatementCounter.listing();                  // numbered, for assertion messages
 * </pre>
 *
 * Counted at the JDBC level, so it sees exactly the statements the server issues; BEGIN is not sent by itself
 * (the driver prefixes the first statement of a transaction with it), so transactions are counted by their
 * commits and rollbacks.
 */
public final class StatementCounter implements Driver {
    /** What was sent: a statement (its SQL), a commit, a rollback or a validation, on which thread. */
    public record Sent(Kind kind, String sql, String thread) {
        @Override
        public String toString() {
            return switch (kind) {
                case STATEMENT -> sql;
                case BATCHED -> sql + "   -- batched";
                case COMMIT -> "COMMIT";
                case ROLLBACK -> "ROLLBACK";
                case VALIDATION -> "-- connection validated (empty query)";
            };
        }
    }

    public enum Kind {
        STATEMENT, BATCHED, COMMIT, ROLLBACK, VALIDATION
    }

    private static final List<Sent> SENT = new ArrayList<>();
    private static final Driver POSTGRESQL = new org.postgresql.Driver();

    /**
     * The server's pool connects through this driver, on the database {@code <DB_NAME>_statements}; the rollout
     * engine does not run by itself (a test calls it, so that each pass is where the test says).
     */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            String database = env("DB_NAME", "cfdeploy_test") + "_statements";
            return Map.of("quarkus.datasource.jdbc.driver", StatementCounter.class.getName(),
                    "quarkus.datasource.jdbc.url", Db.url(database),
                    "cfdeploy.rollout.enabled", "false");
        }
    }

    /**
     * Counts from now until closed, for a test that measures several requests one after another:
     * {@code try (Recording sql = StatementCounter.record()) { ...; assertEquals(1, sql.statements(), sql.toString()); }}
     */
    public static Recording record() {
        synchronized (SENT) {
            return new Recording(SENT.size());
        }
    }

    /** What was sent since {@link #record} (until a {@link #reset}). */
    public static final class Recording implements AutoCloseable {
        private final int from;

        private Recording(int from) {
            this.from = from;
        }

        public List<Sent> sent() {
            synchronized (SENT) {
                return List.copyOf(SENT.subList(Math.min(from, SENT.size()), SENT.size()));
            }
        }

        private long count(Kind... kinds) {
            Set<Kind> wanted = Set.of(kinds);
            return sent().stream().filter(s -> wanted.contains(s.kind())).count();
        }

        /** SQL statements executed (a batch counts its entries). */
        public long statements() {
            return count(Kind.STATEMENT, Kind.BATCHED);
        }

        /** Connection validations by the pool (each one round trip). */
        public long validations() {
            return count(Kind.VALIDATION);
        }

        public long commits() {
            return count(Kind.COMMIT);
        }

        public long rollbacks() {
            return count(Kind.ROLLBACK);
        }

        /** Round trips: statements, validations, commits and rollbacks. */
        public long roundTrips() {
            return sent().size();
        }

        @Override
        public String toString() {
            return statements() + " statements, " + validations() + " validations, " + commits() + " commits, "
                    + rollbacks() + " rollbacks:\n" + sent().stream().map(s -> "  " + brief(s.toString()))
                            .collect(Collectors.joining("\n"));
        }

        @Override
        public void close() {
        }
    }

    /** Forgets everything recorded so far. */
    public static void reset() {
        synchronized (SENT) {
            SENT.clear();
        }
    }

    /** Everything recorded since the last {@link #reset}, in order. */
    public static List<Sent> sent() {
        synchronized (SENT) {
            return List.copyOf(SENT);
        }
    }

    /** SQL statements sent since the last reset (a batched statement counts once per row). */
    public static int statements() {
        return (int) sent().stream().filter(s -> s.kind() == Kind.STATEMENT || s.kind() == Kind.BATCHED).count();
    }

    /** Transactions ended since the last reset (commits and rollbacks). */
    public static int transactions() {
        return (int) sent().stream().filter(s -> s.kind() == Kind.COMMIT || s.kind() == Kind.ROLLBACK).count();
    }

    /** Everything recorded, numbered (statements only), one a line: for assertion messages. */
    public static String listing() {
        StringBuilder text = new StringBuilder();
        int n = 0;
        for (Sent sent : sent()) {
            boolean statement = sent.kind() == Kind.STATEMENT || sent.kind() == Kind.BATCHED;
            text.append(statement ? String.format("%3d. ", ++n) : "     ").append(brief(sent.toString()))
                    .append('\n');
        }
        return text.toString();
    }

    /** The SQL with its column lists elided ({@code select … from}, {@code insert into t (…)}, {@code set …}). */
    static String brief(String sql) {
        return sql.replaceAll("(?i)^select [a-z0-9_.,]+ from", "select … from")
                .replaceAll("(?i)\\(([a-z_]+,){3,}[a-z_]+\\) values \\(([?,])+\\)", "(…) values (…)")
                .replaceAll("(?i) set ([a-z_]+=\\?,)+[a-z_]+=\\? ", " set … ");
    }

    private static void record(Kind kind, String sql) {
        synchronized (SENT) {
            SENT.add(new Sent(kind, sql == null ? null : sql.replaceAll("\\s+", " ").trim(),
                    Thread.currentThread().getName()));
        }
    }

    static String env(String name, String fallback) {
        return Optional.ofNullable(System.getenv(name)).filter(value -> !value.isBlank()).orElse(fallback);
    }

    // ---- java.sql.Driver, delegating to PostgreSQL's ----

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        Connection connection = POSTGRESQL.connect(url, info);
        return connection == null ? null : wrap(Connection.class, connection, new ConnectionHandler(connection));
    }

    @Override
    public boolean acceptsURL(String url) throws SQLException {
        return POSTGRESQL.acceptsURL(url);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
        return POSTGRESQL.getPropertyInfo(url, info);
    }

    @Override
    public int getMajorVersion() {
        return POSTGRESQL.getMajorVersion();
    }

    @Override
    public int getMinorVersion() {
        return POSTGRESQL.getMinorVersion();
    }

    @Override
    public boolean jdbcCompliant() {
        return POSTGRESQL.jdbcCompliant();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return POSTGRESQL.getParentLogger();
    }

    // ---- the proxies ----

    private static final Set<String> EXECUTES = Set.of("execute", "executeQuery", "executeUpdate",
            "executeLargeUpdate");

    @SuppressWarnings("unchecked")
    private static <T> T wrap(Class<T> type, Object target, Handler handler) {
        return (T) Proxy.newProxyInstance(StatementCounter.class.getClassLoader(), new Class<?>[] { type }, handler);
    }

    private abstract static class Handler implements InvocationHandler {
        final Object target;

        Handler(Object target) {
            this.target = target;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getName().equals("unwrap") && args.length == 1 && ((Class<?>) args[0]).isInstance(proxy)) {
                return proxy;
            }
            if (method.getName().equals("isWrapperFor") && args.length == 1
                    && ((Class<?>) args[0]).isInstance(proxy)) {
                return true;
            }
            before(method, args);
            try {
                return after(method, args, method.invoke(target, args));
            } catch (InvocationTargetException failure) {
                throw failure.getCause();
            }
        }

        void before(Method method, Object[] args) {
        }

        Object after(Method method, Object[] args, Object result) {
            return result;
        }
    }

    private static final class ConnectionHandler extends Handler {
        ConnectionHandler(Connection target) {
            super(target);
        }

        @Override
        void before(Method method, Object[] args) {
            switch (method.getName()) {
                case "commit" -> record(Kind.COMMIT, null);
                case "rollback" -> record(Kind.ROLLBACK, null);
                case "isValid" -> record(Kind.VALIDATION, null);
                default -> {
                }
            }
        }

        @Override
        Object after(Method method, Object[] args, Object result) {
            if (result instanceof CallableStatement statement) {
                return wrap(CallableStatement.class, statement, new StatementHandler(statement, (String) args[0]));
            }
            if (result instanceof PreparedStatement statement) {
                return wrap(PreparedStatement.class, statement, new StatementHandler(statement, (String) args[0]));
            }
            if (result instanceof Statement statement) {
                return wrap(Statement.class, statement, new StatementHandler(statement, null));
            }
            return result;
        }
    }

    private static final class StatementHandler extends Handler {
        private final String prepared;

        StatementHandler(Statement target, String prepared) {
            super(target);
            this.prepared = prepared;
        }

        @Override
        void before(Method method, Object[] args) {
            String name = method.getName();
            boolean withSql = args != null && args.length > 0 && args[0] instanceof String;
            if (EXECUTES.contains(name)) {
                record(Kind.STATEMENT, withSql ? (String) args[0] : prepared);
            } else if (name.equals("addBatch")) {
                record(Kind.BATCHED, withSql ? (String) args[0] : prepared);
            }
        }
    }

    /** Statements recorded per thread name (for a quick look at who sent what). */
    public static Map<String, Long> byThread() {
        return sent().stream().collect(Collectors.groupingBy(Sent::thread, Collectors.counting()));
    }
}

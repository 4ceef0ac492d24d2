package io.cfdeploy.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** Plain JDBC reads, to check what a request left in the database. JSONB columns come back as text. */
public final class Db {
    private Db() {
    }

    /**
     * The tests' database over plain JDBC, as the test profile configures it ({@code DB_HOST}, {@code DB_PORT},
     * {@code DB_NAME}, {@code DB_USER}, {@code DB_PASSWORD}): works in-JVM ({@code @QuarkusTest}) and from the test
     * JVM of a {@code @QuarkusIntegrationTest} or a {@link ServerProcess}, where nothing can be injected.
     */
    public static DataSource database() {
        return database(env("DB_NAME", "cfdeploy_test"));
    }

    /** The name of the tests' database. */
    public static String name() {
        return env("DB_NAME", "cfdeploy_test");
    }

    /** The JDBC URL of another database on the tests' server, with the test profile's timeouts. */
    public static String url(String name) {
        return "jdbc:postgresql://" + env("DB_HOST", "127.0.0.1") + ":" + env("DB_PORT", "5432") + "/" + name
                + "?connectTimeout=3&socketTimeout=30";
    }

    /** Drops the database (closing its sessions) so that the next server start creates and migrates it anew. */
    public static void drop(String name) {
        try (java.sql.Connection connection = database("postgres").getConnection();
                java.sql.Statement drop = connection.createStatement()) {
            drop.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Another database on the tests' PostgreSQL server. */
    public static DataSource database(String name) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setServerNames(new String[] { env("DB_HOST", "127.0.0.1") });
        dataSource.setPortNumbers(new int[] { Integer.parseInt(env("DB_PORT", "5432")) });
        dataSource.setDatabaseName(name);
        dataSource.setUser(env("DB_USER", "postgres"));
        dataSource.setPassword(env("DB_PASSWORD", ""));
        return dataSource;
    }

    static String env(String name, String fallback) {
        return Optional.ofNullable(System.getenv(name)).filter(value -> !value.isBlank()).orElse(fallback);
    }

    /** Runs an INSERT/UPDATE/DELETE; returns the rows it changed. */
    public static int update(DataSource dataSource, String sql, Object... args) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException exception) {
            throw new IllegalStateException(exception);
        }
    }

    public static List<Map<String, Object>> rows(DataSource dataSource, String sql, Object... args) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                ResultSetMetaData meta = result.getMetaData();
                while (result.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int column = 1; column <= meta.getColumnCount(); column++) {
                        Object value = result.getObject(column);
                        row.put(meta.getColumnLabel(column), value != null && value.getClass().getName()
                                .equals("org.postgresql.util.PGobject") ? value.toString() : value);
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException exception) {
            throw new IllegalStateException(exception);
        }
    }

    /** The only row the query returns; fails when there are none or several. */
    public static Map<String, Object> single(DataSource dataSource, String sql, Object... args) {
        List<Map<String, Object>> rows = rows(dataSource, sql, args);
        if (rows.size() != 1) {
            throw new AssertionError("expected exactly one row for " + sql + " but got " + rows);
        }
        return rows.get(0);
    }

    /** Asserts the row holds each (column, value) pair given. */
    public static void assertRow(Map<String, Object> row, Object... columnsAndValues) {
        for (int i = 0; i < columnsAndValues.length; i += 2) {
            String column = (String) columnsAndValues[i];
            if (!row.containsKey(column)) {
                throw new AssertionError("no column " + column + " in " + row);
            }
            org.junit.jupiter.api.Assertions.assertEquals(columnsAndValues[i + 1], row.get(column), column);
        }
    }

    public static long count(DataSource dataSource, String sql, Object... args) {
        return ((Number) single(dataSource, sql, args).values().iterator().next()).longValue();
    }
}

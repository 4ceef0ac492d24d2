package io.cfdeploy.support;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Database triggers that make the server fail where it cannot be made to fail from outside (a refused row, a
 * connection that dies at COMMIT). Installed for one test in a try-with-resources block; closing drops the trigger.
 */
public final class TestTriggers {
    private TestTriggers() {
    }

    /** An installed trigger; {@link #close} drops it. */
    public record Installed(DataSource db, String name, String table) implements AutoCloseable {
        @Override
        public void close() {
            execute(db, "DROP TRIGGER IF EXISTS " + name + " ON " + table);
        }
    }

    /** Runs {@code body} (PL/pgSQL statements, {@code NEW} is the row) before each {@code event} on the table. */
    public static Installed before(DataSource db, String name, String event, String table, String body) {
        return install(db, name, table, body + " RETURN NEW;", "CREATE TRIGGER " + name + " BEFORE " + event + " ON "
                + table + " FOR EACH ROW");
    }

    /** Runs {@code body} at COMMIT of each transaction that did {@code event} on the table (a deferred trigger). */
    public static Installed atCommit(DataSource db, String name, String event, String table, String body) {
        return install(db, name, table, body + " RETURN NULL;", "CREATE CONSTRAINT TRIGGER " + name + " AFTER "
                + event + " ON " + table + " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW");
    }

    private static Installed install(DataSource db, String name, String table, String body, String create) {
        execute(db, "CREATE OR REPLACE FUNCTION " + name + "() RETURNS trigger AS $$ BEGIN " + body
                + " END $$ LANGUAGE plpgsql");
        execute(db, "DROP TRIGGER IF EXISTS " + name + " ON " + table);
        execute(db, create + " EXECUTE FUNCTION " + name + "()");
        return new Installed(db, name, table);
    }

    private static void execute(DataSource db, String statement) {
        try (Connection connection = db.getConnection(); Statement sql = connection.createStatement()) {
            sql.execute(statement);
        } catch (SQLException failure) {
            throw new IllegalStateException(statement, failure);
        }
    }
}

package io.cfdeploy.runtime.local;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * One supervisor per database: a PostgreSQL session advisory lock held on a connection of its own (outside the pool)
 * for as long as this replica supervises. A second replica configured to supervise the same database refuses to
 * start; if this one dies, PostgreSQL releases the lock with its session.
 */
@ApplicationScoped
class SupervisorLock {
    /** The lock's key: any number no other part of cfdeploy uses ("cfdloc" in ASCII). */
    static final long KEY = 0x6366646c6f63L;

    private final String url;
    private final String username;
    private final String password;
    private Connection connection;

    SupervisorLock(@ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.url = url;
        this.username = username.orElse(null);
        this.password = password.orElse(null);
    }

    /** Takes the lock, or fails when another replica holds it (or the database cannot be reached). */
    synchronized void acquire() {
        if (connection != null) {
            return;
        }
        try {
            Connection open = DriverManager.getConnection(url, username, password);
            try (PreparedStatement lock = open.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                lock.setLong(1, KEY);
                try (ResultSet result = lock.executeQuery()) {
                    result.next();
                    if (!result.getBoolean(1)) {
                        open.close();
                        throw new IllegalStateException("another replica supervises the local runtime of this "
                                + "database; set cfdeploy.runtime.local.supervise=false on this one");
                    }
                }
            }
            connection = open;
        } catch (SQLException unreachable) {
            throw new IllegalStateException("the local runtime needs the database at start to take its supervisor "
                    + "lock: " + unreachable.getMessage(), unreachable);
        }
    }

    synchronized void release() {
        if (connection != null) {
            try {
                connection.close(); // ends the session, and the lock with it
            } catch (SQLException ignored) {
                // gone already
            }
            connection = null;
        }
    }
}

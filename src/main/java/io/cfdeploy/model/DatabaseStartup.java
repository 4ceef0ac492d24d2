package io.cfdeploy.model;

import io.cfdeploy.config.CfdeployConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

/**
 * At start: creates the configured database when asked to (dev and test do, so a fresh machine needs no manual
 * step), then applies the Flyway migrations. Nothing else touches the database at boot.
 */
public class DatabaseStartup {
    private static final Logger LOG = Logger.getLogger(DatabaseStartup.class);
    private static final Pattern URL = Pattern.compile("^(jdbc:postgresql://[^/]+/)([^?]+)(.*)$");

    void onStart(@Observes StartupEvent event, CfdeployConfig config, Instance<Flyway> flyway,
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        if (config.database().createIfMissing()) {
            createIfMissing(url, config.database().maintenanceDatabase(), username.orElse(null),
                    password.orElse(null));
        }
        if (config.database().migrateAtStart()) {
            flyway.get().migrate();
        }
    }

    static void createIfMissing(String url, String maintenanceDatabase, String username, String password) {
        Matcher matcher = URL.matcher(url);
        if (!matcher.matches()) {
            LOG.warnf("cannot create the database: unrecognised JDBC URL %s", url);
            return;
        }
        String database = matcher.group(2);
        String maintenanceUrl = matcher.group(1) + maintenanceDatabase + matcher.group(3);
        try (Connection connection = DriverManager.getConnection(maintenanceUrl, username, password);
                PreparedStatement exists = connection.prepareStatement(
                        "SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            try (ResultSet rows = exists.executeQuery()) {
                if (rows.next()) {
                    return;
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE DATABASE \"" + database.replace("\"", "\"\"") + "\"");
                LOG.infof("created database %s", database);
            }
        } catch (SQLException exception) {
            if ("42P04".equals(exception.getSQLState())) {
                return; // created concurrently by another instance
            }
            throw new IllegalStateException("could not create database " + database + ": " + exception.getMessage(),
                    exception);
        }
    }
}

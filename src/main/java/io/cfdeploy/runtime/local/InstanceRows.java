package io.cfdeploy.runtime.local;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.cfdeploy.runtime.InstanceState;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The supervisor's reads of the desired instances and writes of what it observes, in plain JDBC on the pool: it
 * runs on worker threads outside any request, and each write is one short transaction of its own.
 */
@ApplicationScoped
class InstanceRows {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
    };
    /** The process's command, else its revision's for the type, else the instance droplet's (ProcessFetcher's rule). */
    private static final String DESIRED = """
            SELECT i.process_id, p.guid, p.type, p.version, i.index, i.instance_guid, i.droplet_guid, i.crash_count,
                   p.memory_in_mb, p.disk_in_mb,
                   p.health_check_type, p.health_check_timeout, p.health_check_invocation_timeout,
                   p.health_check_interval, p.health_check_endpoint,
                   p.readiness_health_check_type, p.readiness_health_check_invocation_timeout,
                   p.readiness_health_check_interval, p.readiness_health_check_endpoint,
                   COALESCE(NULLIF(btrim(p.command), ''), NULLIF(btrim(r.processes ->> p.type), ''),
                            d.process_types ->> p.type, '') AS command,
                   a.guid, a.name, COALESCE(r.environment_variables, a.environment_variables)::text,
                   s.guid, s.name, o.guid, o.name, d.blob_key,
                   ARRAY(SELECT CASE WHEN rt.host = '' THEN dm.name ELSE rt.host || '.' || dm.name END || rt.path
                           FROM route_destinations rd JOIN routes rt ON rt.id = rd.route_id
                           JOIN domains dm ON dm.id = rt.domain_id
                          WHERE rd.app_id = a.id AND rd.process_type = p.type
                          ORDER BY rt.id) AS uris
              FROM process_instances i
              JOIN processes p ON p.id = i.process_id
              JOIN apps a ON a.id = p.app_id
              JOIN spaces s ON s.id = a.space_id
              JOIN organizations o ON o.id = s.organization_id
              LEFT JOIN droplets d ON d.guid = i.droplet_guid
              LEFT JOIN revisions r ON r.guid = p.revision_guid
            """;

    private final AgroalDataSource dataSource;

    InstanceRows(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Every desired instance (the reconcile at start), or those of one process. */
    List<DesiredInstance> desired(Long processId, Duration defaultTimeout) throws SQLException {
        String sql = DESIRED + (processId == null ? "" : " WHERE i.process_id = ?") + " ORDER BY i.process_id, i.index";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(sql)) {
            if (processId != null) {
                query.setLong(1, processId);
            }
            List<DesiredInstance> desired = new ArrayList<>();
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    desired.add(desiredInstance(row, defaultTimeout));
                }
            }
            return desired;
        }
    }

    private static DesiredInstance desiredInstance(ResultSet row, Duration defaultTimeout) throws SQLException {
        HealthCheck liveness = new HealthCheck(row.getString(11), row.getString(15),
                seconds(row, 12, defaultTimeout), seconds(row, 13, Duration.ofSeconds(1)),
                seconds(row, 14, Duration.ofSeconds(30)));
        HealthCheck readiness = new HealthCheck(row.getString(16), row.getString(19), null,
                seconds(row, 17, Duration.ofSeconds(1)), seconds(row, 18, Duration.ofSeconds(30)));
        Array uris = row.getArray(29);
        return new DesiredInstance(row.getLong(1), row.getString(2), row.getString(3), row.getString(4),
                row.getInt(5), row.getString(6), row.getString(7), row.getInt(8), row.getInt(9), row.getInt(10),
                liveness, readiness, row.getString(20), row.getString(21), row.getString(22), environment(row
                        .getString(23)), row.getString(24), row.getString(25), row.getString(26), row.getString(27),
                row.getString(28), uris == null ? List.of() : Arrays.asList((String[]) uris.getArray()));
    }

    private static Duration seconds(ResultSet row, int column, Duration otherwise) throws SQLException {
        int value = row.getInt(column);
        return row.wasNull() ? otherwise : Duration.ofSeconds(value);
    }

    private static Map<String, String> environment(String json) {
        try {
            return json == null ? Map.of() : JSON.readValue(json, STRING_MAP);
        } catch (IOException unreadable) {
            return Map.of();
        }
    }

    /** What the supervisor saw of an instance. */
    record Observation(InstanceState state, boolean routable, Instant since, String details, int crashCount,
            String host, Integer port, Long pid) {
    }

    /** The app of a stored observation and its deployments the engine moves, or null if the instance was replaced. */
    record Recorded(String appGuid, List<String> movingDeployments) {
    }

    /**
     * Stores the observation on the instance's row, if the row still describes this instance (a replaced or removed
     * instance's observation changes nothing), and reads who must hear of it, in one transaction.
     */
    Recorded record(long processId, int index, String instanceGuid, Observation observation) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Recorded recorded = record(connection, processId, index, instanceGuid, observation);
                connection.commit();
                return recorded;
            } catch (SQLException | RuntimeException failure) {
                connection.rollback();
                throw failure;
            }
        }
    }

    private static Recorded record(Connection connection, long processId, int index, String instanceGuid,
            Observation observation) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE process_instances
                   SET state = ?, routable = ?, since = ?, details = ?, crash_count = ?, host = ?, port = ?, pid = ?
                 WHERE process_id = ? AND index = ? AND instance_guid = ?
                """)) {
            update.setString(1, observation.state().name());
            update.setBoolean(2, observation.routable());
            update.setTimestamp(3, Timestamp.from(observation.since()));
            update.setString(4, observation.details() == null ? null
                    : observation.details().substring(0, Math.min(255, observation.details().length())));
            update.setInt(5, observation.crashCount());
            update.setString(6, observation.host());
            if (observation.port() == null) {
                update.setNull(7, Types.INTEGER);
            } else {
                update.setInt(7, observation.port());
            }
            if (observation.pid() == null) {
                update.setNull(8, Types.BIGINT);
            } else {
                update.setLong(8, observation.pid());
            }
            update.setLong(9, processId);
            update.setInt(10, index);
            update.setString(11, instanceGuid);
            if (update.executeUpdate() == 0) {
                return null;
            }
        }
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT a.guid, d.guid
                  FROM processes p JOIN apps a ON a.id = p.app_id
                  LEFT JOIN deployments d ON d.app_id = a.id AND d.state IN ('DEPLOYING', 'PREPAUSED', 'CANCELING')
                 WHERE p.id = ?
                """)) {
            query.setLong(1, processId);
            String app = null;
            List<String> deployments = new ArrayList<>();
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    app = row.getString(1);
                    if (row.getString(2) != null) {
                        deployments.add(row.getString(2));
                    }
                }
            }
            return app == null ? null : new Recorded(app, deployments);
        }
    }

    /** The instances stopped with the server are not observed any more: unknown (STARTING) until a supervisor acts. */
    void forget(List<String> instanceGuids) throws SQLException {
        if (instanceGuids.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement("""
                        UPDATE process_instances SET state = NULL, routable = FALSE, host = NULL, port = NULL, pid = NULL
                         WHERE instance_guid = ANY (?)
                        """)) {
            update.setArray(1, connection.createArrayOf("varchar", instanceGuids.toArray()));
            update.executeUpdate();
        }
    }
}

package io.cfdeploy.runtime.kubernetes;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The kubernetes runtime's reads of the desired state, in plain JDBC on the pool: the controller runs on worker
 * threads after commits and on informer events, outside any request.
 */
@ApplicationScoped
class KubernetesRows {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
    };
    private static final String SPEC = """
            SELECT p.id, p.guid, p.type, p.version, p.desired_generation, p.memory_in_mb, p.disk_in_mb,
                   p.health_check_type, p.health_check_endpoint, p.health_check_timeout,
                   p.health_check_invocation_timeout, p.health_check_interval,
                   p.readiness_health_check_type, p.readiness_health_check_endpoint,
                   p.readiness_health_check_invocation_timeout, p.readiness_health_check_interval,
                   COALESCE(NULLIF(btrim(p.command), ''), NULLIF(btrim(r.processes ->> p.type), ''),
                            d.process_types ->> p.type, '') AS command,
                   a.guid, a.name, COALESCE(r.environment_variables, a.environment_variables)::text,
                   s.guid, s.name, o.guid, o.name,
                   (SELECT count(*) FROM process_instances c WHERE c.process_id = p.id),
                   i.instance_guid, i.droplet_guid, d.image, d.checksum_value,
                   ARRAY(SELECT CASE WHEN rt.host = '' THEN dm.name ELSE rt.host || '.' || dm.name END || rt.path
                           FROM route_destinations rd JOIN routes rt ON rt.id = rd.route_id
                           JOIN domains dm ON dm.id = rt.domain_id
                          WHERE rd.app_id = a.id AND rd.process_type = p.type
                          ORDER BY rt.id) AS uris
              FROM processes p
              JOIN apps a ON a.id = p.app_id
              JOIN spaces s ON s.id = a.space_id
              JOIN organizations o ON o.id = s.organization_id
              LEFT JOIN process_instances i ON i.process_id = p.id AND i.index = 0
              LEFT JOIN droplets d ON d.guid = i.droplet_guid
              LEFT JOIN revisions r ON r.guid = p.revision_guid
            """;

    private final AgroalDataSource dataSource;

    KubernetesRows(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The process's desired state, or null when the process is gone. */
    ProcessSpec spec(long processId) throws SQLException {
        List<ProcessSpec> specs = specs(" WHERE p.id = ?", processId);
        return specs.isEmpty() ? null : specs.get(0);
    }

    /** The process's desired state by guid, or null when the process is gone. */
    ProcessSpec spec(String processGuid) throws SQLException {
        List<ProcessSpec> specs = specs(" WHERE p.guid = ?", processGuid);
        return specs.isEmpty() ? null : specs.get(0);
    }

    /** Every process with desired instances (the convergence at start). */
    List<ProcessSpec> running() throws SQLException {
        return specs(" WHERE EXISTS (SELECT 1 FROM process_instances x WHERE x.process_id = p.id) ORDER BY p.id",
                null);
    }

    private List<ProcessSpec> specs(String where, Object parameter) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(SPEC + where)) {
            if (parameter != null) {
                query.setObject(1, parameter);
            }
            List<ProcessSpec> specs = new ArrayList<>();
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    specs.add(spec(row));
                }
            }
            return specs;
        }
    }

    private static ProcessSpec spec(ResultSet row) throws SQLException {
        ProcessSpec.Check liveness = new ProcessSpec.Check(row.getString(8), row.getString(9), integer(row, 10),
                integer(row, 11), integer(row, 12));
        ProcessSpec.Check readiness = new ProcessSpec.Check(row.getString(13), row.getString(14), null,
                integer(row, 15), integer(row, 16));
        Array uris = row.getArray(30);
        String image = row.getString(28);
        return new ProcessSpec(row.getLong(1), row.getString(2), row.getString(3), row.getString(4), row.getLong(5),
                row.getInt(6), row.getInt(7), liveness, readiness, row.getString(17), row.getString(18),
                row.getString(19), environment(row.getString(20)), row.getString(21), row.getString(22),
                row.getString(23), row.getString(24), row.getInt(25), row.getString(26), row.getString(27),
                image == null || image.isBlank() ? null : image, row.getString(29),
                uris == null ? List.of() : Arrays.asList((String[]) uris.getArray()));
    }

    private static Integer integer(ResultSet row, int column) throws SQLException {
        int value = row.getInt(column);
        return row.wasNull() ? null : value;
    }

    private static Map<String, String> environment(String json) {
        try {
            return json == null ? Map.of() : JSON.readValue(json, STRING_MAP);
        } catch (IOException unreadable) {
            return Map.of();
        }
    }

    /** Of these process guids, those whose process still has desired instances. */
    Set<String> withInstances(Collection<String> processGuids) throws SQLException {
        if (processGuids.isEmpty()) {
            return Set.of();
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("""
                        SELECT p.guid FROM processes p
                         WHERE p.guid = ANY (?)
                           AND EXISTS (SELECT 1 FROM process_instances i WHERE i.process_id = p.id)
                        """)) {
            query.setArray(1, connection.createArrayOf("varchar", processGuids.toArray()));
            Set<String> found = new HashSet<>();
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    found.add(row.getString(1));
                }
            }
            return found;
        }
    }

    /** Of these app guids, the "appGuid/type" pairs that still have a process. */
    Set<String> appProcessTypes(Collection<String> appGuids) throws SQLException {
        if (appGuids.isEmpty()) {
            return Set.of();
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("""
                        SELECT DISTINCT a.guid, p.type FROM processes p JOIN apps a ON a.id = p.app_id
                         WHERE a.guid = ANY (?)
                        """)) {
            query.setArray(1, connection.createArrayOf("varchar", appGuids.toArray()));
            Set<String> found = new HashSet<>();
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    found.add(row.getString(1) + "/" + row.getString(2));
                }
            }
            return found;
        }
    }

    /** Who hears of an instance change of the process: its app and the app's moving deployments; null if gone. */
    record Target(String appGuid, long processId, List<String> movingDeployments) {
    }

    Target target(String processGuid) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("""
                        SELECT a.guid, p.id, d.guid
                          FROM processes p JOIN apps a ON a.id = p.app_id
                          LEFT JOIN deployments d ON d.app_id = a.id
                               AND d.state IN ('DEPLOYING', 'PREPAUSED', 'CANCELING')
                         WHERE p.guid = ?
                        """)) {
            query.setString(1, processGuid);
            String app = null;
            long processId = 0;
            List<String> deployments = new ArrayList<>();
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    app = row.getString(1);
                    processId = row.getLong(2);
                    if (row.getString(3) != null) {
                        deployments.add(row.getString(3));
                    }
                }
            }
            return app == null ? null : new Target(app, processId, deployments);
        }
    }
}

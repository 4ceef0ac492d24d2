package io.cfdeploy.router;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the routing table in one query: every http route on a non-internal domain, with each routable instance
 * of every process its destinations lead to (all processes of the destination's type: old and new during a
 * rollout). Plain JDBC on a pooled connection, autocommit; it blocks, so it never runs on an event loop.
 */
@ApplicationScoped
class RouteRows {
    /** A route without a backend comes back once with nulls: it is known (502), not unknown (404). */
    static final String QUERY = """
            SELECT r.host, d.name, r.path, a.guid, pi.index, pi.host, pi.port
              FROM routes r
              JOIN domains d ON d.id = r.domain_id
              LEFT JOIN route_destinations rd ON rd.route_id = r.id
              LEFT JOIN apps a ON a.id = rd.app_id
              LEFT JOIN processes p ON p.app_id = rd.app_id AND p.type = rd.process_type
              LEFT JOIN process_instances pi ON pi.process_id = p.id AND pi.state = 'RUNNING' AND pi.routable
                                            AND pi.port IS NOT NULL AND pi.host IS NOT NULL
             WHERE NOT d.internal AND r.port IS NULL
            """;

    private final AgroalDataSource dataSource;

    RouteRows(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    List<RouteTable.Row> load() throws SQLException {
        List<RouteTable.Row> rows = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(QUERY);
                ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                rows.add(new RouteTable.Row(result.getString(1), result.getString(2), result.getString(3),
                        result.getString(4), (Integer) result.getObject(5), result.getString(6),
                        (Integer) result.getObject(7)));
            }
        }
        return rows;
    }
}

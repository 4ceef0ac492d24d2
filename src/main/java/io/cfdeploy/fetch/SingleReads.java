package io.cfdeploy.fetch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.cfdeploy.model.RoleType;
import io.cfdeploy.security.Caller;
import io.cfdeploy.security.RoleSet;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The shows ({@code GET /v3/<resource>/:guid}) read in one statement straight from the pool: the row, what its
 * presenter needs of its relatives, and the caller's roles in its space and organization, with no persistence
 * context (nothing managed, snapshotted or flushed). What they build is for presenting only: plain, unmanaged
 * objects. Actions that change a resource read it through their fetcher's {@code readable} instead.
 */
@ApplicationScoped
public class SingleReads {
    private static final TypeReference<LinkedHashMap<String, String>> STRINGS = new TypeReference<>() {
    };
    private static final TypeReference<LinkedHashMap<String, Object>> OBJECTS = new TypeReference<>() {
    };
    /** How PostgreSQL writes an empty JSONB object: most labels and annotations, read without a parser. */
    private static final String EMPTY_OBJECT = "{}";
    private static final TypeReference<List<Map<String, Object>>> OBJECT_LIST = new TypeReference<>() {
    };

    /**
     * The caller's role types in the space {@code s} and its organization, as an array; its one parameter is the
     * caller's user guid. The same rows as {@code Permissions.rolesIn}.
     */
    public static final String ROLES = "ARRAY(SELECT r.type FROM roles r JOIN users u ON u.id = r.user_id"
            + " WHERE u.guid = ? AND (r.organization_id = s.organization_id OR r.space_id = s.id)) AS caller_roles";

    private final AgroalDataSource dataSource;
    private final ObjectMapper json = new ObjectMapper();

    SingleReads(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Reads a row. */
    @FunctionalInterface
    public interface RowReader<T> {
        T read(ResultSet row) throws SQLException;
    }

    /**
     * A show's statement in its two forms: with the caller's roles ({@link #ROLES}, parameters: the caller's user
     * guid, then the guid shown) and, for an admin, who needs no roles, without them (its one parameter: the guid).
     */
    public record ShowQuery(String forUser, String forAdmin) {
        /** {@code sql} selects {@link #ROLES} among its columns and takes the guid shown as its last parameter. */
        public static ShowQuery of(String sql) {
            if (!sql.contains(ROLES)) {
                throw new IllegalArgumentException("a show selects the caller's roles: " + sql);
            }
            return new ShowQuery(sql, sql.replace(ROLES, "NULL AS caller_roles"));
        }
    }

    /** Runs {@code query} for the caller and {@code guid}; the first row read, or null when there is none. */
    public <T> T one(ShowQuery query, Caller caller, String guid, RowReader<T> reader) {
        boolean admin = caller.isAdmin();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(admin ? query.forAdmin()
                        : query.forUser())) {
            int parameter = 1;
            if (!admin) {
                statement.setString(parameter++, caller.userGuid());
            }
            statement.setString(parameter, guid);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? reader.read(row) : null;
            }
        } catch (SQLException failure) {
            throw new IllegalStateException("reading " + guid + " failed", failure);
        }
    }

    /** Consumes a row. */
    @FunctionalInterface
    public interface RowConsumer {
        void accept(ResultSet row) throws SQLException;
    }

    /**
     * Runs {@code sql} with {@code parameters} (a {@code Long[]} is bound as a {@code bigint[]}, for
     * {@code = ANY(?)}) and hands each row to {@code consumer}.
     */
    public void all(String sql, List<Object> parameters, RowConsumer consumer) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                Object parameter = parameters.get(i);
                if (parameter instanceof Long[] ids) {
                    query.setArray(i + 1, connection.createArrayOf("bigint", ids));
                } else {
                    query.setObject(i + 1, parameter);
                }
            }
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    consumer.accept(row);
                }
            }
        } catch (SQLException failure) {
            throw new IllegalStateException("reading failed: " + sql, failure);
        }
    }

    /** The caller's roles from the {@link #ROLES} column: none for an admin, as {@code Permissions.rolesIn}. */
    public static RoleSet roles(Caller caller, ResultSet row) throws SQLException {
        if (caller.isAdmin()) {
            return RoleSet.none(caller);
        }
        Set<RoleType> roles = EnumSet.noneOf(RoleType.class);
        for (String type : strings(row, "caller_roles")) {
            RoleType.fromWire(type).ifPresent(roles::add);
        }
        return new RoleSet(caller, roles);
    }

    public static String[] strings(ResultSet row, String column) throws SQLException {
        Array array = row.getArray(column);
        if (array == null) {
            return new String[0];
        }
        try {
            return (String[]) array.getArray();
        } finally {
            array.free();
        }
    }

    public static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    public static Integer integer(ResultSet row, String column) throws SQLException {
        int value = row.getInt(column);
        return row.wasNull() ? null : value;
    }

    /** A JSONB object of strings (labels, annotations). */
    public Map<String, String> stringMap(ResultSet row, String column) throws SQLException {
        String text = row.getString(column);
        return EMPTY_OBJECT.equals(text) ? new LinkedHashMap<>() : parse(text, STRINGS, new LinkedHashMap<>());
    }

    /** A JSONB object. */
    public Map<String, Object> objectMap(ResultSet row, String column) throws SQLException {
        String text = row.getString(column);
        return EMPTY_OBJECT.equals(text) ? new LinkedHashMap<>() : parse(text, OBJECTS, new LinkedHashMap<>());
    }

    /** A JSONB array of objects, or null. */
    public List<Map<String, Object>> objectList(ResultSet row, String column) throws SQLException {
        return parse(row.getString(column), OBJECT_LIST, null);
    }

    private <T> T parse(String text, TypeReference<? extends T> type, T whenNull) {
        if (text == null) {
            return whenNull;
        }
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException corrupt) {
            throw new IllegalStateException("unreadable JSON column", corrupt);
        }
    }
}

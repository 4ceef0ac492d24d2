package io.cfdeploy.support;

import io.cfdeploy.model.JobEntity;
import io.cfdeploy.model.RoleType;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Rows written straight to the database for what the API under test cannot create (roles, spaces, events at
 * chosen times, jobs in chosen states). Each call commits its own transaction. Spaces, roles and events go over
 * plain JDBC ({@link Db#database()}), so they work from the test JVM of a {@code @QuarkusIntegrationTest} too;
 * jobs go through the application's entities (in-JVM tests only).
 */
public final class DbFixtures {
    private DbFixtures() {
    }

    private static OffsetDateTime now() {
        return at(Instant.now());
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }

    /** A space in the organization; returns its guid. */
    public static String space(String organizationGuid, String name) {
        String guid = UUID.randomUUID().toString();
        OffsetDateTime now = now();
        insert("INSERT INTO spaces (guid, created_at, updated_at, name, organization_id) "
                + "SELECT ?, ?, ?, ?, id FROM organizations WHERE guid = ?", guid, now, now, name, organizationGuid);
        return guid;
    }

    /** Gives the user (created when unknown) a role in an organization. */
    public static void organizationRole(String userGuid, String organizationGuid, RoleType type) {
        role(userGuid, type, "organization_id", "SELECT id FROM organizations WHERE guid = ?", organizationGuid);
    }

    /** Gives the user (created when unknown) a role in a space. */
    public static void spaceRole(String userGuid, String spaceGuid, RoleType type) {
        role(userGuid, type, "space_id", "SELECT id FROM spaces WHERE guid = ?", spaceGuid);
    }

    private static void role(String userGuid, RoleType type, String targetColumn, String targetQuery,
            String targetGuid) {
        OffsetDateTime now = now();
        Db.update(Db.database(), "INSERT INTO users (guid, created_at, updated_at) VALUES (?, ?, ?) "
                + "ON CONFLICT (guid) DO NOTHING", userGuid, now, now);
        insert("INSERT INTO roles (guid, created_at, updated_at, type, user_id, " + targetColumn + ") "
                + "SELECT ?, ?, ?, ?, (SELECT id FROM users WHERE guid = ?), (" + targetQuery + ")",
                UUID.randomUUID().toString(), now, now, type.wireName(), userGuid, targetGuid);
    }

    /** An audit event at a chosen time; returns its guid. */
    public static String event(String type, String targetGuid, String spaceGuid, String organizationGuid,
            Instant at) {
        String guid = UUID.randomUUID().toString();
        OffsetDateTime time = at(at);
        insert("INSERT INTO audit_events (guid, created_at, updated_at, type, actor_guid, actor_type, actor_name, "
                + "target_guid, target_type, target_name, space_guid, organization_guid, data) "
                + "VALUES (?, ?, ?, ?, 'fixture-actor', 'user', 'fixture@example.org', ?, ?, 'fixture-target', ?, ?, "
                + "'{\"request\":{}}'::jsonb)", guid, time, time, type, targetGuid,
                spaceGuid != null ? "space" : "organization", spaceGuid, organizationGuid);
        return guid;
    }

    private static void insert(String sql, Object... args) {
        if (Db.update(Db.database(), sql, args) != 1) {
            throw new IllegalStateException("fixture not inserted (unknown parent?): " + sql);
        }
    }

    /** A job in a chosen state; returns its guid. */
    public static String job(String resourceType, String resourceGuid, String state, List<Map<String, Object>> errors,
            List<Map<String, Object>> warnings) {
        return QuarkusTransaction.requiringNew().call(() -> {
            JobEntity job = new JobEntity();
            job.operation = resourceType + ".delete";
            job.state = state;
            job.resourceType = resourceType;
            job.resourceGuid = resourceGuid;
            job.errors = errors;
            job.warnings = warnings;
            job.persist();
            return job.guid;
        });
    }
}

package io.cfdeploy.support;

import io.cfdeploy.model.AuditEventEntity;
import io.cfdeploy.model.JobEntity;
import io.cfdeploy.model.OrganizationEntity;
import io.cfdeploy.model.RoleEntity;
import io.cfdeploy.model.RoleType;
import io.cfdeploy.model.SpaceEntity;
import io.cfdeploy.model.UserEntity;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Rows written straight to the database for what the API under test cannot create (roles, spaces, events at
 * chosen times, jobs in chosen states). Each call commits its own transaction.
 */
public final class DbFixtures {
    private DbFixtures() {
    }

    /** A space in the organization; returns its guid. */
    public static String space(String organizationGuid, String name) {
        return QuarkusTransaction.requiringNew().call(() -> {
            SpaceEntity space = new SpaceEntity();
            space.name = name;
            space.organization = OrganizationEntity.findByGuid(organizationGuid).orElseThrow();
            space.persist();
            return space.guid;
        });
    }

    /** Gives the user (created when unknown) a role in an organization. */
    public static void organizationRole(String userGuid, String organizationGuid, RoleType type) {
        QuarkusTransaction.requiringNew().run(() -> {
            RoleEntity role = new RoleEntity();
            role.type = type.wireName();
            role.user = user(userGuid);
            role.organization = OrganizationEntity.findByGuid(organizationGuid).orElseThrow();
            role.persist();
        });
    }

    /** Gives the user (created when unknown) a role in a space. */
    public static void spaceRole(String userGuid, String spaceGuid, RoleType type) {
        QuarkusTransaction.requiringNew().run(() -> {
            RoleEntity role = new RoleEntity();
            role.type = type.wireName();
            role.user = user(userGuid);
            role.space = SpaceEntity.findByGuid(spaceGuid).orElseThrow();
            role.persist();
        });
    }

    /** An audit event at a chosen time; returns its guid. */
    public static String event(String type, String targetGuid, String spaceGuid, String organizationGuid,
            Instant at) {
        return QuarkusTransaction.requiringNew().call(() -> {
            AuditEventEntity event = new AuditEventEntity();
            event.type = type;
            event.actorGuid = "fixture-actor";
            event.actorType = "user";
            event.actorName = "fixture@example.org";
            event.targetGuid = targetGuid;
            event.targetType = spaceGuid != null ? "space" : "organization";
            event.targetName = "fixture-target";
            event.spaceGuid = spaceGuid;
            event.organizationGuid = organizationGuid;
            event.data = Map.of("request", Map.of());
            event.createdAt = at;
            event.persist();
            return event.guid;
        });
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

    private static UserEntity user(String guid) {
        return UserEntity.findByGuid(guid).orElseGet(() -> {
            UserEntity user = new UserEntity();
            user.guid = guid;
            user.persist();
            return user;
        });
    }
}

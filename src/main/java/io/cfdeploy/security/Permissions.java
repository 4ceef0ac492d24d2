package io.cfdeploy.security;

import io.cfdeploy.error.CfError;
import io.cfdeploy.model.OrganizationEntity;
import io.cfdeploy.model.RoleType;
import io.cfdeploy.model.SpaceEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Answers "what may this caller see or do" with one query each, following CAPI's role rules
 * ({@code permissions.rb}). Lists use the scopes; single resources use {@link #rolesIn}.
 */
@ApplicationScoped
public class Permissions {
    private static final String SPACE_READ_ROLES = "'space_developer','space_manager','space_auditor','space_supporter'";
    private static final String ORG_ROLES =
            "'organization_user','organization_manager','organization_auditor','organization_billing_manager'";

    private final EntityManager em;

    Permissions(EntityManager em) {
        this.em = em;
    }

    /** Spaces the caller may read: space roles, or organization manager of the space's org. */
    public Scope<Long> readableSpaceIds(Caller caller) {
        if (caller.canReadGlobally()) {
            return Scope.everything();
        }
        return Scope.only(ids("""
                SELECT r.space_id FROM roles r JOIN users u ON u.id = r.user_id
                 WHERE u.guid = :user AND r.space_id IS NOT NULL AND r.type IN (%s)
                UNION
                SELECT s.id FROM spaces s JOIN roles r ON r.organization_id = s.organization_id
                  JOIN users u ON u.id = r.user_id
                 WHERE u.guid = :user AND r.type = 'organization_manager'
                """.formatted(SPACE_READ_ROLES), caller));
    }

    /** Organizations the caller may read: any organization role. */
    public Scope<Long> readableOrganizationIds(Caller caller) {
        if (caller.canReadGlobally()) {
            return Scope.everything();
        }
        return Scope.only(ids("""
                SELECT r.organization_id FROM roles r JOIN users u ON u.id = r.user_id
                 WHERE u.guid = :user AND r.organization_id IS NOT NULL AND r.type IN (%s)
                """.formatted(ORG_ROLES), caller));
    }

    /**
     * Spaces the caller may write to (metadata, droplets, process settings): admin everywhere, else where they are
     * space developer (CAPI's {@code can_write_to_active_space?}; suspension is checked per organization).
     */
    public Scope<Long> writableSpaceIds(Caller caller) {
        return spacesWithRoles(caller, "'space_developer'");
    }

    /** Spaces the caller may manage apps in (create, start, deploy, cancel): admin, space developer or supporter. */
    public Scope<Long> appManagingSpaceIds(Caller caller) {
        return spacesWithRoles(caller, "'space_developer','space_supporter'");
    }

    /** Organizations the caller may write to (spaces, roles, settings): admin, organization manager. */
    public Scope<Long> writableOrganizationIds(Caller caller) {
        if (caller.isAdmin()) {
            return Scope.everything();
        }
        return Scope.only(ids("""
                SELECT r.organization_id FROM roles r JOIN users u ON u.id = r.user_id
                 WHERE u.guid = :user AND r.type = 'organization_manager'
                """, caller));
    }

    private Scope<Long> spacesWithRoles(Caller caller, String roleTypes) {
        if (caller.isAdmin()) {
            return Scope.everything();
        }
        return Scope.only(ids("""
                SELECT r.space_id FROM roles r JOIN users u ON u.id = r.user_id
                 WHERE u.guid = :user AND r.space_id IS NOT NULL AND r.type IN (%s)
                """.formatted(roleTypes), caller));
    }

    /**
     * Audit events the caller may read, as (space guids, organization guids): spaces where they are space
     * auditor, developer or supporter; organizations where they are organization auditor.
     */
    public EventScope readableEventScope(Caller caller) {
        if (caller.canReadGlobally()) {
            return new EventScope(Scope.everything(), Scope.everything());
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT 's', s.guid FROM roles r JOIN users u ON u.id = r.user_id JOIN spaces s ON s.id = r.space_id
                 WHERE u.guid = :user AND r.type IN ('space_auditor','space_developer','space_supporter')
                UNION
                SELECT 'o', o.guid FROM roles r JOIN users u ON u.id = r.user_id
                  JOIN organizations o ON o.id = r.organization_id
                 WHERE u.guid = :user AND r.type = 'organization_auditor'
                """).setParameter("user", caller.userGuid()).getResultList();
        Set<String> spaces = new HashSet<>();
        Set<String> orgs = new HashSet<>();
        for (Object[] row : rows) {
            ("s".equals(String.valueOf(row[0])) ? spaces : orgs).add((String) row[1]);
        }
        return new EventScope(Scope.only(spaces), Scope.only(orgs));
    }

    public record EventScope(Scope<String> spaceGuids, Scope<String> organizationGuids) {
    }

    /** The caller's roles in this space and in its organization. */
    public RoleSet rolesIn(Caller caller, SpaceEntity space) {
        return roles(caller, space.id, space.organization.id);
    }

    /** The caller's roles in this organization. */
    public RoleSet rolesIn(Caller caller, OrganizationEntity organization) {
        return roles(caller, null, organization.id);
    }

    /**
     * Writers other than admins are refused in a suspended organization (403 CF-OrgSuspended), then in a suspended
     * space (403 CF-SpaceSuspended): spec §7's precedence.
     */
    public static void requireActive(Caller caller, SpaceEntity space) {
        requireActive(caller, space.organization);
        if (!caller.isAdmin() && space.suspended) {
            throw CfError.SPACE_SUSPENDED.exception();
        }
    }

    /** Writers other than admins are refused in a suspended organization (403 CF-OrgSuspended). */
    public static void requireActive(Caller caller, OrganizationEntity organization) {
        if (!caller.isAdmin() && organization.suspended) {
            throw CfError.ORG_SUSPENDED.exception();
        }
    }

    private RoleSet roles(Caller caller, Long spaceId, Long organizationId) {
        if (caller.isAdmin()) {
            return RoleSet.none(caller);
        }
        @SuppressWarnings("unchecked")
        List<String> types = em.createNativeQuery("""
                SELECT r.type FROM roles r JOIN users u ON u.id = r.user_id
                 WHERE u.guid = :user AND (r.organization_id = :org OR r.space_id = :space)
                """).setParameter("user", caller.userGuid()).setParameter("org", organizationId)
                .setParameter("space", spaceId == null ? -1L : spaceId).getResultList();
        Set<RoleType> roles = EnumSet.noneOf(RoleType.class);
        for (String type : types) {
            RoleType.fromWire(type).ifPresent(roles::add);
        }
        return new RoleSet(caller, roles);
    }

    private Set<Long> ids(String sql, Caller caller) {
        @SuppressWarnings("unchecked")
        List<Number> rows = em.createNativeQuery(sql).setParameter("user", caller.userGuid()).getResultList();
        Set<Long> ids = new HashSet<>();
        for (Number row : rows) {
            ids.add(row.longValue());
        }
        return ids;
    }
}

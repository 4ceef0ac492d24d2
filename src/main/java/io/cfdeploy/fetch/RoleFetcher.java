package io.cfdeploy.fetch;

import io.cfdeploy.error.CfException;
import io.cfdeploy.message.ListQuery;
import io.cfdeploy.message.ListQuerySpec;
import io.cfdeploy.model.OrganizationEntity;
import io.cfdeploy.model.RoleEntity;
import io.cfdeploy.model.SpaceEntity;
import io.cfdeploy.model.UserEntity;
import io.cfdeploy.security.Caller;
import io.cfdeploy.security.Permissions;
import io.cfdeploy.security.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads roles the caller may see: global readers see all; others see the roles of the spaces and organizations
 * they can read (CAPI's {@code readable_roles}).
 */
@ApplicationScoped
public class RoleFetcher {
    /** CAPI's RolesListMessage; roles answer bad list parameters with 422 and order by created_at by default. */
    public static final ListQuerySpec LIST = ListQuerySpec.builder()
            .filters("guids", "organization_guids", "space_guids", "user_guids", "types")
            .include("user", "organization", "space").defaultOrderBy("created_at").unprocessableOnError().build();
    /** What {@code include} may name on a role (list and show). */
    public static final List<String> INCLUDES = List.of("user", "organization", "space");

    private static final String FROM = "roles r JOIN users u ON u.id = r.user_id"
            + " LEFT JOIN spaces s ON s.id = r.space_id LEFT JOIN organizations o ON o.id = r.organization_id";

    private final Permissions permissions;
    private final ListFetcher lists;

    RoleFetcher(Permissions permissions, ListFetcher lists) {
        this.permissions = permissions;
        this.lists = lists;
    }

    /** The role with its user, organization or space, or 404 "Role not found" when missing or not readable. */
    public RoleEntity readable(Caller caller, String guid) {
        RoleEntity role = RoleEntity.<RoleEntity>find("""
                from RoleEntity r join fetch r.user left join fetch r.organization
                 left join fetch r.space s left join fetch s.organization where r.guid = ?1
                """, guid).firstResultOptional().orElseThrow(RoleFetcher::notFound);
        boolean readable = role.space != null ? permissions.rolesIn(caller, role.space).canReadSpace()
                : permissions.rolesIn(caller, role.organization).canReadOrganization();
        if (!readable) {
            throw notFound();
        }
        return role;
    }

    public Page<RoleEntity> list(Caller caller, ListQuery query) {
        Where where = new Where("r");
        if (!caller.canReadGlobally()) {
            Scope<Long> spaces = permissions.readableSpaceIds(caller);
            Scope<Long> organizations = permissions.readableOrganizationIds(caller);
            List<String> visible = new ArrayList<>();
            if (!spaces.isEmpty()) {
                visible.add("r.space_id IN (" + where.bind(spaces.members()) + ")");
            }
            if (!organizations.isEmpty()) {
                visible.add("r.organization_id IN (" + where.bind(organizations.members()) + ")");
            }
            where.clause(visible.isEmpty() ? "FALSE" : "(" + String.join(" OR ", visible) + ")");
        }
        where.in("guid", query.filter("guids")).in("o.guid", query.filter("organization_guids"))
                .in("s.guid", query.filter("space_guids")).in("u.guid", query.filter("user_guids"))
                .in("type", query.filter("types")).timestamps(query.timestamps());
        return lists.page(RoleEntity.class, FROM, where, query);
    }

    /** The roles' users, each once, oldest first (CAPI's IncludeRoleUserDecorator). */
    public List<UserEntity> usersOf(Collection<RoleEntity> roles) {
        Set<Long> ids = new LinkedHashSet<>();
        roles.forEach(role -> ids.add(role.user.id));
        return ids.isEmpty() ? List.of() : UserEntity.list("id in ?1 order by createdAt, guid", ids);
    }

    /** The organizations of the organization roles, each once, oldest first. */
    public List<OrganizationEntity> organizationsOf(Collection<RoleEntity> roles) {
        Set<Long> ids = new LinkedHashSet<>();
        roles.stream().filter(role -> role.space == null).forEach(role -> ids.add(role.organization.id));
        return ids.isEmpty() ? List.of() : OrganizationEntity.list("id in ?1 order by createdAt, guid", ids);
    }

    /** The spaces of the space roles, each once, oldest first. */
    public List<SpaceEntity> spacesOf(Collection<RoleEntity> roles) {
        Set<Long> ids = new LinkedHashSet<>();
        roles.stream().filter(role -> role.space != null).forEach(role -> ids.add(role.space.id));
        return ids.isEmpty() ? List.of()
                : SpaceEntity.list("from SpaceEntity s join fetch s.organization where s.id in ?1"
                        + " order by s.createdAt, s.guid", ids);
    }

    public static CfException notFound() {
        return CfException.notFound("Role");
    }
}

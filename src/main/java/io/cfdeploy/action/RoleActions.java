package io.cfdeploy.action;

import io.cfdeploy.audit.AuditRecorder;
import io.cfdeploy.audit.Target;
import io.cfdeploy.error.CfException;
import io.cfdeploy.fetch.RoleFetcher;
import io.cfdeploy.fetch.UserFetcher;
import io.cfdeploy.message.RoleCreateMessage;
import io.cfdeploy.model.JobEntity;
import io.cfdeploy.model.OrganizationEntity;
import io.cfdeploy.model.RoleEntity;
import io.cfdeploy.model.RoleType;
import io.cfdeploy.model.SpaceEntity;
import io.cfdeploy.model.UserEntity;
import io.cfdeploy.security.Caller;
import io.cfdeploy.security.Permissions;
import io.cfdeploy.security.RoleSet;
import io.cfdeploy.security.UserDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Give and take organization and space roles (CAPI's RolesController, RoleCreate, RoleDeleteAction), each in one
 * transaction with its {@code audit.user.<type>_add|_remove} event (target: the user; actor: the caller).
 */
@ApplicationScoped
public class RoleActions {
    static final String INVALID_SPACE = "Invalid space. Ensure that the space exists and you have access to it.";
    static final String INVALID_ORGANIZATION =
            "Invalid organization. Ensure that the organization exists and you have access to it.";
    static final String NOT_IN_ORGANIZATION =
            "Users cannot be assigned roles in a space if they do not have a role in that space's organization.";
    static final String ORGANIZATION_USER_IN_USE =
            "Cannot delete organization_user role while user has roles in spaces in that organization.";

    private final EntityManager em;
    private final Permissions permissions;
    private final RoleFetcher roles;
    private final UserFetcher users;
    private final UserDirectory directory;
    private final AuditRecorder audit;
    private final Jobs jobs;

    RoleActions(EntityManager em, Permissions permissions, RoleFetcher roles, UserFetcher users,
            UserDirectory directory, AuditRecorder audit, Jobs jobs) {
        this.em = em;
        this.permissions = permissions;
        this.roles = roles;
        this.users = users;
        this.directory = directory;
        this.audit = audit;
        this.jobs = jobs;
    }

    @Transactional
    public RoleEntity create(Caller caller, RoleCreateMessage message) {
        return message.forSpace() ? createSpaceRole(caller, message) : createOrganizationRole(caller, message);
    }

    /**
     * 422 unless the space exists, 403 unless admin, org manager or space manager, 403 if suspended, then the
     * user must be visible to the caller and hold a role in the space's organization.
     */
    private RoleEntity createSpaceRole(Caller caller, RoleCreateMessage message) {
        SpaceEntity space = SpaceEntity.findByGuid(message.spaceGuid())
                .orElseThrow(() -> CfException.unprocessable(INVALID_SPACE));
        if (!permissions.rolesIn(caller, space).canUpdateSpace()) {
            throw CfException.notAuthorized();
        }
        Permissions.requireActive(caller, space.organization);
        String userGuid = message.userGuid() != null ? message.userGuid()
                : lookUpUserGuid(message.username(), message.userOrigin(), true);
        UserEntity user = UserEntity.findByGuid(userGuid).filter(found -> users.isReadable(caller, found))
                .orElseThrow(() -> CfException.unprocessable(NOT_IN_ORGANIZATION));
        if (RoleEntity.count("user = ?1 and organization = ?2", user, space.organization) == 0) {
            throw CfException.unprocessable(NOT_IN_ORGANIZATION);
        }
        UserFetcher.Named named = users.named(user);
        RoleEntity role = new RoleEntity();
        role.type = message.type();
        role.user = user;
        role.space = space;
        persistUnique(role, () -> CfException.unprocessable("User '" + named.presentationName() + "' already has '"
                + role.type + "' role in space '" + space.name + "'."),
                RoleEntity.count("user = ?1 and space = ?2 and type = ?3", user, space, role.type) > 0);
        audit.record("audit.user." + role.type + "_add", Actors.of(caller), target(named, space.guid,
                space.organization.guid), RequestData.of(message.request()));
        return role;
    }

    /** 422 unless the organization exists, 403 unless admin or org manager, 403 if suspended. */
    private RoleEntity createOrganizationRole(Caller caller, RoleCreateMessage message) {
        OrganizationEntity org = OrganizationEntity.findByGuid(message.organizationGuid())
                .orElseThrow(() -> CfException.unprocessable(INVALID_ORGANIZATION));
        if (!permissions.rolesIn(caller, org).canWriteToOrganization()) {
            throw CfException.notAuthorized();
        }
        Permissions.requireActive(caller, org);
        String userGuid = message.userGuid() != null ? message.userGuid()
                : lookUpUserGuid(message.username(), message.userOrigin(), false);
        UserEntity user = UserEntity.findByGuid(userGuid).orElseGet(() -> registerUser(userGuid));
        UserFetcher.Named named = users.named(user);
        RoleEntity role = new RoleEntity();
        role.type = message.type();
        role.user = user;
        role.organization = org;
        persistUnique(role, () -> CfException.unprocessable("User '" + named.presentationName() + "' already has '"
                + role.type + "' role in organization '" + org.name + "'."),
                RoleEntity.count("user = ?1 and organization = ?2 and type = ?3", user, org, role.type) > 0);
        audit.record("audit.user." + role.type + "_add", Actors.of(caller), target(named, null, org.guid),
                RequestData.of(message.request()));
        return role;
    }

    /**
     * 404 unless readable; a space role needs admin, org manager or space manager, an organization role admin or
     * org manager (403), an active organization (403), and organization_user cannot go while the user holds
     * space roles in that organization (422).
     */
    @Transactional
    public JobEntity delete(Caller caller, String guid) {
        RoleEntity role = roles.readable(caller, guid);
        OrganizationEntity org = role.space != null ? role.space.organization : role.organization;
        RoleSet callerRoles = role.space != null ? permissions.rolesIn(caller, role.space)
                : permissions.rolesIn(caller, org);
        if (role.space != null ? !callerRoles.canUpdateSpace() : !callerRoles.canWriteToOrganization()) {
            throw CfException.notAuthorized();
        }
        Permissions.requireActive(caller, org);
        RowLocks.lockFresh(em, role, RoleFetcher::notFound);
        if (RoleType.ORGANIZATION_USER.wireName().equals(role.type) && RoleEntity.count(
                "user = ?1 and space.organization = ?2", role.user, org) > 0) {
            throw CfException.unprocessable(ORGANIZATION_USER_IN_USE);
        }
        UserFetcher.Named named = users.named(role.user);
        audit.record("audit.user." + role.type + "_remove", Actors.of(caller),
                target(named, role.space == null ? null : role.space.guid, org.guid), RequestData.of(Map.of()));
        role.delete();
        em.flush();
        return jobs.completed("role", role.guid);
    }

    /**
     * The guid of the user with this name (CAPI's lookup_user_guid_in_uaa): the users table first, then the
     * identity provider. Without an origin the name must be unambiguous across origins.
     */
    private String lookUpUserGuid(String username, String givenOrigin, boolean forSpace) {
        String origin = givenOrigin;
        if (givenOrigin == null) {
            TreeSet<String> origins = new TreeSet<>();
            UserEntity.<UserEntity>list("username", username).forEach(user -> {
                if (user.origin != null) {
                    origins.add(user.origin);
                }
            });
            directory.byUsername(username).forEach(entry -> origins.add(entry.origin()));
            if (origins.size() > 1) {
                throw CfException.unprocessable("Ambiguous user. User with username '" + username
                        + "' exists in the following origins: " + String.join(", ", origins)
                        + ". Specify an origin to disambiguate.");
            }
            origin = origins.isEmpty() ? null : origins.first();
        }
        String wanted = origin;
        Optional<String> guid = UserEntity.<UserEntity>find("username = ?1 and origin = ?2", username, wanted)
                .firstResultOptional().map(user -> user.guid)
                .or(() -> directory.byUsername(username).stream().filter(entry -> entry.origin().equals(wanted))
                        .map(UserDirectory.Entry::guid).findFirst());
        if (guid.isPresent()) {
            return guid.get();
        }
        if (forSpace) {
            throw CfException.unprocessable(NOT_IN_ORGANIZATION);
        }
        if (givenOrigin != null) {
            throw CfException.unprocessable("No user exists with the username '" + username + "' and origin '"
                    + givenOrigin + "'.");
        }
        throw CfException.unprocessable("No user exists with the username '" + username + "'.");
    }

    /** The users row for a UAA user CAPI has not seen yet (CAPI's create_cc_user). */
    private UserEntity registerUser(String guid) {
        UserEntity user = new UserEntity();
        user.guid = guid;
        UniqueViolations.persist(em, user, () -> CfException.unprocessable("User with guid '" + guid
                + "' already exists."));
        return user;
    }

    private void persistUnique(RoleEntity role, java.util.function.Supplier<RuntimeException> duplicate,
            boolean exists) {
        if (exists) {
            throw duplicate.get();
        }
        UniqueViolations.persist(em, role, duplicate);
    }

    private static Target target(UserFetcher.Named user, String spaceGuid, String organizationGuid) {
        return new Target(user.user().guid, "user", user.username() == null ? "" : user.username(), spaceGuid,
                organizationGuid);
    }
}

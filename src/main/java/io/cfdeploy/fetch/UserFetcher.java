package io.cfdeploy.fetch;

import io.cfdeploy.error.CfException;
import io.cfdeploy.message.ListQuery;
import io.cfdeploy.message.ListQuerySpec;
import io.cfdeploy.model.UserEntity;
import io.cfdeploy.security.Caller;
import io.cfdeploy.security.Permissions;
import io.cfdeploy.security.Scope;
import io.cfdeploy.security.UserDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads users the caller may see (CAPI's {@code readable_users}): global readers see everyone; others see
 * themselves and the users holding an organization role in an organization where they hold one.
 */
@ApplicationScoped
public class UserFetcher {
    /** CAPI's UsersListMessage; users answer bad list parameters with 422. */
    public static final ListQuerySpec LIST = ListQuerySpec.builder().filters("guids", "usernames", "origins")
            .labelSelector().unprocessableOnError().rule((filters, errors) -> {
                if (filters.containsKey("origins") && !filters.containsKey("usernames")) {
                    errors.add("Origins filter cannot be provided without usernames filter.");
                }
            }).build();

    /** A user with the names the presenter shows: from the users row, else from the directory, else null. */
    public record Named(UserEntity user, String username, String origin) {
        /** CAPI's presentation name: the user name, else the guid. */
        public String presentationName() {
            return username != null ? username : user.guid;
        }
    }

    private final EntityManager em;
    private final Permissions permissions;
    private final ListFetcher lists;
    private final UserDirectory directory;

    UserFetcher(EntityManager em, Permissions permissions, ListFetcher lists, UserDirectory directory) {
        this.em = em;
        this.permissions = permissions;
        this.lists = lists;
        this.directory = directory;
    }

    /** The user, or 404 "User not found" when missing or not visible to the caller. */
    public UserEntity readable(Caller caller, String guid) {
        UserEntity user = UserEntity.findByGuid(guid).orElseThrow(UserFetcher::notFound);
        if (!isReadable(caller, user)) {
            throw notFound();
        }
        return user;
    }

    /** May the caller see this user? */
    public boolean isReadable(Caller caller, UserEntity user) {
        if (caller.canReadGlobally() || user.guid.equals(caller.userGuid())) {
            return true;
        }
        Scope<Long> organizations = permissions.readableOrganizationIds(caller);
        if (organizations.isEmpty()) {
            return false;
        }
        Number count = (Number) em.createNativeQuery("""
                SELECT count(*) FROM roles r WHERE r.user_id = :user AND r.organization_id IN (:orgs)
                """).setParameter("user", user.id).setParameter("orgs", organizations.members()).getSingleResult();
        return count.longValue() > 0;
    }

    public Page<UserEntity> list(Caller caller, ListQuery query) {
        Where where = new Where("u");
        if (!caller.canReadGlobally()) {
            Scope<Long> organizations = permissions.readableOrganizationIds(caller);
            String self = "u.guid = " + where.bind(caller.userGuid());
            if (organizations.isEmpty()) {
                where.clause(self);
            } else {
                where.clause("(" + self + " OR u.id IN (SELECT r.user_id FROM roles r WHERE r.organization_id IN ("
                        + where.bind(organizations.members()) + ")))");
            }
        }
        where.in("guid", query.filter("guids"));
        List<String> usernames = query.filter("usernames");
        if (usernames != null) {
            List<String> origins = query.filter("origins");
            String byRow = "u.username IN (" + where.bind(usernames) + ")"
                    + (origins == null ? "" : " AND u.origin IN (" + where.bind(origins) + ")");
            Set<String> directoryGuids = new LinkedHashSet<>();
            for (String username : usernames) {
                for (UserDirectory.Entry entry : directory.byUsername(username)) {
                    if (origins == null || (entry.origin() != null && origins.contains(entry.origin()))) {
                        directoryGuids.add(entry.guid());
                    }
                }
            }
            where.clause(directoryGuids.isEmpty() ? "(" + byRow + ")"
                    : "((" + byRow + ") OR (u.username IS NULL AND u.guid IN (" + where.bind(directoryGuids)
                            + ")))");
        }
        where.timestamps(query.timestamps()).labels(query.labelSelector());
        return lists.page(UserEntity.class, "users u", where, query);
    }

    /** The user with its names (the users row's, else the directory's). */
    public Named named(UserEntity user) {
        if (user.username != null) {
            return new Named(user, user.username, user.origin);
        }
        return directory.byGuid(user.guid).map(entry -> new Named(user, entry.username(), entry.origin()))
                .orElseGet(() -> new Named(user, null, null));
    }

    public List<Named> named(Collection<UserEntity> users) {
        return users.stream().map(this::named).toList();
    }

    public static CfException notFound() {
        return CfException.notFound("User");
    }
}

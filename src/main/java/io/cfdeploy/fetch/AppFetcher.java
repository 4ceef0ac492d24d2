package io.cfdeploy.fetch;

import io.cfdeploy.error.CfException;
import io.cfdeploy.message.ListQuery;
import io.cfdeploy.message.ListQuerySpec;
import io.cfdeploy.model.AppEntity;
import io.cfdeploy.security.Caller;
import io.cfdeploy.security.Permissions;
import io.cfdeploy.security.RoleSet;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Reads apps the caller may see: those in spaces they can read (CAPI's AppModel.user_visibility_filter). */
@ApplicationScoped
public class AppFetcher {
    private static final List<String> LIFECYCLE_TYPES = List.of("buildpack", "docker");

    /**
     * CAPI's AppsListMessage (without {@code include}): its filters in registration order, order_by also by name
     * and state, and "Invalid lifecycle_type: 'x'".
     */
    public static final ListQuerySpec LIST = ListQuerySpec.builder()
            .filters("guids", "names", "organization_guids", "space_guids", "stacks", "lifecycle_type")
            .labelSelector().orderBy("created_at", "updated_at", "name", "state")
            .rule((filters, errors) -> {
                List<String> types = filters.get("lifecycle_type");
                if (types != null && !(types.size() == 1 && LIFECYCLE_TYPES.contains(types.get(0)))) {
                    errors.add("Invalid lifecycle_type: '" + String.join(",", types) + "'");
                }
            }).build();

    /** {@code state} sorts by the desired state, as CAPI's order_by mapper does. */
    private static final Map<String, String> ORDER_COLUMNS = Map.of("created_at", "created_at", "updated_at",
            "updated_at", "name", "name", "state", "desired_state");
    private static final String FROM = "apps a JOIN spaces s ON s.id = a.space_id"
            + " JOIN organizations o ON o.id = s.organization_id";

    private final Permissions permissions;
    private final ListFetcher lists;

    AppFetcher(Permissions permissions, ListFetcher lists) {
        this.permissions = permissions;
        this.lists = lists;
    }

    /** The app (with its space and organization) and the caller's roles there; 404 "App not found" otherwise. */
    public Visible<AppEntity> readable(Caller caller, String guid) {
        return readableOr(caller, guid, AppFetcher::notFound);
    }

    /**
     * The same, refused with {@code invisible} instead: a body that names an app the caller cannot see is CAPI's
     * 422 (droplet and package creates), not a 404.
     */
    public Visible<AppEntity> readableOr(Caller caller, String guid, Supplier<CfException> invisible) {
        AppEntity app = guid == null ? null : AppEntity.findByGuid(guid).orElse(null);
        RoleSet roles = app == null ? null : permissions.rolesIn(caller, app.space);
        if (app == null || !roles.canReadSpace()) {
            throw invisible.get();
        }
        return new Visible<>(app, roles);
    }

    public Page<AppEntity> list(Caller caller, ListQuery query) {
        Where where = new Where("a").scope("a.space_id", permissions.readableSpaceIds(caller))
                .in("guid", query.filter("guids")).in("name", query.filter("names"))
                .in("o.guid", query.filter("organization_guids")).in("s.guid", query.filter("space_guids"))
                .in("lifecycle_type", query.filter("lifecycle_type"));
        List<String> stacks = query.filter("stacks");
        if (stacks != null) {
            // Only buildpack apps have a stack; an empty entry asks for apps without one.
            List<String> any = new ArrayList<>();
            List<String> named = stacks.stream().filter(stack -> !stack.isEmpty()).toList();
            if (!named.isEmpty()) {
                any.add("(a.lifecycle_data ->> 'stack') IN (" + where.bind(named) + ")");
            }
            if (named.size() < stacks.size()) {
                any.add("(a.lifecycle_data ->> 'stack') IS NULL");
            }
            where.clause("a.lifecycle_type = 'buildpack' AND (" + String.join(" OR ", any) + ")");
        }
        where.timestamps(query.timestamps()).labels(query.labelSelector());
        return lists.page(AppEntity.class, FROM, where, query, ORDER_COLUMNS);
    }

    public static CfException notFound() {
        return CfException.notFound("App");
    }
}

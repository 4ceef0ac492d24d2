package io.cfdeploy.fetch;

import io.cfdeploy.error.CfException;
import io.cfdeploy.message.ListQuery;
import io.cfdeploy.message.ListQuerySpec;
import io.cfdeploy.model.AppEntity;
import io.cfdeploy.model.SpaceEntity;
import io.cfdeploy.security.Caller;
import io.cfdeploy.security.Permissions;
import io.cfdeploy.security.RoleSet;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
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

    /** {@link #shown}'s one statement: the app, its space's guid and the caller's roles. */
    private static final SingleReads.ShowQuery SHOW = SingleReads.ShowQuery.of("""
            SELECT a.id, a.guid, a.created_at, a.updated_at, a.name, a.desired_state, a.lifecycle_type,
                   a.lifecycle_data, a.droplet_guid, a.revisions_enabled, a.labels, a.annotations,
                   s.id AS space_id, s.guid AS space_guid,
                   """ + SingleReads.ROLES + """

              FROM apps a JOIN spaces s ON s.id = a.space_id
             WHERE a.guid = ?
            """);

    private final Permissions permissions;
    private final ListFetcher lists;
    private final SingleReads single;

    AppFetcher(Permissions permissions, ListFetcher lists, SingleReads single) {
        this.permissions = permissions;
        this.lists = lists;
        this.single = single;
    }

    /**
     * The app as {@code GET /v3/apps/:guid} presents it, read in one statement with its space's guid and the
     * caller's roles: a plain object, not managed, for presenting only (its environment variables are not read).
     * 404 "App not found" as {@link #readable}.
     */
    public AppEntity shown(Caller caller, String guid) {
        AppEntity app = single.one(SHOW, caller, guid, row -> SingleReads.roles(caller, row).canReadSpace()
                ? shown(row) : null);
        if (app == null) {
            throw notFound();
        }
        return app;
    }

    private AppEntity shown(ResultSet row) throws SQLException {
        AppEntity app = new AppEntity();
        app.id = row.getLong("id");
        app.guid = row.getString("guid");
        app.createdAt = SingleReads.instant(row, "created_at");
        app.updatedAt = SingleReads.instant(row, "updated_at");
        app.name = row.getString("name");
        app.desiredState = row.getString("desired_state");
        app.lifecycleType = row.getString("lifecycle_type");
        app.lifecycleData = single.objectMap(row, "lifecycle_data");
        app.dropletGuid = row.getString("droplet_guid");
        app.revisionsEnabled = row.getBoolean("revisions_enabled");
        app.labels = single.stringMap(row, "labels");
        app.annotations = single.stringMap(row, "annotations");
        SpaceEntity space = new SpaceEntity();
        space.id = row.getLong("space_id");
        space.guid = row.getString("space_guid");
        app.space = space;
        return app;
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

package io.cfdeploy.fetch;

import io.cfdeploy.error.CfException;
import io.cfdeploy.message.ListQuery;
import io.cfdeploy.message.ListQuerySpec;
import io.cfdeploy.model.AppEntity;
import io.cfdeploy.model.BuildEntity;
import io.cfdeploy.security.Caller;
import io.cfdeploy.security.Permissions;
import io.cfdeploy.security.RoleSet;
import jakarta.enterprise.context.ApplicationScoped;

/** Reads builds the caller may see: those of apps in spaces they can read. */
@ApplicationScoped
public class BuildFetcher {
    /** CAPI's BuildsListMessage: guids, states, app_guids, package_guids and label_selector. */
    public static final ListQuerySpec LIST = ListQuerySpec.builder()
            .filters("guids", "states", "app_guids", "package_guids").labelSelector().build();

    /** CAPI's AppBuildsListMessage on {@code /v3/apps/:guid/builds}: states and label_selector. */
    public static final ListQuerySpec APP_LIST = ListQuerySpec.builder().filters("states").labelSelector().build();

    private static final String FROM = "builds b JOIN apps a ON a.id = b.app_id";

    private final Permissions permissions;
    private final ListFetcher lists;

    BuildFetcher(Permissions permissions, ListFetcher lists) {
        this.permissions = permissions;
        this.lists = lists;
    }

    /** The build (with app, space, organization) and the caller's roles; 404 "Build not found" otherwise. */
    public Visible<BuildEntity> readable(Caller caller, String guid) {
        BuildEntity build = BuildEntity.findByGuid(guid).orElseThrow(BuildFetcher::notFound);
        RoleSet roles = permissions.rolesIn(caller, build.app.space);
        if (!roles.canReadSpace()) {
            throw notFound();
        }
        return new Visible<>(build, roles);
    }

    /** {@code GET /v3/builds}: builds of apps in the spaces the caller can read. */
    public Page<BuildEntity> list(Caller caller, ListQuery query) {
        Where where = new Where("b").scope("a.space_id", permissions.readableSpaceIds(caller))
                .in("guid", query.filter("guids")).in("state", query.filter("states"))
                .in("a.guid", query.filter("app_guids")).in("package_guid", query.filter("package_guids"))
                .timestamps(query.timestamps()).labels(query.labelSelector());
        return lists.page(BuildEntity.class, FROM, where, query);
    }

    /** {@code GET /v3/apps/:guid/builds}: the app's builds. */
    public Page<BuildEntity> listForApp(AppEntity app, ListQuery query) {
        Where where = new Where("b");
        where.clause("b.app_id = " + where.bind(app.id)).in("state", query.filter("states"))
                .timestamps(query.timestamps()).labels(query.labelSelector());
        return lists.page(BuildEntity.class, "builds b", where, query);
    }

    public static CfException notFound() {
        return CfException.notFound("Build");
    }
}

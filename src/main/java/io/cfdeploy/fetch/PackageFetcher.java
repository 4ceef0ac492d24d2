package io.cfdeploy.fetch;

import io.cfdeploy.error.CfException;
import io.cfdeploy.message.ListQuery;
import io.cfdeploy.message.ListQuerySpec;
import io.cfdeploy.model.AppEntity;
import io.cfdeploy.model.PackageEntity;
import io.cfdeploy.security.Caller;
import io.cfdeploy.security.Permissions;
import io.cfdeploy.security.RoleSet;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;

/** Reads packages the caller may see: those of apps in spaces they can read. */
@ApplicationScoped
public class PackageFetcher {
    /** CAPI's PackagesListMessage: guids and label_selector (MetadataListMessage) and its own filters. */
    public static final ListQuerySpec LIST = ListQuerySpec.builder()
            .filters("guids", "states", "types", "app_guids", "space_guids", "organization_guids").labelSelector()
            .build();

    /** The same message on {@code /v3/apps/:guid/packages}, which refuses the parent filters as CAPI does. */
    public static final ListQuerySpec APP_LIST = ListQuerySpec.builder()
            .filters("guids", "states", "types", "app_guids", "space_guids", "organization_guids").labelSelector()
            .refusing("app_guids", "organization_guids", "space_guids").build();

    private static final String FROM = "packages p JOIN apps a ON a.id = p.app_id JOIN spaces s ON s.id = a.space_id"
            + " JOIN organizations o ON o.id = s.organization_id";

    private final Permissions permissions;
    private final ListFetcher lists;

    PackageFetcher(Permissions permissions, ListFetcher lists) {
        this.permissions = permissions;
        this.lists = lists;
    }

    /** The package (with app, space, organization) and the caller's roles; 404 "Package not found" otherwise. */
    public Visible<PackageEntity> readable(Caller caller, String guid) {
        return readableOr(caller, guid, PackageFetcher::notFound);
    }

    /** The same, refused with {@code invisible} instead (a build naming a package it cannot see is a 422). */
    public Visible<PackageEntity> readableOr(Caller caller, String guid, Supplier<CfException> invisible) {
        PackageEntity pkg = guid == null ? null : PackageEntity.findByGuid(guid).orElse(null);
        RoleSet roles = pkg == null ? null : permissions.rolesIn(caller, pkg.app.space);
        if (pkg == null || !roles.canReadSpace()) {
            throw invisible.get();
        }
        return new Visible<>(pkg, roles);
    }

    /** {@code GET /v3/packages}: packages of apps in the spaces the caller can read. */
    public Page<PackageEntity> list(Caller caller, ListQuery query) {
        Where where = new Where("p").scope("a.space_id", permissions.readableSpaceIds(caller))
                .in("guid", query.filter("guids")).in("state", query.filter("states"))
                .in("type", query.filter("types")).in("a.guid", query.filter("app_guids"))
                .in("s.guid", query.filter("space_guids")).in("o.guid", query.filter("organization_guids"))
                .timestamps(query.timestamps()).labels(query.labelSelector());
        return lists.page(PackageEntity.class, FROM, where, query);
    }

    /** {@code GET /v3/apps/:guid/packages}: the app's packages. */
    public Page<PackageEntity> listForApp(AppEntity app, ListQuery query) {
        Where where = new Where("p");
        where.clause("p.app_id = " + where.bind(app.id)).in("guid", query.filter("guids"))
                .in("state", query.filter("states")).in("type", query.filter("types"))
                .timestamps(query.timestamps()).labels(query.labelSelector());
        return lists.page(PackageEntity.class, "packages p", where, query);
    }

    public static CfException notFound() {
        return CfException.notFound("Package");
    }
}

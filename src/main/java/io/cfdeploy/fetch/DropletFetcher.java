package io.cfdeploy.fetch;

import io.cfdeploy.error.CfException;
import io.cfdeploy.message.ListQuery;
import io.cfdeploy.message.ListQuerySpec;
import io.cfdeploy.model.AppEntity;
import io.cfdeploy.model.DropletEntity;
import io.cfdeploy.security.Caller;
import io.cfdeploy.security.Permissions;
import io.cfdeploy.security.RoleSet;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Reads droplets the caller may see: those of apps in spaces they can read. */
@ApplicationScoped
public class DropletFetcher {
    /** CAPI's DropletsListMessage (global list). */
    public static final ListQuerySpec LIST = ListQuerySpec.builder()
            .filters("guids", "states", "app_guids", "space_guids", "organization_guids").labelSelector().build();

    /** CAPI's app-nested droplet list: no app, space or organization filters, plus {@code current}. */
    public static final ListQuerySpec APP_LIST = ListQuerySpec.builder().filters("guids", "states", "current")
            .labelSelector().rule((filters, errors) -> {
                List<String> current = filters.get("current");
                if (current != null && !(current.size() == 1
                        && (current.get(0).equals("true") || current.get(0).equals("false")))) {
                    errors.add("Current must be a boolean");
                }
            }).build();

    /** CAPI's PackageDropletsListMessage on {@code /v3/packages/:guid/droplets}: guids and states. */
    public static final ListQuerySpec PACKAGE_LIST = ListQuerySpec.builder().filters("guids", "states").build();

    private static final String FROM = "droplets d JOIN apps a ON a.id = d.app_id JOIN spaces s ON s.id = a.space_id"
            + " JOIN organizations o ON o.id = s.organization_id";

    private final Permissions permissions;
    private final ListFetcher lists;

    DropletFetcher(Permissions permissions, ListFetcher lists) {
        this.permissions = permissions;
        this.lists = lists;
    }

    /** The droplet (with app, space, organization) and the caller's roles; 404 "Droplet not found" otherwise. */
    public Visible<DropletEntity> readable(Caller caller, String guid) {
        DropletEntity droplet = DropletEntity.findByGuid(guid).orElseThrow(DropletFetcher::notFound);
        RoleSet roles = permissions.rolesIn(caller, droplet.app.space);
        if (!roles.canReadSpace()) {
            throw notFound();
        }
        return new Visible<>(droplet, roles);
    }

    /**
     * The blob key of a STAGED droplet whose sha256 is {@code sha256}, for the signed internal download (the
     * signature is the authorization: no caller), or null.
     */
    public String stagedBlobKey(String guid, String sha256) {
        return DropletEntity.<DropletEntity>find("guid = ?1 and state = ?2 and checksumValue = ?3", guid,
                DropletEntity.STAGED, sha256).firstResultOptional().map(droplet -> droplet.blobKey).orElse(null);
    }

    /** The global list hides droplets without buildpack lifecycle data (docker), as CAPI's fetcher does. */
    public Page<DropletEntity> list(Caller caller, ListQuery query) {
        Where where = new Where("d").scope("a.space_id", permissions.readableSpaceIds(caller))
                .clause("d.lifecycle_type = 'buildpack'")
                .in("guid", query.filter("guids")).in("state", query.filter("states"))
                .in("a.guid", query.filter("app_guids")).in("s.guid", query.filter("space_guids"))
                .in("o.guid", query.filter("organization_guids"))
                .timestamps(query.timestamps()).labels(query.labelSelector());
        return lists.page(DropletEntity.class, FROM, where, query);
    }

    /** The app's droplets; {@code current=true} keeps only its current droplet (none when it has none). */
    public Page<DropletEntity> listForApp(AppEntity app, ListQuery query) {
        Where where = new Where("d");
        where.clause("d.app_id = " + where.bind(app.id)).in("guid", query.filter("guids"))
                .in("state", query.filter("states")).timestamps(query.timestamps()).labels(query.labelSelector());
        List<String> current = query.filter("current");
        if (current != null && current.get(0).equals("true")) {
            where.clause(app.dropletGuid == null ? "FALSE" : "d.guid = " + where.bind(app.dropletGuid));
        }
        return lists.page(DropletEntity.class, "droplets d", where, query);
    }

    /** The droplets staged from the package (the cf CLI's restart asks for {@code states=STAGED}). */
    public Page<DropletEntity> listForPackage(String packageGuid, ListQuery query) {
        Where where = new Where("d");
        where.clause("d.package_guid = " + where.bind(packageGuid)).in("guid", query.filter("guids"))
                .in("state", query.filter("states")).timestamps(query.timestamps());
        return lists.page(DropletEntity.class, "droplets d", where, query);
    }

    /** The app's current droplet; 404 "Droplet not found" when it has none. */
    public DropletEntity currentOf(AppEntity app) {
        if (app.dropletGuid == null) {
            throw notFound();
        }
        return DropletEntity.findByGuid(app.dropletGuid).orElseThrow(DropletFetcher::notFound);
    }

    public static CfException notFound() {
        return CfException.notFound("Droplet");
    }
}

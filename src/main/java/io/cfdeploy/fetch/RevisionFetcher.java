package io.cfdeploy.fetch;

import io.cfdeploy.error.CfException;
import io.cfdeploy.message.ListQuery;
import io.cfdeploy.message.ListQuerySpec;
import io.cfdeploy.model.AppEntity;
import io.cfdeploy.model.DropletEntity;
import io.cfdeploy.model.RevisionEntity;
import io.cfdeploy.security.Caller;
import io.cfdeploy.security.Permissions;
import io.cfdeploy.security.RoleSet;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Reads revisions: visible to whoever can read their app's space (CAPI's RevisionsController, AppRevisionsListFetcher). */
@ApplicationScoped
public class RevisionFetcher {
    /** CAPI's AppRevisionsListMessage: the common keys, then {@code versions}, {@code deployable}, label_selector. */
    public static final ListQuerySpec APP_LIST = ListQuerySpec.builder().filters("guids", "versions", "deployable")
            .labelSelector().rule((filters, errors) -> {
                List<String> deployable = filters.get("deployable");
                if (deployable != null && (deployable.size() != 1 || !(deployable.get(0).equals("true")
                        || deployable.get(0).equals("false")))) {
                    errors.add("Deployable must be a boolean");
                }
            }).build();

    /** {@code GET /v3/apps/:guid/revisions/deployed}: pagination and ordering only. */
    public static final ListQuerySpec DEPLOYED = ListQuerySpec.builder().build();

    private static final String FROM = "revisions r LEFT JOIN droplets d ON d.guid = r.droplet_guid";

    private final EntityManager em;
    private final Permissions permissions;
    private final ListFetcher lists;
    private final ParentApp apps;

    RevisionFetcher(EntityManager em, Permissions permissions, ListFetcher lists, ParentApp apps) {
        this.em = em;
        this.permissions = permissions;
        this.lists = lists;
        this.apps = apps;
    }

    /** The revision, or 404 "Revision not found" when missing or not readable. */
    public Visible<RevisionEntity> readable(Caller caller, String guid) {
        RevisionEntity revision = RevisionEntity.findByGuid(guid).orElseThrow(RevisionFetcher::notFound);
        RoleSet roles = permissions.rolesIn(caller, revision.app.space);
        if (!roles.canReadSpace()) {
            throw notFound();
        }
        return new Visible<>(revision, roles);
    }

    /** {@code GET /v3/apps/:guid/revisions}: 404 "App not found" unless the app is readable. */
    public Page<RevisionEntity> listOfApp(Caller caller, String appGuid, ListQuery query) {
        AppEntity app = apps.readable(caller, appGuid).resource();
        Where where = new Where("r");
        where.clause("r.app_id = " + where.bind(app.id));
        where.in("guid", query.filter("guids"));
        List<String> versions = query.filter("versions");
        if (versions != null) {
            where.clause("CAST(r.version AS varchar) IN (" + where.bind(versions) + ")");
        }
        List<String> deployable = query.filter("deployable");
        if (deployable != null) {
            where.clause(Boolean.parseBoolean(deployable.get(0)) ? "d.state = 'STAGED'"
                    : "(d.id IS NULL OR d.state <> 'STAGED')");
        }
        where.timestamps(query.timestamps()).labels(query.labelSelector());
        return lists.page(RevisionEntity.class, FROM, where, query);
    }

    /**
     * {@code GET /v3/apps/:guid/revisions/deployed}: the distinct revisions the app's started processes run (a
     * process is started when its app is).
     */
    public Page<RevisionEntity> deployedOfApp(Caller caller, String appGuid, ListQuery query) {
        AppEntity app = apps.readable(caller, appGuid).resource();
        Where where = new Where("r");
        where.clause("r.app_id = " + where.bind(app.id));
        if (!app.isStarted()) {
            where.clause("FALSE");
        }
        where.clause("r.guid IN (SELECT p.revision_guid FROM processes p WHERE p.app_id = " + where.bind(app.id)
                + " AND p.revision_guid IS NOT NULL)");
        where.timestamps(query.timestamps());
        return lists.page(RevisionEntity.class, FROM, where, query);
    }

    /** The guids of the revisions' droplets that exist and are STAGED, in one query. */
    public Set<String> deployableDroplets(Collection<RevisionEntity> revisions) {
        Set<String> guids = new LinkedHashSet<>();
        revisions.forEach(revision -> guids.add(revision.dropletGuid));
        if (guids.isEmpty()) {
            return Set.of();
        }
        @SuppressWarnings("unchecked")
        List<String> staged = em.createNativeQuery("SELECT guid FROM droplets WHERE guid IN (:guids) AND state = :staged")
                .setParameter("guids", guids).setParameter("staged", DropletEntity.STAGED).getResultList();
        return new HashSet<>(staged);
    }

    public static CfException notFound() {
        return CfException.notFound("Revision");
    }
}

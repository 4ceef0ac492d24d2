package io.cfdeploy.fetch;


import io.cfdeploy.error.CfException;
import io.cfdeploy.message.ListQuery;
import io.cfdeploy.message.ListQuerySpec;
import io.cfdeploy.model.AppEntity;
import io.cfdeploy.model.DeploymentEntity;
import io.cfdeploy.model.DeploymentStrategyColumn;
import io.cfdeploy.security.Caller;
import io.cfdeploy.security.Permissions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.hibernate.jpa.HibernateHints;

/**
 * Reads deployments the caller may see (CAPI's DeploymentListFetcher and the controller's visibility): a
 * deployment is visible to whoever can read its app's space.
 */
@ApplicationScoped
public class DeploymentFetcher {
    /**
     * CAPI's DeploymentsListMessage: app_guids, states, status_reasons, status_values, label_selector, guids (tested
     * though undocumented), timestamps and pagination; order_by created_at / updated_at.
     */
    public static final ListQuerySpec LIST = ListQuerySpec.builder()
            .filters("guids", "app_guids", "states", "status_reasons", "status_values").labelSelector().build();

    private static final DeploymentStrategyColumn STRATEGIES = new DeploymentStrategyColumn();

    private static final String FROM = "deployments d JOIN apps a ON a.id = d.app_id"
            + " JOIN spaces s ON s.id = a.space_id JOIN organizations o ON o.id = s.organization_id";

    private static final String SHOW_COLUMNS = """
            SELECT d.id, d.guid, d.created_at, d.updated_at, d.state, d.status_value, d.status_reason,
                   d.status_updated_at, d.last_healthy_at, d.error, d.strategy, d.max_in_flight, d.web_instances,
                   d.memory_in_mb, d.disk_in_mb, d.log_rate_limit_in_bytes_per_second, d.canary_steps,
                   d.canary_current_step, d.droplet_guid, d.previous_droplet_guid, d.revision_guid,
                   d.revision_version, d.deploying_web_process_guid, d.original_web_process_instance_count,
                   d.labels, d.annotations, a.id AS app_id, a.guid AS app_guid, a.revisions_enabled""";

    /**
     * {@link #shown}'s one statement: the deployment, its app's guid and revisions flag and the caller's roles; an admin needs no roles, so neither the roles nor the space are read.
     */
    private static final SingleReads.ShowQuery SHOW = new SingleReads.ShowQuery(
            SHOW_COLUMNS + ",\n" + SingleReads.ROLES + """

              FROM deployments d JOIN apps a ON a.id = d.app_id JOIN spaces s ON s.id = a.space_id
             WHERE d.guid = ?
            """, SHOW_COLUMNS + """

              FROM deployments d JOIN apps a ON a.id = d.app_id
             WHERE d.guid = ?
            """);

    private final Permissions permissions;
    private final ListFetcher lists;
    private final SingleReads single;

    DeploymentFetcher(Permissions permissions, ListFetcher lists, SingleReads single) {
        this.permissions = permissions;
        this.lists = lists;
        this.single = single;
    }

    /**
     * The deployment to show, read in one statement (with its app's guid and revisions flag and the caller's
     * roles); 404 "Deployment not found" when it is missing or its space is not readable, as {@link #readable}.
     * What it returns is a plain object, not managed, for presenting only.
     */
    public DeploymentEntity shown(Caller caller, String guid) {
        DeploymentEntity shown = single.one(SHOW, caller, guid, row -> SingleReads.roles(caller, row).canReadSpace()
                ? shown(row) : null);
        if (shown == null) {
            throw notFound();
        }
        return shown;
    }

    private DeploymentEntity shown(ResultSet row) throws SQLException {
        DeploymentEntity deployment = new DeploymentEntity();
        deployment.id = row.getLong("id");
        deployment.guid = row.getString("guid");
        deployment.createdAt = SingleReads.instant(row, "created_at");
        deployment.updatedAt = SingleReads.instant(row, "updated_at");
        deployment.state = DeploymentEntity.State.valueOf(row.getString("state"));
        deployment.statusValue = row.getString("status_value");
        deployment.statusReason = row.getString("status_reason");
        deployment.statusUpdatedAt = SingleReads.instant(row, "status_updated_at");
        deployment.lastHealthyAt = SingleReads.instant(row, "last_healthy_at");
        deployment.error = row.getString("error");
        deployment.strategy = STRATEGIES.convertToEntityAttribute(row.getString("strategy"));
        deployment.maxInFlight = row.getInt("max_in_flight");
        deployment.webInstances = SingleReads.integer(row, "web_instances");
        deployment.memoryInMb = SingleReads.integer(row, "memory_in_mb");
        deployment.diskInMb = SingleReads.integer(row, "disk_in_mb");
        long logRate = row.getLong("log_rate_limit_in_bytes_per_second");
        deployment.logRateLimitInBytesPerSecond = row.wasNull() ? null : logRate;
        deployment.canarySteps = single.objectList(row, "canary_steps");
        deployment.canaryCurrentStep = SingleReads.integer(row, "canary_current_step");
        deployment.dropletGuid = row.getString("droplet_guid");
        deployment.previousDropletGuid = row.getString("previous_droplet_guid");
        deployment.revisionGuid = row.getString("revision_guid");
        deployment.revisionVersion = SingleReads.integer(row, "revision_version");
        deployment.deployingWebProcessGuid = row.getString("deploying_web_process_guid");
        deployment.originalWebProcessInstanceCount = row.getInt("original_web_process_instance_count");
        deployment.labels = single.stringMap(row, "labels");
        deployment.annotations = single.stringMap(row, "annotations");
        AppEntity app = new AppEntity();
        app.id = row.getLong("app_id");
        app.guid = row.getString("app_guid");
        app.revisionsEnabled = row.getBoolean("revisions_enabled");
        deployment.app = app;
        return deployment;
    }

    /** The deployment and the caller's roles, or 404 "Deployment not found" when it is missing. */
    public Visible<DeploymentEntity> find(Caller caller, String guid) {
        DeploymentEntity deployment = DeploymentEntity.findByGuid(guid).orElseThrow(DeploymentFetcher::notFound);
        return new Visible<>(deployment, permissions.rolesIn(caller, deployment.app.space));
    }

    /** The deployment, or 404 "Deployment not found" when it is missing or its space is not readable. */
    public Visible<DeploymentEntity> readable(Caller caller, String guid) {
        Visible<DeploymentEntity> found = find(caller, guid);
        if (!found.roles().canReadSpace()) {
            throw notFound();
        }
        return found;
    }

    /**
     * Forgets these deployments, so the next find or list reads them again and shows what a rollout step (its own
     * transaction) has just committed; the rest of what this request has read stays as it is.
     */
    public void forget(Collection<DeploymentEntity> deployments) {
        EntityManager em = DeploymentEntity.getEntityManager();
        deployments.forEach(em::detach);
    }

    /** {@code GET /v3/deployments}: deployments of apps in the spaces the caller can read. */
    public Page<DeploymentEntity> list(Caller caller, ListQuery query) {
        Where where = new Where("d").scope("a.space_id", permissions.readableSpaceIds(caller))
                .in("guid", query.filter("guids")).in("a.guid", query.filter("app_guids"))
                .in("state", query.filter("states")).in("status_value", query.filter("status_values"));
        List<String> reasons = query.filter("status_reasons");
        if (reasons != null) {
            // an empty element also asks for deployments without a reason, as CAPI's fetcher does
            List<String> named = reasons.stream().filter(reason -> !reason.isEmpty()).toList();
            List<String> any = new ArrayList<>();
            if (!named.isEmpty()) {
                any.add("d.status_reason IN (" + where.bind(named) + ")");
            }
            if (named.size() < reasons.size()) {
                any.add("d.status_reason IS NULL");
            }
            where.clause(any.isEmpty() ? "FALSE" : "(" + String.join(" OR ", any) + ")");
        }
        where.timestamps(query.timestamps()).labels(query.labelSelector());
        Page<DeploymentEntity> page = lists.page(DeploymentEntity.class, FROM, where, query);
        Set<Long> appIds = page.resources().stream().map(d -> d.app.id).collect(Collectors.toSet());
        if (!appIds.isEmpty()) {
            // into the session (read-only): presenting reads each app's guid and revisions flag. One array
            // parameter, so the statement is the same whatever the number of apps (an HQL "in" list is
            // re-translated on every request).
            DeploymentEntity.getEntityManager().createNativeQuery("SELECT * FROM apps WHERE id = ANY(?1)",
                    AppEntity.class).setParameter(1, appIds.toArray(Long[]::new))
                    .setHint(HibernateHints.HINT_READ_ONLY, true).getResultList();
        }
        return page;
    }

    public static CfException notFound() {
        return CfException.notFound("Deployment");
    }
}

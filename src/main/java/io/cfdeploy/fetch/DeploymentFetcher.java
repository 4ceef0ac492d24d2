package io.cfdeploy.fetch;


import io.cfdeploy.error.CfException;
import io.cfdeploy.message.ListQuery;
import io.cfdeploy.message.ListQuerySpec;
import io.cfdeploy.model.AppEntity;
import io.cfdeploy.model.DeploymentEntity;
import io.cfdeploy.model.DeploymentProcessEntity;
import io.cfdeploy.security.Caller;
import io.cfdeploy.security.Permissions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

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

    private static final String FROM = "deployments d JOIN apps a ON a.id = d.app_id"
            + " JOIN spaces s ON s.id = a.space_id JOIN organizations o ON o.id = s.organization_id";

    private final Permissions permissions;
    private final ListFetcher lists;

    DeploymentFetcher(Permissions permissions, ListFetcher lists) {
        this.permissions = permissions;
        this.lists = lists;
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
            AppEntity.list("id in ?1", appIds); // into the session: presenting reads each app's revisions flag
        }
        return page;
    }

    /** {@code new_processes} of each deployment, by deployment id, in creation order; one query. */
    public Map<Long, List<DeploymentProcessEntity>> newProcesses(Collection<DeploymentEntity> deployments) {
        Map<Long, List<DeploymentProcessEntity>> result = new HashMap<>();
        List<Long> ids = deployments.stream().map(d -> d.id).toList();
        if (ids.isEmpty()) {
            return result;
        }
        List<DeploymentProcessEntity> rows = DeploymentProcessEntity.list("deploymentId in ?1 order by id", ids);
        for (DeploymentProcessEntity row : rows) {
            result.computeIfAbsent(row.deploymentId, k -> new ArrayList<>()).add(row);
        }
        return result;
    }

    public static CfException notFound() {
        return CfException.notFound("Deployment");
    }
}

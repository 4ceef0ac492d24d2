package io.cfdeploy.action;

import io.cfdeploy.fetch.DeploymentFetcher;
import io.cfdeploy.fetch.Page;
import io.cfdeploy.message.ListQuery;
import io.cfdeploy.model.DeploymentEntity.State;
import io.cfdeploy.model.DeploymentEntity;
import io.cfdeploy.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * The reads of deployments that first advance what they show (product.md §5): a polling client sees a rollout
 * progress even where no scheduler runs (scale to zero). Not one transaction: each step commits on its own, and
 * the read that follows sees it. Only the stepped rows are forgotten and read again, nothing else of the request.
 */
@ApplicationScoped
public class DeploymentReads {
    private final DeploymentFetcher fetcher;
    private final DueSteps steps;

    DeploymentReads(DeploymentFetcher fetcher, DueSteps steps) {
        this.fetcher = fetcher;
        this.steps = steps;
    }

    /**
     * {@code GET /v3/deployments/:guid}: 404 unless readable; a moving deployment is advanced if a step is due, then
     * read again. Each read is one statement and leaves nothing in the request's persistence context.
     */
    public DeploymentEntity show(Caller caller, String guid) {
        DeploymentEntity shown = fetcher.shown(caller, guid);
        if (State.MOVING.contains(shown.state) && steps.advanceIfDue(guid)) {
            shown = fetcher.shown(caller, guid);
        }
        return shown;
    }

    /**
     * {@code GET /v3/deployments}. The list the cf CLI polls during a rollout (one app's deployments) advances its
     * moving deployments first and is read again, since a step may move one out of the filter; wider lists do
     * not, so listing many apps never turns into stepping them all.
     */
    public Page<DeploymentEntity> list(Caller caller, ListQuery query) {
        Page<DeploymentEntity> found = fetcher.list(caller, query);
        List<String> apps = query.filter("app_guids");
        if (apps == null || apps.size() != 1) {
            return found;
        }
        List<DeploymentEntity> stepped = new ArrayList<>();
        for (DeploymentEntity deployment : found.resources()) {
            if (State.MOVING.contains(deployment.state) && steps.advanceIfDue(deployment.guid)) {
                stepped.add(deployment);
            }
        }
        if (stepped.isEmpty()) {
            return found;
        }
        fetcher.forget(stepped);
        return fetcher.list(caller, query);
    }
}

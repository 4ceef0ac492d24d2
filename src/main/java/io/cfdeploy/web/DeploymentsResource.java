package io.cfdeploy.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfdeploy.action.DeploymentCancel;
import io.cfdeploy.action.DeploymentContinue;
import io.cfdeploy.action.DeploymentCreate;
import io.cfdeploy.action.DeploymentUpdate;
import io.cfdeploy.api.DeploymentsApi;
import io.cfdeploy.config.CfdeployConfig;
import io.cfdeploy.fetch.DeploymentFetcher;
import io.cfdeploy.fetch.Page;
import io.cfdeploy.message.DeploymentCreateMessage;
import io.cfdeploy.message.DeploymentUpdateMessage;
import io.cfdeploy.message.ListQuery;
import io.cfdeploy.message.ListQueryParser;
import io.cfdeploy.message.Parsed;
import io.cfdeploy.model.DeploymentEntity;
import io.cfdeploy.model.DeploymentEntity.State;
import io.cfdeploy.model.DeploymentProcessEntity;
import io.cfdeploy.present.DeploymentPresenter;
import io.cfdeploy.present.PaginatedListPresenter;
import io.cfdeploy.present.Urls;
import io.cfdeploy.rollout.DeploymentStepper;
import io.cfdeploy.security.CurrentCaller;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code /v3/deployments}: create, show, list, metadata update, cancel and continue (CAPI V3). */
public class DeploymentsResource implements DeploymentsApi {
    private final CurrentCaller caller;
    private final RequestUrls urls;
    private final DeploymentFetcher fetcher;
    private final DeploymentCreate create;
    private final DeploymentUpdate update;
    private final DeploymentCancel cancel;
    private final DeploymentContinue proceed;
    private final Idempotency idempotency;
    private final DeploymentStepper stepper;
    private final int maxInstances;

    @Context
    UriInfo uriInfo;

    DeploymentsResource(CurrentCaller caller, RequestUrls urls, DeploymentFetcher fetcher, DeploymentCreate create,
            DeploymentUpdate update, DeploymentCancel cancel, DeploymentContinue proceed, Idempotency idempotency,
            DeploymentStepper stepper, CfdeployConfig config) {
        this.caller = caller;
        this.urls = urls;
        this.fetcher = fetcher;
        this.create = create;
        this.update = update;
        this.cancel = cancel;
        this.proceed = proceed;
        this.idempotency = idempotency;
        this.stepper = stepper;
        this.maxInstances = config.limits().maxInstances();
    }

    @Override
    public Response createDeployment(JsonNode body, String idempotencyKey) {
        return idempotency.once(idempotencyKey, body, uriInfo, () -> Response.status(Response.Status.CREATED)
                .entity(present(create.create(caller.get(),
                        Parsed.of(() -> DeploymentCreateMessage.parse(body, maxInstances))))).build());
    }

    /** A moving deployment is first advanced if a step is due, so a polling client sees progress (product.md §5). */
    @Override
    public Response getDeployment(String guid) {
        DeploymentEntity deployment = fetcher.readable(caller.get(), guid).deployment();
        if (State.MOVING.contains(deployment.state) && stepper.advanceIfDue(guid)) {
            fetcher.forget(List.of(deployment));
            deployment = fetcher.readable(caller.get(), guid).deployment();
        }
        return Response.ok(present(deployment)).build();
    }

    @Override
    public Response listDeployments(String page, String perPage, String orderBy, String guids, String appGuids,
            String states, String statusReasons, String statusValues, String labelSelector, String createdAts,
            String updatedAts) {
        ListQuery query = ListQueryParser.parse(RequestUrls.queryParameters(uriInfo), DeploymentFetcher.LIST);
        Page<DeploymentEntity> found = fetcher.list(caller.get(), query);
        List<DeploymentEntity> stepped = advanceMoving(query, found.resources());
        if (!stepped.isEmpty()) {
            // the stepped rows read again, then the page again: a step may move a deployment out of the filter
            fetcher.forget(stepped);
            found = fetcher.list(caller.get(), query);
        }
        Map<Long, List<DeploymentProcessEntity>> processes = fetcher.newProcesses(found.resources());
        Urls links = urls.of(uriInfo);
        return Response.ok(PaginatedListPresenter.present(links, "/v3/deployments", query, found.totalResults(),
                found.resources(), deployment -> DeploymentPresenter.present(deployment,
                        processes.getOrDefault(deployment.id, List.of()), links))).build();
    }

    @Override
    public Response updateDeployment(String guid, JsonNode body) {
        return Response.ok(present(update.update(caller.get(), guid,
                Parsed.of(() -> DeploymentUpdateMessage.parse(body))))).build();
    }

    /** 200 with an empty body, as CAPI. */
    @Override
    public Response cancelDeployment(String guid) {
        cancel.cancel(caller.get(), guid);
        return Response.ok().build();
    }

    /** 200 with an empty body, as CAPI. */
    @Override
    public Response continueDeployment(String guid) {
        proceed.proceed(caller.get(), guid);
        return Response.ok().build();
    }

    /**
     * The list the cf CLI polls during a rollout (one app's deployments) advances the moving ones first; wider
     * lists do not, so listing many apps never turns into stepping them all.
     */
    private List<DeploymentEntity> advanceMoving(ListQuery query, List<DeploymentEntity> page) {
        List<String> apps = query.filter("app_guids");
        if (apps == null || apps.size() != 1) {
            return List.of();
        }
        List<DeploymentEntity> stepped = new ArrayList<>();
        for (DeploymentEntity deployment : page) {
            if (State.MOVING.contains(deployment.state) && stepper.advanceIfDue(deployment.guid)) {
                stepped.add(deployment);
            }
        }
        return stepped;
    }

    private ObjectNode present(DeploymentEntity deployment) {
        List<DeploymentProcessEntity> processes = fetcher.newProcesses(List.of(deployment))
                .getOrDefault(deployment.id, List.of());
        return DeploymentPresenter.present(deployment, processes, urls.of(uriInfo));
    }
}

package io.cfdeploy.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfdeploy.action.DeploymentCancel;
import io.cfdeploy.action.DeploymentContinue;
import io.cfdeploy.action.DeploymentCreate;
import io.cfdeploy.action.DeploymentReads;
import io.cfdeploy.action.DeploymentUpdate;
import io.cfdeploy.api.DeploymentsApi;
import io.cfdeploy.config.CfdeployConfig;
import io.cfdeploy.fetch.DeploymentFetcher;
import io.cfdeploy.message.DeploymentCreateMessage;
import io.cfdeploy.message.DeploymentUpdateMessage;
import io.cfdeploy.message.Parsed;
import io.cfdeploy.model.DeploymentEntity;
import io.cfdeploy.present.DeploymentPresenter;
import io.cfdeploy.security.CurrentCaller;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** {@code /v3/deployments}: create, show, list, metadata update, cancel and continue (CAPI V3). */
public class DeploymentsResource implements DeploymentsApi {
    private final CurrentCaller caller;
    private final RequestUrls urls;
    private final Lists lists;
    private final DeploymentCreate create;
    private final DeploymentUpdate update;
    private final DeploymentCancel cancel;
    private final DeploymentContinue proceed;
    private final Idempotency idempotency;
    private final DeploymentReads reads;
    private final int maxInstances;

    @Context
    UriInfo uriInfo;

    DeploymentsResource(CurrentCaller caller, RequestUrls urls, Lists lists, DeploymentCreate create,
            DeploymentUpdate update, DeploymentCancel cancel, DeploymentContinue proceed, Idempotency idempotency,
            DeploymentReads reads, CfdeployConfig config) {
        this.caller = caller;
        this.urls = urls;
        this.lists = lists;
        this.create = create;
        this.update = update;
        this.cancel = cancel;
        this.proceed = proceed;
        this.idempotency = idempotency;
        this.reads = reads;
        this.maxInstances = config.limits().maxInstances();
    }

    @Override
    public Response createDeployment(JsonNode body, String idempotencyKey) {
        return idempotency.once(idempotencyKey, body, uriInfo, () -> {
            DeploymentEntity created = create.create(caller.get(),
                    Parsed.of(() -> DeploymentCreateMessage.parse(body, maxInstances)));
            return Response.status(Response.Status.CREATED).entity(present(created)).build();
        });
    }

    /** A moving deployment is first advanced if a step is due, so a polling client sees progress (product.md §5). */
    @Override
    public Response getDeployment(String guid) {
        return Response.ok(present(reads.show(caller.get(), guid))).build();
    }

    @Override
    public Response listDeployments(String page, String perPage, String orderBy, String guids, String appGuids,
            String states, String statusReasons, String statusValues, String labelSelector, String createdAts,
            String updatedAts) {
        Lists.Listed<DeploymentEntity> listed = lists.fetch(uriInfo, DeploymentFetcher.LIST,
                query -> reads.list(caller.get(), query));
        return listed.respond("/v3/deployments", deployment -> DeploymentPresenter.present(deployment,
                listed.links()));
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

    private ObjectNode present(DeploymentEntity deployment) {
        return DeploymentPresenter.present(deployment, urls.of(uriInfo));
    }
}

package io.cfdeploy.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.cfdeploy.api.AppsApi;
import io.cfdeploy.error.CfError;
import io.cfdeploy.web.AppProcessEndpoints;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * TEST-ONLY, TEMPORARY. Serves the app-nested process and revision routes by delegating to
 * {@link AppProcessEndpoints}, exactly as the real AppsResource (built on another branch) does, so those routes
 * can be tested here. Every other apps route answers 404. {@code AppRoutesStubGuardTest} fails as soon as
 * {@code io.cfdeploy.web.AppsResource} exists: delete this class and that test when merging.
 */
public class AppRoutesStubForProcessTests implements AppsApi {
    private final AppProcessEndpoints endpoints;

    @Context
    UriInfo uriInfo;

    AppRoutesStubForProcessTests(AppProcessEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    @Override
    public Response listAppProcesses(String guid, String page, String perPage, String orderBy, String guids,
            String types, String labelSelector, String createdAts, String updatedAts) {
        return endpoints.listAppProcesses(guid, uriInfo);
    }

    @Override
    public Response getAppProcess(String guid, String type) {
        return endpoints.getAppProcess(guid, type, uriInfo);
    }

    @Override
    public Response updateAppProcess(String guid, String type, JsonNode body) {
        return endpoints.updateAppProcess(guid, type, body, uriInfo);
    }

    @Override
    public Response scaleAppProcess(String guid, String type, JsonNode body) {
        return endpoints.scaleAppProcess(guid, type, body, uriInfo);
    }

    @Override
    public Response getAppProcessStats(String guid, String type) {
        return endpoints.getAppProcessStats(guid, type, uriInfo);
    }

    @Override
    public Response listAppRevisions(String guid, String page, String perPage, String orderBy, String guids,
            String versions, String deployable, String labelSelector, String createdAts, String updatedAts) {
        return endpoints.listAppRevisions(guid, uriInfo);
    }

    @Override
    public Response listAppDeployedRevisions(String guid, String page, String perPage, String orderBy) {
        return endpoints.listAppDeployedRevisions(guid, uriInfo);
    }

    // Not served by this branch.

    @Override
    public Response createApp(JsonNode body) {
        throw CfError.NOT_FOUND.exception();
    }

    @Override
    public Response deleteApp(String guid) {
        throw CfError.NOT_FOUND.exception();
    }

    @Override
    public Response getApp(String guid) {
        throw CfError.NOT_FOUND.exception();
    }

    @Override
    public Response getAppCurrentDroplet(String guid) {
        throw CfError.NOT_FOUND.exception();
    }

    @Override
    public Response getAppCurrentDropletRelationship(String guid) {
        throw CfError.NOT_FOUND.exception();
    }

    @Override
    public Response getAppEnvironmentVariables(String guid) {
        throw CfError.NOT_FOUND.exception();
    }

    @Override
    public Response getAppFeature(String guid, String name) {
        throw CfError.NOT_FOUND.exception();
    }

    @Override
    public Response listAppDroplets(String guid, String page, String perPage, String orderBy, String guids,
            String states, String current, String labelSelector, String createdAts, String updatedAts) {
        throw CfError.NOT_FOUND.exception();
    }

    @Override
    public Response listAppFeatures(String guid) {
        throw CfError.NOT_FOUND.exception();
    }

    @Override
    public Response listApps(String page, String perPage, String orderBy, String guids, String names,
            String organizationGuids, String spaceGuids, String stacks, String lifecycleType, String labelSelector,
            String createdAts, String updatedAts) {
        throw CfError.NOT_FOUND.exception();
    }

    @Override
    public Response restartApp(String guid) {
        throw CfError.NOT_FOUND.exception();
    }

    @Override
    public Response setAppCurrentDroplet(String guid, JsonNode body) {
        throw CfError.NOT_FOUND.exception();
    }

    @Override
    public Response startApp(String guid) {
        throw CfError.NOT_FOUND.exception();
    }

    @Override
    public Response stopApp(String guid) {
        throw CfError.NOT_FOUND.exception();
    }

    @Override
    public Response updateApp(String guid, JsonNode body) {
        throw CfError.NOT_FOUND.exception();
    }

    @Override
    public Response updateAppEnvironmentVariables(String guid, JsonNode body) {
        throw CfError.NOT_FOUND.exception();
    }

    @Override
    public Response updateAppFeature(String guid, String name, JsonNode body) {
        throw CfError.NOT_FOUND.exception();
    }
}

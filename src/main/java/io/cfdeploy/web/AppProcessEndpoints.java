package io.cfdeploy.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.cfdeploy.error.CfError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * The process and revision routes nested under {@code /v3/apps/:guid} (AppsResource delegates here, so process
 * and revision code stays together).
 */
@ApplicationScoped
public class AppProcessEndpoints {

    public Response listAppProcesses(String appGuid, UriInfo uriInfo) {
        throw CfError.NOT_FOUND.exception();
    }

    public Response getAppProcess(String appGuid, String type, UriInfo uriInfo) {
        throw CfError.NOT_FOUND.exception();
    }

    public Response updateAppProcess(String appGuid, String type, JsonNode body, UriInfo uriInfo) {
        throw CfError.NOT_FOUND.exception();
    }

    public Response scaleAppProcess(String appGuid, String type, JsonNode body, UriInfo uriInfo) {
        throw CfError.NOT_FOUND.exception();
    }

    public Response getAppProcessStats(String appGuid, String type, UriInfo uriInfo) {
        throw CfError.NOT_FOUND.exception();
    }

    public Response listAppRevisions(String appGuid, UriInfo uriInfo) {
        throw CfError.NOT_FOUND.exception();
    }

    public Response listAppDeployedRevisions(String appGuid, UriInfo uriInfo) {
        throw CfError.NOT_FOUND.exception();
    }
}

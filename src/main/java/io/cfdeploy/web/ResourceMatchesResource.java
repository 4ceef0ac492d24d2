package io.cfdeploy.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.cfdeploy.api.ResourceMatchesApi;
import io.cfdeploy.message.ResourceMatchCreateMessage;
import io.cfdeploy.present.ResourceMatchPresenter;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * {@code POST /v3/resource_matches}: any authenticated caller with the write scope, as CAPI. cfdeploy keeps no
 * cache of pushed files yet, so nothing matches and the cf CLI uploads every file, which CAPI allows (its
 * {@code resource_matching} flag off answers the same).
 */
public class ResourceMatchesResource implements ResourceMatchesApi {

    @Override
    public Response createResourceMatch(JsonNode body) {
        ResourceMatchCreateMessage.parse(body);
        return Response.status(Response.Status.CREATED).entity(ResourceMatchPresenter.present(List.of())).build();
    }
}

package io.cfdeploy.present;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfdeploy.model.DomainEntity;

/**
 * The domain resource in CAPI's key order (DomainPresenter): guid, created_at, updated_at, name, internal,
 * router_group, supported_protocols, relationships, metadata, links. Every domain here is shared and serves http.
 */
public final class DomainPresenter {
    private DomainPresenter() {
    }

    public static ObjectNode present(DomainEntity domain, Urls urls) {
        ObjectNode json = Json.resource(domain.guid, domain.createdAt, domain.updatedAt);
        json.put("name", domain.name);
        json.put("internal", domain.internal);
        json.putNull("router_group");
        json.putArray("supported_protocols").add("http");
        ObjectNode relationships = json.putObject("relationships");
        relationships.set("organization", Json.toOne(null));
        relationships.putObject("shared_organizations").putArray("data");
        json.set("metadata", Json.metadata(domain.labels, domain.annotations));
        String self = urls.of("/v3/domains/" + domain.guid);
        ObjectNode links = json.putObject("links");
        links.set("self", Json.link(self));
        links.set("route_reservations", Json.link(self + "/route_reservations"));
        return json;
    }
}

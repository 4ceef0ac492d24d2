package io.cfdeploy.present;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfdeploy.model.OrganizationEntity;

/** The organization resource, in CAPI's key order. Quotas are not modelled: the quota relationship is null. */
public final class OrganizationPresenter {
    private OrganizationPresenter() {
    }

    public static ObjectNode present(OrganizationEntity org, Urls urls) {
        ObjectNode json = Json.resource(org.guid, org.createdAt, org.updatedAt);
        json.put("name", org.name);
        json.put("suspended", org.suspended);
        json.putObject("relationships").set("quota", Json.toOne(null));
        json.set("metadata", Json.metadata(org.labels, org.annotations));
        String self = urls.of("/v3/organizations/" + org.guid);
        ObjectNode links = json.putObject("links");
        links.set("self", Json.link(self));
        links.set("domains", Json.link(self + "/domains"));
        links.set("default_domain", Json.link(self + "/domains/default"));
        return json;
    }
}

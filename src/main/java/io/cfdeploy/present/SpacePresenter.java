package io.cfdeploy.present;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfdeploy.model.SpaceEntity;

/** The space resource, in CAPI's key order. Space quotas are not modelled: the quota relationship is null. */
public final class SpacePresenter {
    private SpacePresenter() {
    }

    public static ObjectNode present(SpaceEntity space, Urls urls) {
        ObjectNode json = Json.resource(space.guid, space.createdAt, space.updatedAt);
        json.put("name", space.name);
        json.put("suspended", space.suspended);
        String organizationGuid = space.organization.guid;
        ObjectNode relationships = json.putObject("relationships");
        relationships.set("organization", Json.toOne(organizationGuid));
        relationships.set("quota", Json.toOne(null));
        json.set("metadata", Json.metadata(space.labels, space.annotations));
        String self = urls.of("/v3/spaces/" + space.guid);
        ObjectNode links = json.putObject("links");
        links.set("self", Json.link(self));
        links.set("organization", Json.link(urls.of("/v3/organizations/" + organizationGuid)));
        links.set("features", Json.link(self + "/features"));
        links.set("apply_manifest", Json.postLink(self + "/actions/apply_manifest"));
        return json;
    }
}

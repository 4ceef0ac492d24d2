package io.cfdeploy.present;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfdeploy.model.RoleEntity;

/**
 * The role resource. Key order differs by kind, as CAPI's RolePresenter: an organization role lists
 * {@code user, organization, space} (space null) and links to its organization; a space role lists
 * {@code user, space, organization} (organization null) and links to its space.
 */
public final class RolePresenter {
    private RolePresenter() {
    }

    public static ObjectNode present(RoleEntity role, Urls urls) {
        ObjectNode json = Json.resource(role.guid, role.createdAt, role.updatedAt);
        json.put("type", role.type);
        String userGuid = role.user.guid;
        ObjectNode relationships = json.putObject("relationships");
        relationships.set("user", Json.toOne(userGuid));
        ObjectNode links = Json.object();
        links.set("self", Json.link(urls.of("/v3/roles/" + role.guid)));
        links.set("user", Json.link(urls.of("/v3/users/" + UserPresenter.escape(userGuid))));
        if (role.space != null) {
            relationships.set("space", Json.toOne(role.space.guid));
            relationships.set("organization", Json.toOne(null));
            links.set("space", Json.link(urls.of("/v3/spaces/" + role.space.guid)));
        } else {
            relationships.set("organization", Json.toOne(role.organization.guid));
            relationships.set("space", Json.toOne(null));
            links.set("organization", Json.link(urls.of("/v3/organizations/" + role.organization.guid)));
        }
        json.set("links", links);
        return json;
    }
}

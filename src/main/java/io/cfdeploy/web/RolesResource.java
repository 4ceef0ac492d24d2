package io.cfdeploy.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfdeploy.action.RoleActions;
import io.cfdeploy.api.RolesApi;
import io.cfdeploy.error.CfError;
import io.cfdeploy.fetch.RoleFetcher;
import io.cfdeploy.fetch.UserFetcher;
import io.cfdeploy.message.RoleCreateMessage;
import io.cfdeploy.message.ShowQuery;
import io.cfdeploy.model.RoleEntity;
import io.cfdeploy.present.Included;
import io.cfdeploy.present.OrganizationPresenter;
import io.cfdeploy.present.RolePresenter;
import io.cfdeploy.present.SpacePresenter;
import io.cfdeploy.present.Urls;
import io.cfdeploy.present.UserPresenter;
import io.cfdeploy.security.CurrentCaller;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;

public class RolesResource implements RolesApi {
    private final CurrentCaller caller;
    private final RequestUrls urls;
    private final Lists lists;
    private final RoleFetcher fetcher;
    private final UserFetcher users;
    private final RoleActions actions;

    @Context
    UriInfo uriInfo;

    RolesResource(CurrentCaller caller, RequestUrls urls, Lists lists, RoleFetcher fetcher, UserFetcher users,
            RoleActions actions) {
        this.caller = caller;
        this.urls = urls;
        this.lists = lists;
        this.fetcher = fetcher;
        this.users = users;
        this.actions = actions;
    }

    @Override
    public Response listRoles(String page, String perPage, String orderBy, String guids, String types,
            String organizationGuids, String spaceGuids, String userGuids, String include, String createdAts,
            String updatedAts) {
        Lists.Listed<RoleEntity> listed = lists.fetch(uriInfo, RoleFetcher.LIST,
                query -> fetcher.list(caller.get(), query));
        ObjectNode body = listed.body("/v3/roles", role -> RolePresenter.present(role, listed.links()));
        include(body, listed.query().filter("include"), listed.resources(), listed.links());
        return Response.ok(body).build();
    }

    @Override
    public Response createRole(JsonNode body) {
        RoleEntity role = actions.create(caller.get(), RoleCreateMessage.parse(body));
        return Response.status(Response.Status.CREATED).entity(RolePresenter.present(role, urls.of(uriInfo)))
                .build();
    }

    @Override
    public Response getRole(String guid, String include) {
        List<String> includes = ShowQuery.includes(RequestUrls.queryParameters(uriInfo), RoleFetcher.INCLUDES,
                CfError.UNPROCESSABLE_ENTITY);
        RoleEntity role = fetcher.readable(caller.get(), guid);
        Urls links = urls.of(uriInfo);
        ObjectNode body = RolePresenter.present(role, links);
        include(body, includes, List.of(role), links);
        return Response.ok(body).build();
    }

    @Override
    public Response deleteRole(String guid) {
        return Jobs.accepted(actions.delete(caller.get(), guid), urls.of(uriInfo));
    }

    /** CAPI's role include decorators, always in the order user, organization, space. */
    private void include(ObjectNode body, List<String> includes, List<RoleEntity> roles, Urls links) {
        if (includes == null) {
            return;
        }
        if (includes.contains("user")) {
            Included.add(body, "users", users.named(fetcher.usersOf(roles)).stream()
                    .map(user -> UserPresenter.present(user.user(), user.username(), user.origin(), links))
                    .toList());
        }
        if (includes.contains("organization")) {
            Included.add(body, "organizations", fetcher.organizationsOf(roles).stream()
                    .map(org -> OrganizationPresenter.present(org, links)).toList());
        }
        if (includes.contains("space")) {
            Included.add(body, "spaces", fetcher.spacesOf(roles).stream()
                    .map(space -> SpacePresenter.present(space, links)).toList());
        }
    }
}

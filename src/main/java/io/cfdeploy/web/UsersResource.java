package io.cfdeploy.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.cfdeploy.action.UserActions;
import io.cfdeploy.api.UsersApi;
import io.cfdeploy.fetch.UserFetcher;
import io.cfdeploy.message.UserCreateMessage;
import io.cfdeploy.model.UserEntity;
import io.cfdeploy.present.Urls;
import io.cfdeploy.present.UserPresenter;
import io.cfdeploy.security.Caller;
import io.cfdeploy.security.CurrentCaller;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

public class UsersResource implements UsersApi {
    private final CurrentCaller caller;
    private final RequestUrls urls;
    private final Lists lists;
    private final UserFetcher fetcher;
    private final UserActions actions;

    @Context
    UriInfo uriInfo;

    UsersResource(CurrentCaller caller, RequestUrls urls, Lists lists, UserFetcher fetcher, UserActions actions) {
        this.caller = caller;
        this.urls = urls;
        this.lists = lists;
        this.fetcher = fetcher;
        this.actions = actions;
    }

    @Override
    public Response listUsers(String page, String perPage, String orderBy, String guids, String usernames,
            String origins, String labelSelector, String createdAts, String updatedAts) {
        Lists.Listed<UserEntity> listed = lists.fetch(uriInfo, UserFetcher.LIST,
                query -> fetcher.list(caller.get(), query));
        return Response.ok(listed.body("/v3/users", fetcher.named(listed.resources()),
                user -> present(user, listed.links()))).build();
    }

    /** Admins only; the 403 comes before the body is read, as in CAPI. */
    @Override
    public Response createUser(JsonNode body) {
        Caller current = caller.get();
        UserActions.requireCreator(current);
        UserEntity user = actions.create(current, UserCreateMessage.parse(body));
        return Response.status(Response.Status.CREATED).entity(present(fetcher.named(user), urls.of(uriInfo)))
                .build();
    }

    @Override
    public Response getUser(String guid) {
        return Response.ok(present(fetcher.named(fetcher.readable(caller.get(), guid)), urls.of(uriInfo))).build();
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode present(UserFetcher.Named user, Urls links) {
        return UserPresenter.present(user.user(), user.username(), user.origin(), links);
    }
}

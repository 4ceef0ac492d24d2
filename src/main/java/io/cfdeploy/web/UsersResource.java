package io.cfdeploy.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.cfdeploy.action.UserActions;
import io.cfdeploy.api.UsersApi;
import io.cfdeploy.fetch.Page;
import io.cfdeploy.fetch.UserFetcher;
import io.cfdeploy.message.ListQuery;
import io.cfdeploy.message.ListQueryParser;
import io.cfdeploy.message.UserCreateMessage;
import io.cfdeploy.model.UserEntity;
import io.cfdeploy.present.PaginatedListPresenter;
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
    private final UserFetcher fetcher;
    private final UserActions actions;

    @Context
    UriInfo uriInfo;

    UsersResource(CurrentCaller caller, RequestUrls urls, UserFetcher fetcher, UserActions actions) {
        this.caller = caller;
        this.urls = urls;
        this.fetcher = fetcher;
        this.actions = actions;
    }

    @Override
    public Response listUsers(String page, String perPage, String orderBy, String guids, String usernames,
            String origins, String labelSelector, String createdAts, String updatedAts) {
        ListQuery query = ListQueryParser.parse(RequestUrls.queryParameters(uriInfo), UserFetcher.LIST);
        Page<UserEntity> result = fetcher.list(caller.get(), query);
        Urls links = urls.of(uriInfo);
        return Response.ok(PaginatedListPresenter.present(links, "/v3/users", query, result.totalResults(),
                fetcher.named(result.resources()), user -> present(user, links))).build();
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

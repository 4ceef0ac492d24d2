package io.cfdeploy.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfdeploy.fetch.Page;
import io.cfdeploy.message.ListQuery;
import io.cfdeploy.message.ListQueryParser;
import io.cfdeploy.message.ListQuerySpec;
import io.cfdeploy.present.PaginatedListPresenter;
import io.cfdeploy.present.Urls;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.function.Function;

/**
 * What every list endpoint does: parse the query with the endpoint's spec (a 400 before anything is looked up),
 * fetch the page, present it in CAPI's pagination envelope with the request's link base.
 */
@ApplicationScoped
public class Lists {
    private final RequestUrls urls;

    Lists(RequestUrls urls) {
        this.urls = urls;
    }

    /** Parses the request's query with {@code spec}, then fetches the page it asks for. */
    public <T> Listed<T> fetch(UriInfo uriInfo, ListQuerySpec spec, Function<ListQuery, Page<T>> fetch) {
        ListQuery query = ListQueryParser.parse(RequestUrls.queryParameters(uriInfo), spec);
        return new Listed<>(query, fetch.apply(query), urls.of(uriInfo));
    }

    /** An endpoint that always lists nothing (what cfdeploy does not have yet), after {@code check}. */
    public Response empty(UriInfo uriInfo, ListQuerySpec spec, String path, Runnable check) {
        return fetch(uriInfo, spec, query -> {
            check.run();
            return new Page<Object>(List.of(), 0);
        }).respond(path, resource -> null);
    }

    /** A fetched page with the query that asked for it and the links to render it with. */
    public record Listed<T>(ListQuery query, Page<T> page, Urls links) {

        public List<T> resources() {
            return page.resources();
        }

        /** The pagination envelope with each resource presented. */
        public ObjectNode body(String path, Function<T, ObjectNode> present) {
            return body(path, page.resources(), present);
        }

        /** The envelope over the page's resources as the caller prepared them (one per row, in order). */
        public <R> ObjectNode body(String path, List<R> resources, Function<R, ObjectNode> present) {
            return PaginatedListPresenter.present(links, path, query, page.totalResults(), resources, present);
        }

        public Response respond(String path, Function<T, ObjectNode> present) {
            return Response.ok(body(path, present)).build();
        }
    }
}

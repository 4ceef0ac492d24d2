package io.cfdeploy.present;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfdeploy.message.ListQuery;
import io.cfdeploy.message.ListQueryParser;
import java.util.List;
import java.util.function.Function;

/** The V3 pagination envelope: total counts, first/last/next/previous links, then the resources. */
public final class PaginatedListPresenter {
    private PaginatedListPresenter() {
    }

    public static <T> ObjectNode present(Urls urls, String path, ListQuery query, long totalResults,
            List<T> resources, Function<T, ObjectNode> presenter) {
        long totalPages = Math.max(1, (totalResults + query.perPage() - 1) / query.perPage());
        ObjectNode body = Json.object();
        ObjectNode pagination = body.putObject("pagination");
        pagination.put("total_results", totalResults);
        pagination.put("total_pages", totalPages);
        pagination.set("first", Json.link(pageUrl(urls, path, query, 1)));
        pagination.set("last", Json.link(pageUrl(urls, path, query, totalPages)));
        if (query.page() < totalPages) {
            pagination.set("next", Json.link(pageUrl(urls, path, query, query.page() + 1)));
        } else {
            pagination.putNull("next");
        }
        if (query.page() > 1) {
            pagination.set("previous", Json.link(pageUrl(urls, path, query, query.page() - 1)));
        } else {
            pagination.putNull("previous");
        }
        ArrayNode items = body.putArray("resources");
        for (T resource : resources) {
            items.add(presenter.apply(resource));
        }
        return body;
    }

    private static String pageUrl(Urls urls, String path, ListQuery query, long page) {
        return urls.of(path) + "?" + ListQueryParser.queryString(query.linkParams(), page);
    }
}

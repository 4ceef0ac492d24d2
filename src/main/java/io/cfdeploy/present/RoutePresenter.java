package io.cfdeploy.present;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfdeploy.model.RouteDestinationEntity;
import io.cfdeploy.model.RouteEntity;
import java.util.List;

/**
 * The route resource in CAPI's key order (RoutePresenter): guid, created_at, updated_at, protocol, host, path, port,
 * url, destinations, options (only when set), metadata, relationships, links; and the destinations list
 * (RouteDestinationsPresenter).
 */
public final class RoutePresenter {
    private RoutePresenter() {
    }

    /** @param destinations the route's destinations with their apps, oldest first */
    public static ObjectNode present(RouteEntity route, List<RouteDestinationEntity> destinations, Urls urls) {
        ObjectNode json = Json.resource(route.guid, route.createdAt, route.updatedAt);
        json.put("protocol", "http");
        json.put("host", route.host);
        json.put("path", route.path);
        json.put("port", route.port);
        json.put("url", route.url());
        ArrayNode items = json.putArray("destinations");
        destinations.forEach(destination -> items.add(destination(destination)));
        if (route.options != null) {
            ObjectNode options = json.putObject("options");
            route.options.forEach(options::put);
        }
        json.set("metadata", Json.metadata(route.labels, route.annotations));
        ObjectNode relationships = json.putObject("relationships");
        relationships.set("space", Json.toOne(route.space.guid));
        relationships.set("domain", Json.toOne(route.domain.guid));
        String self = urls.of("/v3/routes/" + route.guid);
        ObjectNode links = json.putObject("links");
        links.set("self", Json.link(self));
        links.set("space", Json.link(urls.of("/v3/spaces/" + route.space.guid)));
        links.set("destinations", Json.link(self + "/destinations"));
        links.set("domain", Json.link(urls.of("/v3/domains/" + route.domain.guid)));
        return json;
    }

    /** {@code {"destinations": […], "links": {self, route}}}. */
    public static ObjectNode destinations(RouteEntity route, List<RouteDestinationEntity> destinations, Urls urls) {
        ObjectNode json = Json.object();
        ArrayNode items = json.putArray("destinations");
        destinations.forEach(destination -> items.add(destination(destination)));
        String self = urls.of("/v3/routes/" + route.guid);
        ObjectNode links = json.putObject("links");
        links.set("self", Json.link(self + "/destinations"));
        links.set("route", Json.link(self));
        return json;
    }

    /** guid, app {guid, process {type}}, weight, port, protocol. */
    static ObjectNode destination(RouteDestinationEntity destination) {
        ObjectNode json = Json.object().put("guid", destination.guid);
        ObjectNode app = json.putObject("app").put("guid", destination.app.guid);
        app.putObject("process").put("type", destination.processType);
        json.put("weight", destination.weight);
        json.put("port", destination.port);
        json.put("protocol", destination.protocol);
        return json;
    }
}

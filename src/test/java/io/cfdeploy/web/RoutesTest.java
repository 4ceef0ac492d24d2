package io.cfdeploy.web;

import static io.cfdeploy.support.Fixtures.newGuid;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.cfdeploy.support.Api;
import io.cfdeploy.support.AppFixtures;
import io.cfdeploy.support.Db;
import io.cfdeploy.support.Errors;
import io.cfdeploy.support.Fixtures;
import io.cfdeploy.support.Json;
import io.cfdeploy.support.Members;
import io.cfdeploy.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * {@code /v3/routes} and their destinations: create, show, list, delete, add/replace/remove destinations, and
 * {@code /v3/apps/:guid/routes}, with CAPI's shape, texts and check order.
 */
@QuarkusTest
class RoutesTest {
    final DataSource db = Db.database();

    static String host() {
        return "h" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }

    static String routeBody(String space, String domain, String extra) {
        return "{" + extra + "\"relationships\":{\"space\":{\"data\":{\"guid\":\"" + space + "\"}},"
                + "\"domain\":{\"data\":{\"guid\":\"" + domain + "\"}}}}";
    }

    static String route(String space, String host) {
        return Api.asAdmin().body(routeBody(space, DomainsTest.defaultDomainGuid(), "\"host\":\"" + host + "\","))
                .post("/v3/routes").then().statusCode(201).extract().path("guid");
    }

    static String destinations(String... apps) {
        StringBuilder body = new StringBuilder("{\"destinations\":[");
        for (int index = 0; index < apps.length; index++) {
            body.append(index == 0 ? "" : ",").append("{\"app\":{\"guid\":\"").append(apps[index]).append("\"}}");
        }
        return body.append("]}").toString();
    }

    @Test
    void aRouteIsCreatedInCapisShape() {
        Members members = Members.create();
        String domain = DomainsTest.defaultDomainGuid();
        String host = host();
        Response response = Api.as(members.developer()).body(routeBody(members.space(), domain,
                "\"host\":\"" + host + "\",\"path\":\"/api\",\"options\":{\"loadbalancing\":\"round-robin\"},"
                        + "\"metadata\":{\"labels\":{\"tier\":\"web\"}},")).post("/v3/routes");
        response.then().statusCode(201).body("protocol", equalTo("http")).body("host", equalTo(host))
                .body("path", equalTo("/api")).body("port", nullValue())
                .body("url", equalTo(host + "." + DomainsTest.DEFAULT_DOMAIN + "/api"))
                .body("destinations", empty()).body("options.loadbalancing", equalTo("round-robin"))
                .body("metadata.labels.tier", equalTo("web"))
                .body("relationships.space.data.guid", equalTo(members.space()))
                .body("relationships.domain.data.guid", equalTo(domain));
        JsonNode json = Json.parse(response.asString());
        assertThat(Json.keys(json), contains("guid", "created_at", "updated_at", "protocol", "host", "path", "port",
                "url", "destinations", "options", "metadata", "relationships", "links"));
        assertThat(Json.keys(json.get("links")), contains("self", "space", "destinations", "domain"));
        String guid = json.get("guid").asText();
        response.then().body("links.self.href", endsWith("/v3/routes/" + guid))
                .body("links.destinations.href", endsWith("/v3/routes/" + guid + "/destinations"))
                .body("links.space.href", endsWith("/v3/spaces/" + members.space()))
                .body("links.domain.href", endsWith("/v3/domains/" + domain));
        Db.assertRow(Db.single(db, "SELECT r.host, r.path, s.guid AS space FROM routes r JOIN spaces s ON "
                + "s.id = r.space_id WHERE r.guid = ?", guid), "host", host, "path", "/api", "space", members.space());
        assertEquals(1, Db.count(db, "SELECT count(*) FROM audit_events WHERE type = 'audit.route.create' "
                + "AND target_guid = ?", guid));
        Api.as(members.auditor()).get("/v3/routes/" + guid).then().statusCode(200).body("guid", equalTo(guid));
        Errors.notFound(Api.as(members.noRole()).get("/v3/routes/" + guid), "Route not found");
        Errors.notFound(Api.asAdmin().get("/v3/routes/" + newGuid()), "Route not found");
        // no options: the key is left out
        String plain = route(members.space(), host());
        assertThat(Json.keys(Json.parse(Api.asAdmin().get("/v3/routes/" + plain).asString())), contains("guid",
                "created_at", "updated_at", "protocol", "host", "path", "port", "url", "destinations", "metadata",
                "relationships", "links"));
    }

    @Test
    void theBodyIsCheckedWithCapisTexts() {
        String space = Fixtures.space(Fixtures.org());
        String domain = DomainsTest.defaultDomainGuid();
        Errors.unprocessable(Api.asAdmin().body("{\"foo\":1}").post("/v3/routes"),
                "Unknown field(s): 'foo', Relationships 'relationships' is not an object");
        Errors.unprocessable(Api.asAdmin().body(routeBody(space, domain, "\"host\":\"" + "a".repeat(64)
                + "!\",\"path\":\"x?\",")).post("/v3/routes"), "Host is too long (maximum is 63 characters), Host "
                        + "must be either \"*\" or contain only alphanumeric characters, \"_\", or \"-\", Path must "
                        + "begin with /, Path cannot contain ?");
        Errors.unprocessable(Api.asAdmin().body(routeBody(space, domain, "\"host\":5,\"path\":\"/\",\"port\":-1,"))
                .post("/v3/routes"), "Host must be a string, Path cannot be exactly /, Port must be greater than or "
                        + "equal to 0");
        Errors.unprocessable(Api.asAdmin().body(routeBody(space, domain, "\"host\":\"a\",\"options\":"
                + "{\"loadbalancing\":\"random\"},")).post("/v3/routes"),
                "Options Loadbalancing must be one of 'round-robin, least-connection'");
        Errors.unprocessable(Api.asAdmin().body("{\"relationships\":{\"space\":{\"data\":{\"guid\":\"" + space
                + "\"}}}}").post("/v3/routes"), "Relationships Domain can't be blank");
        assertEquals(0, Db.count(db, "SELECT count(*) FROM routes r JOIN spaces s ON s.id = r.space_id "
                + "WHERE s.guid = ?", space));
    }

    @Test
    void theSpaceDomainRolesAndTheRoutesOwnRulesAreCheckedInCapisOrder() {
        Members members = Members.create();
        String domain = DomainsTest.defaultDomainGuid();
        String host = host();
        String body = routeBody(members.space(), domain, "\"host\":\"" + host + "\",");
        String invalidSpace = "Invalid space. Ensure that the space exists and you have access to it.";
        Errors.unprocessable(Api.asAdmin().body(routeBody(newGuid(), domain, "\"host\":\"a\",")).post("/v3/routes"),
                invalidSpace);
        Errors.unprocessable(Api.as(members.noRole()).body(body).post("/v3/routes"), invalidSpace);
        Errors.unprocessable(Api.asAdmin().body(routeBody(members.space(), newGuid(), "\"host\":\"a\","))
                .post("/v3/routes"), "Invalid domain. Ensure that the domain exists and you have access to it.");
        Errors.notAuthorized(Api.as(members.auditor()).body(body).post("/v3/routes"));
        Errors.notAuthorized(Api.as(members.supporter()).body(body).post("/v3/routes"));
        Errors.unprocessable(Api.as(members.developer()).body(routeBody(members.space(), domain, "\"host\":\"*\","))
                .post("/v3/routes"), "You do not have sufficient permissions to create a route with a wildcard host "
                        + "on a domain not scoped to an organization.");
        Errors.unprocessable(Api.asAdmin().body(routeBody(members.space(), domain, "")).post("/v3/routes"),
                "Missing host. Routes in shared domains must have a host defined.");
        Errors.unprocessable(Api.asAdmin().body(routeBody(members.space(), domain, "\"host\":\"a\",\"port\":8080,"))
                .post("/v3/routes"), "Port is supported for domains of TCP router groups only.");

        Api.as(members.developer()).body(body).post("/v3/routes").then().statusCode(201);
        Errors.unprocessable(Api.as(members.developer()).body(body).post("/v3/routes"),
                "Route already exists with host '" + host + "' for domain '" + DomainsTest.DEFAULT_DOMAIN + "'.");
        String withPath = routeBody(members.space(), domain, "\"host\":\"" + host + "\",\"path\":\"/p\",");
        Api.asAdmin().body(withPath).post("/v3/routes").then().statusCode(201);
        Errors.unprocessable(Api.asAdmin().body(withPath).post("/v3/routes"), "Route already exists with host '"
                + host + "' and path '/p' for domain '" + DomainsTest.DEFAULT_DOMAIN + "'.");
        assertEquals(2, Db.count(db, "SELECT count(*) FROM routes WHERE host = ?", host));

        Fixtures.suspend(members.org());
        Errors.orgSuspended(Api.as(members.developer()).body(routeBody(members.space(), domain,
                "\"host\":\"" + host() + "\",")).post("/v3/routes"));
    }

    @Test
    void destinationsAreAddedReplacedAndRemoved() {
        Members members = Members.create();
        String app = AppFixtures.app(members.space());
        String other = AppFixtures.app(members.space());
        String route = route(members.space(), host());
        String path = "/v3/routes/" + route + "/destinations";

        Response added = Api.as(members.developer()).body(destinations(app)).post(path);
        added.then().statusCode(200).body("destinations", hasSize(1))
                .body("destinations[0].app.guid", equalTo(app))
                .body("destinations[0].app.process.type", equalTo("web"))
                .body("destinations[0].weight", nullValue()).body("destinations[0].port", equalTo(8080))
                .body("destinations[0].protocol", equalTo("http1"))
                .body("links.self.href", endsWith(path)).body("links.route.href", endsWith("/v3/routes/" + route));
        assertThat(Json.keys(Json.parse(added.asString()).get("destinations").get(0)), contains("guid", "app",
                "weight", "port", "protocol"));
        String first = added.then().extract().path("destinations[0].guid");
        // adding keeps what is there, and adding it again changes nothing
        Api.asAdmin().body("{\"destinations\":[{\"app\":{\"guid\":\"" + other + "\",\"process\":{\"type\":"
                + "\"worker\"}},\"port\":9000,\"protocol\":\"http2\"},{\"app\":{\"guid\":\"" + app + "\"}}]}")
                .post(path).then().statusCode(200).body("destinations.guid[0]", equalTo(first))
                .body("destinations.app.guid", contains(app, other))
                .body("destinations[1].app.process.type", equalTo("worker"))
                .body("destinations[1].port", equalTo(9000)).body("destinations[1].protocol", equalTo("http2"));
        assertEquals(1, Db.count(db, "SELECT count(*) FROM audit_events WHERE type = 'audit.app.map-route' "
                + "AND target_guid = ? AND data ->> 'route_guid' = ?", app, route));
        Api.as(members.auditor()).get(path).then().statusCode(200).body("destinations", hasSize(2));
        Api.as(members.auditor()).get("/v3/routes/" + route).then().body("destinations.app.guid", contains(app,
                other));

        // replace: weights, and what is not named goes
        Api.asAdmin().body("{\"destinations\":[{\"app\":{\"guid\":\"" + app + "\"},\"weight\":60},{\"app\":"
                + "{\"guid\":\"" + other + "\"},\"weight\":40}]}").patch(path).then().statusCode(200)
                .body("destinations.weight", contains(60, 40));
        Errors.unprocessable(Api.asAdmin().body(destinations(app)).post(path), "Destinations cannot be inserted "
                + "when there are weighted destinations already configured.");
        String weighted = Api.asAdmin().get(path).then().extract().path("destinations[0].guid");
        Errors.unprocessable(Api.asAdmin().delete(path + "/" + weighted),
                "Weighted destinations cannot be deleted individually.");
        Api.asAdmin().body(destinations(other)).patch(path).then().statusCode(200)
                .body("destinations.app.guid", contains(other)).body("destinations[0].weight", nullValue());
        String last = Api.asAdmin().get(path).then().extract().path("destinations[0].guid");
        Errors.notAuthorized(Api.as(members.auditor()).delete(path + "/" + last));
        Api.as(members.developer()).delete(path + "/" + last).then().statusCode(204);
        Errors.unprocessable(Api.asAdmin().delete(path + "/" + last), "Unable to unmap route from destination. "
                + "Ensure the route has a destination with this guid.");
        Api.asAdmin().body(destinations(app)).post(path).then().statusCode(200);
        Api.asAdmin().body("{\"destinations\":[]}").patch(path).then().statusCode(200)
                .body("destinations", empty());
        assertEquals(0, Db.count(db, "SELECT count(*) FROM route_destinations d JOIN routes r ON r.id = d.route_id "
                + "WHERE r.guid = ?", route));
    }

    @Test
    void destinationBodiesAppsAndSpacesAreChecked() {
        Members members = Members.create();
        String app = AppFixtures.app(members.space());
        String elsewhere = AppFixtures.app(Fixtures.space(members.org()));
        String route = route(members.space(), host());
        String path = "/v3/routes/" + route + "/destinations";
        Errors.unprocessable(Api.asAdmin().body("{\"destinations\":[]}").post(path),
                "Destinations must be an array containing between 1 and 100 destination objects.");
        Errors.unprocessable(Api.asAdmin().body("{\"destinations\":[1,{\"x\":1},{\"app\":{},\"port\":80},"
                + "{\"app\":{\"guid\":\"a\"},\"weight\":50}],\"y\":1}").post(path), "Unknown field(s): 'y', "
                        + "Destinations[0]: must be an object., Destinations[1]: must have an \"app\"., "
                        + "Destinations[2]: app must have the structure {\"guid\": \"app_guid\"}, Destinations[2]: "
                        + "port must be a positive integer between 1024 and 65535 inclusive., Destinations[3]: "
                        + "weighted destinations can only be used when replacing all destinations.");
        Errors.unprocessable(Api.asAdmin().body("{\"destinations\":[{\"app\":{\"guid\":\"" + app + "\"},"
                + "\"weight\":50}]}").patch(path), "Destinations must have weights that sum to 100.");
        Errors.unprocessable(Api.asAdmin().body(destinations(app, app)).post(path),
                "Destinations cannot contain duplicate entries");
        String missing = newGuid();
        Errors.unprocessable(Api.asAdmin().body(destinations(missing)).post(path),
                "App(s) with guid(s) \"" + missing + "\" do not exist or you do not have access.");
        Errors.unprocessable(Api.asAdmin().body(destinations(elsewhere)).post(path),
                "Routes cannot be mapped to destinations in different spaces.");
        Errors.notAuthorized(Api.as(members.auditor()).body(destinations(app)).post(path));
        Errors.notFound(Api.as(members.noRole()).body(destinations(app)).post(path), "Route not found");
        Errors.notFound(Api.asAdmin().body(destinations(app)).post("/v3/routes/" + newGuid() + "/destinations"),
                "Route not found");
        assertEquals(0, Db.count(db, "SELECT count(*) FROM route_destinations d JOIN routes r ON r.id = d.route_id "
                + "WHERE r.guid = ?", route));
    }

    @Test
    void listsFilterByEveryParameterAndIncludeTheirRelatives() {
        Members members = Members.create();
        String app = AppFixtures.app(members.space());
        String hostA = host();
        String hostB = host();
        String a = route(members.space(), hostA);
        String b = Api.asAdmin().body(routeBody(members.space(), DomainsTest.defaultDomainGuid(), "\"host\":\""
                + hostB + "\",\"path\":\"/b\",\"metadata\":{\"labels\":{\"tier\":\"api\"}},")).post("/v3/routes")
                .then().statusCode(201).extract().path("guid");
        Api.asAdmin().body(destinations(app)).post("/v3/routes/" + b + "/destinations").then().statusCode(200);
        String scope = "space_guids=" + members.space();

        Api.as(members.auditor()).get("/v3/routes?" + scope).then().statusCode(200)
                .body("resources.guid", contains(a, b)).body("resources[1].destinations.app.guid", contains(app));
        Api.asAdmin().get("/v3/routes?hosts=" + hostA + "," + hostB + "&order_by=-created_at").then()
                .body("resources.guid", contains(b, a));
        Api.asAdmin().get("/v3/routes?" + scope + "&paths=/b").then().body("resources.guid", contains(b));
        Api.asAdmin().get("/v3/routes?" + scope + "&paths=").then().body("resources.guid", contains(a));
        Api.asAdmin().get("/v3/routes?app_guids=" + app).then().body("resources.guid", contains(b));
        Api.asAdmin().get("/v3/routes?" + scope + "&label_selector=tier=api").then().body("resources.guid",
                contains(b));
        Api.asAdmin().get("/v3/routes?organization_guids=" + members.org() + "&domain_guids="
                + DomainsTest.defaultDomainGuid()).then().body("resources.guid", containsInAnyOrder(a, b));
        Api.asAdmin().get("/v3/routes?" + scope + "&ports=8080").then().body("pagination.total_results", equalTo(0));
        Api.as(members.noRole()).get("/v3/routes?" + scope).then().body("pagination.total_results", equalTo(0));
        Api.as(Tokens.user(newGuid())).get("/v3/routes?" + scope).then().statusCode(200)
                .body("pagination.total_results", equalTo(0));
        Api.asAdmin().get("/v3/routes?" + scope + "&include=domain,space,space.organization").then()
                .statusCode(200).body("included.domains.name", contains(DomainsTest.DEFAULT_DOMAIN))
                .body("included.spaces.guid", contains(members.space()))
                .body("included.organizations.guid", contains(members.org()));

        Api.as(members.auditor()).get("/v3/apps/" + app + "/routes").then().statusCode(200)
                .body("resources.guid", contains(b)).body("resources[0].url", equalTo(hostB + "."
                        + DomainsTest.DEFAULT_DOMAIN + "/b"))
                .body("pagination.first.href", endsWith("/v3/apps/" + app + "/routes?page=1&per_page=50"));
        Api.asAdmin().get("/v3/apps/" + app + "/routes?hosts=" + hostA).then().body("pagination.total_results",
                equalTo(0));
    }

    @Test
    void deletingARouteTakesItsDestinationsAndDeletingAnAppTakesItsDestinations() {
        Members members = Members.create();
        String app = AppFixtures.app(members.space());
        String kept = AppFixtures.app(members.space());
        String route = route(members.space(), host());
        String other = route(members.space(), host());
        Api.asAdmin().body(destinations(app, kept)).post("/v3/routes/" + route + "/destinations").then()
                .statusCode(200);
        Api.asAdmin().body(destinations(app)).post("/v3/routes/" + other + "/destinations").then().statusCode(200);

        Api.asAdmin().delete("/v3/apps/" + app).then().statusCode(202);
        Api.asAdmin().get("/v3/routes/" + route + "/destinations").then().body("destinations.app.guid",
                contains(kept));
        Api.asAdmin().get("/v3/routes/" + other).then().statusCode(200).body("destinations", empty());

        Errors.notAuthorized(Api.as(members.auditor()).delete("/v3/routes/" + route));
        Errors.notFound(Api.as(members.noRole()).delete("/v3/routes/" + route), "Route not found");
        String location = Api.as(members.developer()).delete("/v3/routes/" + route).then().statusCode(202)
                .extract().header("Location");
        Api.asAdmin().get(location).then().statusCode(200).body("state", equalTo("COMPLETE"))
                .body("operation", equalTo("route.delete"));
        Errors.notFound(Api.asAdmin().get("/v3/routes/" + route), "Route not found");
        assertEquals(0, Db.count(db, "SELECT count(*) FROM route_destinations d JOIN apps a ON a.id = d.app_id "
                + "WHERE a.guid = ?", kept));
        assertEquals(1, Db.count(db, "SELECT count(*) FROM audit_events WHERE type = 'audit.route.delete-request' "
                + "AND target_guid = ?", route));
    }
}

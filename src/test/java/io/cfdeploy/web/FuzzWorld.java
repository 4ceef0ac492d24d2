package io.cfdeploy.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfdeploy.support.Api;
import io.cfdeploy.support.AppFixtures;
import io.cfdeploy.support.Builds;
import io.cfdeploy.support.Fixtures;
import io.cfdeploy.support.RolloutFixtures;
import io.cfdeploy.support.RolloutFixtures.StartedApp;
import io.cfdeploy.support.Tokens;
import io.cfdeploy.support.Zips;

/**
 * What the contract fuzzing suites act on, made once per test JVM through the API, and the concrete path and a
 * valid body for each operation of the contract.
 */
final class FuzzWorld {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static World world;

    private FuzzWorld() {
    }

    record World(String token, String org, String space, String user, String role, String event, String job,
            String app, String droplet, String revision, String deployment, String actionsApp,
            String actionsDroplet, String otherDroplet, String deployApp, String pkg, String domain, String route,
            String readyPkg, String build) {
    }

    static synchronized World world() {
        if (world != null) {
            return world;
        }
        String token = Tokens.admin();
        String org = Fixtures.org(Fixtures.uniqueName("fuzz-org"));
        String space = Fixtures.space(org);
        String user = Fixtures.newGuid();
        String role = Fixtures.orgRole("organization_user", user, org);
        // the deployment's app: started, its deployment frozen (the next droplet's instances never turn routable)
        StartedApp started = RolloutFixtures.startedApp(space, 2, "unready");
        String deployment = Api.as(token).body(RolloutFixtures.rollingBody(started, 1)).post("/v3/deployments")
                .then().statusCode(201).extract().path("guid");
        String droplet = Api.as(token).get("/v3/apps/" + started.app() + "/droplets/current").then()
                .statusCode(200).extract().path("guid");
        String revision = Api.as(token).get("/v3/apps/" + started.app() + "/revisions?per_page=1").then()
                .statusCode(200).extract().path("resources[0].guid");
        // the app the app, process and droplet writes act on (start, stop, scale…), apart from the deployment
        String actionsApp = AppFixtures.appWithDroplet(space);
        String actionsDroplet = Api.as(token).get("/v3/apps/" + actionsApp + "/droplets/current").then()
                .statusCode(200).extract().path("guid");
        Api.as(token).post("/v3/apps/" + actionsApp + "/actions/start").then().statusCode(200);
        String otherDroplet = AppFixtures.stagedDroplet(actionsApp);
        // the app deployments are created for, should a malformed create body be accepted after all
        String deployApp = AppFixtures.appWithDroplet(space);
        Api.as(token).post("/v3/apps/" + deployApp + "/actions/start").then().statusCode(200);
        String event = Api.as(token).get("/v3/audit_events?per_page=1&order_by=-created_at").then().statusCode(200)
                .extract().path("resources[0].guid");
        String throwaway = Fixtures.org(Fixtures.uniqueName("fuzz-job"));
        String location = Api.as(token).delete("/v3/organizations/" + throwaway).then().statusCode(202).extract()
                .header("Location");
        String job = location.substring(location.lastIndexOf('/') + 1);
        String pkg = Api.as(token).body("{\"type\":\"bits\",\"relationships\":{\"app\":{\"data\":{\"guid\":\""
                + actionsApp + "\"}}}}").post("/v3/packages").then().statusCode(201).extract().path("guid");
        String domain = Api.as(token).get("/v3/domains?names=apps.localhost").then().statusCode(200).extract()
                .path("resources[0].guid");
        String route = route(token, space, domain);
        // a READY package builds are created from, and a build to read
        String readyPkg = Builds.readyPackage(token, actionsApp, Zips.zip().file("Procfile", "web: ./run")
                .file("fuzz", Fixtures.newGuid()).bytes());
        String build = Builds.create(token, readyPkg).then().statusCode(201).extract().path("guid");
        Builds.finished(token, build);
        world = new World(token, org, space, user, role, event, job, started.app(), droplet, revision, deployment,
                actionsApp, actionsDroplet, otherDroplet, deployApp, pkg, domain, route, readyPkg, build);
        return world;
    }

    /** The template with real guids; for an operation that consumes its target (DELETE, cancel), a fresh one. */
    static String concretePath(World w, String method, String template) {
        if (method.equals("delete")) {
            return switch (template) {
                case "/v3/organizations/{guid}" -> "/v3/organizations/" + Fixtures.org(
                        Fixtures.uniqueName("fuzz-delete"));
                case "/v3/spaces/{guid}" -> "/v3/spaces/" + Fixtures.space(w.org());
                case "/v3/roles/{guid}" -> "/v3/roles/" + Fixtures.orgRole("organization_user", Fixtures.newGuid(),
                        w.org());
                case "/v3/apps/{guid}" -> "/v3/apps/" + AppFixtures.app(w.space());
                case "/v3/droplets/{guid}" -> "/v3/droplets/" + AppFixtures.droplet(w.actionsApp());
                case "/v3/routes/{guid}" -> "/v3/routes/" + route(w.token(), w.space(), w.domain());
                case "/v3/routes/{guid}/destinations/{destination_guid}" -> {
                    String route = route(w.token(), w.space(), w.domain());
                    String destination = Api.as(w.token()).body("{\"destinations\":[{\"app\":{\"guid\":\""
                            + w.actionsApp() + "\"}}]}").post("/v3/routes/" + route + "/destinations").then()
                            .statusCode(200).extract().path("destinations[0].guid");
                    yield "/v3/routes/" + route + "/destinations/" + destination;
                }
                case "/v3/packages/{guid}" -> "/v3/packages/" + Builds.bitsPackage(w.token(), w.actionsApp());
                default -> throw new IllegalStateException("no target for DELETE " + template);
            };
        }
        if (template.equals("/v3/droplets/{guid}/upload")) {
            return "/v3/droplets/" + AppFixtures.droplet(w.actionsApp()) + "/upload";
        }
        if (template.equals("/v3/packages/{guid}/upload")) {
            return "/v3/packages/" + Api.as(w.token()).body("{\"type\":\"bits\",\"relationships\":{\"app\":"
                    + "{\"data\":{\"guid\":\"" + w.actionsApp() + "\"}}}}").post("/v3/packages").then().statusCode(201)
                    .extract().path("guid") + "/upload";
        }
        boolean write = !method.equals("get");
        String app = write ? w.actionsApp() : w.app();
        String guid;
        if (template.startsWith("/v3/organizations/")) {
            guid = w.org();
        } else if (template.startsWith("/v3/spaces/")) {
            guid = w.space();
        } else if (template.startsWith("/v3/users/")) {
            guid = w.user();
        } else if (template.startsWith("/v3/roles/")) {
            guid = w.role();
        } else if (template.startsWith("/v3/audit_events/")) {
            guid = w.event();
        } else if (template.startsWith("/v3/jobs/")) {
            guid = w.job();
        } else if (template.startsWith("/v3/apps/") || template.startsWith("/v3/processes/")
                || template.equals("/api/v1/read/{source_id}")) {
            guid = app;
        } else if (template.startsWith("/v3/droplets/")) {
            guid = write ? w.otherDroplet() : w.droplet();
        } else if (template.startsWith("/v3/revisions/")) {
            guid = w.revision();
        } else if (template.startsWith("/v3/packages/")) {
            guid = template.endsWith("/download") || template.endsWith("/droplets") ? w.readyPkg() : w.pkg();
        } else if (template.startsWith("/v3/builds/")) {
            guid = w.build();
        } else if (template.startsWith("/v3/deployments/")) {
            guid = w.deployment();
        } else if (template.startsWith("/v3/routes/")) {
            guid = w.route();
        } else if (template.startsWith("/v3/domains/")) {
            guid = w.domain();
        } else if (template.contains("{")) {
            throw new IllegalStateException("no target for " + method + " " + template);
        } else {
            return template;
        }
        return template.replace("{guid}", guid).replace("{source_id}", guid).replace("{type}", "web")
                .replace("{name}", "revisions");
    }

    /** A body the operation accepts (with fresh names), or {} where it has none. */
    static ObjectNode baseBody(World w, String method, String template) {
        ObjectNode body = JSON.createObjectNode();
        switch (method + " " + template) {
            case "post /v3/organizations" -> body.put("name", Fixtures.uniqueName("fuzz"));
            case "post /v3/spaces" -> {
                body.put("name", Fixtures.uniqueName("fuzz"));
                relationship(body, "organization", w.org());
            }
            case "post /v3/users" -> body.put("guid", Fixtures.newGuid());
            case "post /v3/roles" -> {
                body.put("type", "organization_user");
                relationship(body, "user", Fixtures.newGuid());
                relationship(body, "organization", w.org());
            }
            case "post /v3/apps" -> {
                body.put("name", Fixtures.uniqueName("fuzz"));
                relationship(body, "space", w.space());
            }
            case "post /v3/droplets" -> relationship(body, "app", w.actionsApp());
            case "post /v3/packages" -> {
                body.put("type", "bits");
                relationship(body, "app", w.actionsApp());
            }
            case "post /v3/deployments" -> relationship(body, "app", w.deployApp());
            case "post /v3/routes" -> {
                body.put("host", "fuzz" + Fixtures.newGuid().replace("-", "").substring(0, 20));
                relationship(body, "space", w.space());
                relationship(body, "domain", w.domain());
            }
            case "post /v3/routes/{guid}/destinations", "patch /v3/routes/{guid}/destinations" -> body
                    .putArray("destinations").addObject().putObject("app").put("guid", w.actionsApp());
            case "post /v3/builds" -> body.putObject("package").put("guid", w.readyPkg());
            case "post /v3/resource_matches" -> {
                ObjectNode resource = body.putArray("resources").addObject();
                resource.putObject("checksum").put("value", "a".repeat(40));
                resource.put("size_in_bytes", 12);
                resource.put("path", "app.rb");
                resource.put("mode", "644");
            }
            case "patch /v3/apps/{guid}/relationships/current_droplet" -> body.putObject("data")
                    .put("guid", w.actionsDroplet());
            default -> {
            }
        }
        return body;
    }

    /** A new route on the default domain in the space; returns its guid. */
    private static String route(String token, String space, String domain) {
        ObjectNode body = JSON.createObjectNode();
        body.put("host", "fuzz" + Fixtures.newGuid().replace("-", "").substring(0, 20));
        relationship(body, "space", space);
        relationship(body, "domain", domain);
        return Api.as(token).body(body.toString()).post("/v3/routes").then().statusCode(201).extract().path("guid");
    }

    private static void relationship(ObjectNode body, String name, String guid) {
        ObjectNode relationships = body.has("relationships") ? (ObjectNode) body.get("relationships")
                : body.putObject("relationships");
        relationships.putObject(name).putObject("data").put("guid", guid);
    }
}

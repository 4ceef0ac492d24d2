package io.cfdeploy.present;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** {@code GET /}, {@code GET /v3} and {@code GET /v3/info}, as CAPI renders them. */
public final class RootPresenter {
    public static final String API_VERSION = "3.228.0";
    /** The V3 resource collections this server serves, in CAPI's (alphabetical) order. */
    private static final List<String> V3_RESOURCES = List.of("apps", "audit_events", "deployments", "droplets",
            "info", "organizations", "packages", "processes", "roles", "routes", "spaces", "users");

    private RootPresenter() {
    }

    /** @param loginUrl the token issuer in use (built-in or external UAA), or null when none is known */
    public static ObjectNode root(Urls urls, String loginUrl) {
        ObjectNode links = Json.object();
        links.set("self", Json.link(urls.base()));
        links.putNull("cloud_controller_v2"); // CAPI lists V2 here; cfdeploy serves V3 only
        links.set("cloud_controller_v3", Json.link(urls.of("/v3")).set("meta",
                Json.object().put("version", API_VERSION)));
        links.putNull("network_policy_v0");
        links.putNull("network_policy_v1");
        if (loginUrl == null) {
            links.putNull("login");
            links.putNull("uaa");
        } else {
            links.set("login", Json.link(loginUrl));
            links.set("uaa", Json.link(loginUrl));
        }
        links.putNull("credhub");
        links.putNull("routing");
        links.putNull("logging");
        links.set("log_cache", Json.link(urls.base())); // the read side of log-cache is served here (cf logs)
        links.putNull("log_stream");
        links.putNull("app_ssh");
        ObjectNode root = Json.object();
        root.set("links", links);
        return root;
    }

    public static ObjectNode v3(Urls urls) {
        ObjectNode links = Json.object();
        links.set("self", Json.link(urls.of("/v3")));
        for (String resource : V3_RESOURCES) {
            links.set(resource, Json.link(urls.of("/v3/" + resource)));
        }
        ObjectNode root = Json.object();
        root.set("links", links);
        return root;
    }

    public static ObjectNode info(Urls urls, String version) {
        ObjectNode info = Json.object();
        info.put("build", version);
        info.putObject("cli_version").put("minimum", "").put("recommended", "");
        info.putObject("custom");
        info.put("description", "cfdeploy: a Cloud Foundry V3-compatible API server for deployments");
        info.put("name", "cfdeploy");
        info.put("version", 0);
        info.put("osbapi_version", "");
        info.putObject("rate_limits").put("enabled", false).put("general_limit", "")
                .put("reset_interval_in_minutes", "");
        ObjectNode links = info.putObject("links");
        links.set("self", Json.link(urls.of("/v3/info")));
        links.set("support", Json.link(""));
        return info;
    }
}

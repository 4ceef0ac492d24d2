package io.cfdeploy.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfdeploy.error.CfException;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The body of {@code apply_manifest} and {@code manifest_diff} (CAPI's AppManifestMessage per application): every
 * application's keys checked with CAPI's texts, each failure prefixed with the application it belongs to, all of them
 * at once. Keys are read as CAPI reads them, dashes and underscores alike ({@code disk-quota} = {@code disk_quota}).
 * Unknown application-level keys ({@code path}…) are ignored; unknown keys inside a process or a route are refused.
 *
 * @param document the manifest as read, for the diff and the audit event
 */
public record ManifestMessage(List<AppManifest> applications, ObjectNode document) {
    public static final String NO_APPLICATIONS = "Cannot parse manifest with no 'applications' field.";
    public static final String UNSUPPORTED_VERSION =
            "Unsupported manifest schema version. Currently supported versions: [1].";
    static final long MAX_INSTANCES = 2_000_000;
    private static final String WEB = "web";
    private static final int MAX_COMMAND = 4096;
    private static final Set<String> HEALTH_CHECK_TYPES = Set.of("port", "process", "http");
    private static final Set<String> PROCESS_KEYS = Set.of("type", "command", "instances", "memory", "disk_quota",
            "log_rate_limit_per_second", "health_check_type", "health_check_http_endpoint",
            "health_check_invocation_timeout", "health_check_interval", "timeout", "readiness_health_check_type",
            "readiness_health_check_http_endpoint", "readiness_health_check_invocation_timeout",
            "readiness_health_check_interval", "user", "lifecycle");
    private static final Set<String> ROUTE_KEYS = Set.of("route", "protocol", "options");
    private static final Set<String> ROUTE_PROTOCOLS = Set.of("http1", "http2", "tcp");
    private static final Set<String> LOAD_BALANCING = new LinkedHashSet<>(List.of("round-robin", "least-connection"));
    private static final Pattern ROUTE_HOST = Pattern.compile("^(\\*\\.)?[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)+$");
    private static final String CENSORED = "[PRIVATE DATA HIDDEN]";

    /**
     * One application of the manifest.
     *
     * @param buildpacks null unless {@code buildpacks} or {@code buildpack} was given ({@code default} or null in
     *                   {@code buildpack} asks for detection: an empty list)
     * @param env        null unless {@code env} was given; values as strings
     * @param processes  the web process's settings from the application level, replaced by a {@code processes}
     *                   entry of type web, then every other {@code processes} entry
     * @param metadata   null unless {@code metadata} was given
     * @param audited    the application's keys as sent, {@code env} censored, for the audit event
     */
    public record AppManifest(String name, boolean docker, List<String> buildpacks, String stack,
            Map<String, String> env, List<ProcessManifest> processes, RouteKeys routes, MetadataMessage metadata,
            ObjectNode audited) {
    }

    /**
     * One process's settings; {@code scale} and {@code update} are null when the manifest sets nothing of them.
     */
    public record ProcessManifest(String type, ProcessScaleMessage scale, ProcessUpdateMessage update) {
    }

    /** The route keys of one application; {@code routes} is null when the key is absent. */
    public record RouteKeys(List<String> routes, boolean noRoute, boolean randomRoute, boolean defaultRoute) {
    }

    public static ManifestMessage parse(String yaml) {
        JsonNode document = ManifestYaml.read(yaml);
        if (!document.isObject()) {
            throw CfException.unprocessable(NO_APPLICATIONS);
        }
        ObjectNode manifest = (ObjectNode) document;
        JsonNode version = manifest.get("version");
        if (version != null && !version.isNull() && !"1".equals(version.asText())) {
            throw CfException.unprocessable(UNSUPPORTED_VERSION);
        }
        JsonNode applications = manifest.get("applications");
        if (applications == null || !applications.isArray() || applications.isEmpty()) {
            throw CfException.unprocessable(NO_APPLICATIONS);
        }
        List<String> messages = new ArrayList<>();
        List<AppManifest> apps = new ArrayList<>();
        for (int index = 0; index < applications.size(); index++) {
            JsonNode entry = applications.get(index);
            ValidationErrors errors = new ValidationErrors();
            AppManifest app = entry != null && entry.isObject() ? app(underscored((ObjectNode) entry), errors) : null;
            if (app == null && errors.isEmpty()) {
                errors.add("Application must be an object of keys and values");
            }
            String prefix = app != null && app.name() != null && !app.name().isEmpty()
                    ? "For application '" + app.name() + "': " : "For application at index " + index + ": ";
            errors.messages().forEach(message -> messages.add(prefix + message));
            apps.add(app);
        }
        if (!messages.isEmpty()) {
            throw CfException.unprocessable(String.join(", ", messages));
        }
        return new ManifestMessage(List.copyOf(apps), manifest);
    }

    private static AppManifest app(ObjectNode app, ValidationErrors errors) {
        String name = null;
        JsonNode nameNode = app.get("name");
        if (nameNode == null || nameNode.isNull() || (nameNode.isTextual() && nameNode.textValue().isBlank())) {
            errors.add("Name must not be empty");
        } else if (!nameNode.isTextual()) {
            errors.add("Name must be a string");
        } else {
            name = nameNode.textValue();
        }

        List<ProcessManifest> processes = new ArrayList<>();
        ProcessManifest web = process(WEB, app, errors);
        JsonNode processList = app.get("processes");
        List<ObjectNode> entries = new ArrayList<>();
        if (processList != null) {
            if (!processList.isArray()) {
                errors.add("Processes must be an array of process configurations");
            } else {
                Map<String, Integer> seen = new LinkedHashMap<>();
                boolean untyped = false;
                for (JsonNode process : processList) {
                    JsonNode type = process.isObject() ? underscored((ObjectNode) process).get("type") : null;
                    if (type == null || !type.isTextual() || type.textValue().isBlank()) {
                        untyped = true;
                        continue;
                    }
                    seen.merge(type.textValue(), 1, Integer::sum);
                    entries.add(underscored((ObjectNode) process));
                }
                if (untyped) {
                    errors.add("All Processes must specify a type");
                }
                seen.forEach((type, count) -> {
                    if (count > 1) {
                        errors.add("Process \"" + type + "\" may only be present once");
                    }
                });
            }
        }
        for (ObjectNode entry : entries) {
            String type = entry.get("type").textValue();
            List<String> unknown = BodyMessage.unknownKeys(entry, PROCESS_KEYS);
            if (!unknown.isEmpty()) {
                errors.add(processError(type, "Unknown field(s): '" + String.join("', '", unknown) + "'"));
            }
            ProcessManifest process = process(type, entry, errors);
            if (WEB.equals(type)) {
                web = process;
            } else {
                processes.add(process);
            }
        }
        if (web.scale() != null || web.update() != null) {
            processes.add(0, web);
        }

        boolean docker = app.has("docker");
        if (docker && !app.get("docker").isObject()) {
            errors.add("Docker must be an object with an image");
        }
        List<String> buildpacks = buildpacks(app, docker, errors);
        String stack = text(app, "stack", "Stack", errors);
        Map<String, String> env = env(app.get("env"), app.has("env"), errors);
        RouteKeys routes = routes(app, errors);
        MetadataMessage metadata = app.has("metadata") ? MetadataMessage.parse(app.get("metadata"), errors) : null;
        if (app.has("services")) {
            errors.add("Services cannot be bound: this server has no service brokers");
        }
        if (app.has("sidecars")) {
            errors.add("Sidecars are not supported by this server");
        }
        ObjectNode audited = app.deepCopy();
        if (audited.has("env")) {
            audited.put("env", CENSORED);
        }
        return new AppManifest(name, docker, buildpacks, stack, env, List.copyOf(processes), routes, metadata,
                audited);
    }

    /** The scale and update of one process from its keys (the application's keys for web). */
    private static ProcessManifest process(String type, ObjectNode keys, ValidationErrors errors) {
        ValidationErrors own = new ValidationErrors();
        BigInteger instances = Numericality.integer(keys.get("instances"), "Instances", 0,
                "must be greater than or equal to 0", MAX_INSTANCES, own);
        BigInteger memory = megabytes(keys.get("memory"), "Memory", own);
        BigInteger disk = megabytes(keys.get("disk_quota"), "Disk quota", own);
        Long logRate = logRate(keys.get("log_rate_limit_per_second"), own);

        boolean commandRequested = keys.has("command");
        String command = null;
        if (commandRequested && !keys.get("command").isNull()) {
            JsonNode value = keys.get("command");
            if (!value.isTextual() || value.textValue().isEmpty() || value.textValue().length() > MAX_COMMAND) {
                own.add("Command must be between 1 and " + MAX_COMMAND + " characters");
            } else {
                command = value.textValue();
            }
        }
        ProcessUpdateMessage.HealthCheckUpdate liveness = healthCheck(keys, "health_check_", "Health check", true,
                own);
        ProcessUpdateMessage.HealthCheckUpdate readiness = healthCheck(keys, "readiness_health_check_",
                "Readiness health check", false, own);
        own.messages().forEach(message -> errors.add(processError(type, message)));

        ProcessScaleMessage scale = null;
        if (instances != null || memory != null || disk != null || logRate != null) {
            ObjectNode request = JsonNodeFactory.instance.objectNode();
            putIfSet(request, "instances", instances);
            putIfSet(request, "memory_in_mb", memory);
            putIfSet(request, "disk_in_mb", disk);
            if (logRate != null) {
                request.put("log_rate_limit_in_bytes_per_second", logRate);
            }
            scale = new ProcessScaleMessage(instances == null ? null : instances.intValue(),
                    memory == null ? null : memory.intValue(), disk == null ? null : disk.intValue(), logRate,
                    request);
        }
        ProcessUpdateMessage update = null;
        if (commandRequested || liveness != null || readiness != null) {
            ObjectNode request = JsonNodeFactory.instance.objectNode();
            if (commandRequested) {
                request.put("command", ProcessUpdateMessage.PRIVATE_DATA_HIDDEN);
            }
            update = new ProcessUpdateMessage(commandRequested, command,
                    liveness == null ? ProcessUpdateMessage.HealthCheckUpdate.NONE : liveness,
                    readiness == null ? ProcessUpdateMessage.HealthCheckUpdate.NONE : readiness,
                    MetadataMessage.empty(), request);
        }
        return new ProcessManifest(type, scale, update);
    }

    private static String processError(String type, String message) {
        return "Process \"" + type + "\": " + message;
    }

    private static void putIfSet(ObjectNode request, String key, BigInteger value) {
        if (value != null) {
            request.put(key, value);
        }
    }

    private static BigInteger megabytes(JsonNode value, String label, ValidationErrors errors) {
        if (value == null || value.isNull() || (value.isTextual() && value.textValue().isBlank())) {
            return null;
        }
        ByteSizes.Size size = ByteSizes.parse(value.asText());
        if (size.error() != null) {
            errors.add(label + " " + size.error());
            return null;
        }
        BigInteger megabytes = size.megabytes();
        if (megabytes.signum() <= 0) {
            errors.add(label + " must be greater than 0MB");
            return null;
        }
        if (megabytes.compareTo(BigInteger.valueOf(Numericality.MAX_DB_INT)) > 0) {
            errors.add(label + " must be less than or equal to " + Numericality.MAX_DB_INT + "MB");
            return null;
        }
        return megabytes;
    }

    /** {@code -1} (unlimited) or a size; CAPI keeps it in bytes per second. */
    private static Long logRate(JsonNode value, ValidationErrors errors) {
        if (value == null || value.isNull() || (value.isTextual() && value.textValue().isBlank())) {
            return null;
        }
        String text = value.asText().strip();
        if (text.equals("-1")) {
            return -1L;
        }
        ByteSizes.Size size = ByteSizes.parse(text);
        if (size.error() != null) {
            errors.add("Log rate limit per second " + size.error());
            return null;
        }
        BigInteger bytes = size.inBytes();
        if (bytes.signum() < 0 || bytes.bitLength() > 62) {
            errors.add("Log rate limit must be an integer greater than or equal to -1");
            return null;
        }
        return bytes.longValue();
    }

    /** {@code <prefix>type}, {@code http_endpoint}, {@code invocation_timeout}, {@code interval} (+ timeout). */
    private static ProcessUpdateMessage.HealthCheckUpdate healthCheck(ObjectNode keys, String prefix, String label,
            boolean liveness, ValidationErrors errors) {
        boolean typeRequested = keys.has(prefix + "type");
        String type = null;
        if (typeRequested) {
            JsonNode value = keys.get(prefix + "type");
            type = value.isNull() ? null : value.asText();
            if ("none".equals(type)) {
                type = "process"; // CAPI's deprecated name
            }
            if (type == null || !HEALTH_CHECK_TYPES.contains(type)) {
                errors.add(label + " type must be \"port\", \"process\", or \"http\"");
            }
        }
        boolean endpointRequested = keys.has(prefix + "http_endpoint");
        String endpoint = null;
        if (endpointRequested && !keys.get(prefix + "http_endpoint").isNull()) {
            endpoint = keys.get(prefix + "http_endpoint").asText();
            if (!ProcessUpdateMessage.isUriPath(endpoint)) {
                errors.add(label + " http endpoint must be a valid URI path");
            }
        }
        boolean timeoutRequested = liveness && keys.has("timeout");
        BigInteger timeout = timeoutRequested ? positive(keys.get("timeout"), "Timeout", errors) : null;
        boolean invocationRequested = keys.has(prefix + "invocation_timeout");
        BigInteger invocation = positive(keys.get(prefix + "invocation_timeout"), label + " invocation timeout",
                errors);
        boolean intervalRequested = keys.has(prefix + "interval");
        BigInteger interval = positive(keys.get(prefix + "interval"), label + " interval", errors);
        if (!typeRequested && !endpointRequested && !timeoutRequested && !invocationRequested && !intervalRequested) {
            return null;
        }
        return new ProcessUpdateMessage.HealthCheckUpdate(typeRequested, type, timeoutRequested,
                timeout == null ? null : timeout.intValue(), invocationRequested,
                invocation == null ? null : invocation.intValue(), intervalRequested,
                interval == null ? null : interval.intValue(), endpointRequested, endpoint);
    }

    private static BigInteger positive(JsonNode value, String label, ValidationErrors errors) {
        return Numericality.integer(value, label, 1, "must be greater than or equal to 1", Numericality.MAX_DB_INT,
                errors);
    }

    private static List<String> buildpacks(ObjectNode app, boolean docker, ValidationErrors errors) {
        boolean plural = app.has("buildpacks");
        boolean singular = app.has("buildpack");
        if (plural && singular) {
            errors.add("Buildpack and Buildpacks fields cannot be used together.");
        }
        if (docker && (plural || singular)) {
            errors.add("Cannot specify both buildpack(s) and docker keys");
        }
        if (plural) {
            JsonNode list = app.get("buildpacks");
            if (list.isNull()) {
                return List.of();
            }
            List<String> names = new ArrayList<>();
            if (!list.isArray()) {
                errors.add("Buildpacks must be a list of strings");
                return null;
            }
            for (JsonNode name : list) {
                if (!name.isTextual()) {
                    errors.add("Buildpacks can only contain strings");
                    return null;
                }
                names.add(name.textValue());
            }
            return names;
        }
        if (singular) {
            JsonNode name = app.get("buildpack");
            if (name.isNull() || "default".equals(name.asText()) || "null".equals(name.asText())) {
                return List.of(); // detect
            }
            if (!name.isTextual()) {
                errors.add("Buildpack must be a string");
                return null;
            }
            return List.of(name.textValue());
        }
        return null;
    }

    private static String text(ObjectNode app, String key, String label, ValidationErrors errors) {
        JsonNode value = app.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            errors.add(label + " must be a string");
            return null;
        }
        return value.textValue();
    }

    /** CAPI stringifies every value ({@code 1} → "1", null → ""); the keys follow the app's variable rules. */
    private static Map<String, String> env(JsonNode env, boolean requested, ValidationErrors errors) {
        if (!requested) {
            return null;
        }
        if (env == null || !env.isObject()) {
            errors.add("Env must be an object of keys and values");
            return null;
        }
        ObjectNode strings = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> fields = env.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            strings.put(field.getKey(), value.isNull() ? "" : value.isValueNode() ? value.asText() : value.toString());
        }
        return EnvironmentVariableRules.check(strings, "Env", errors);
    }

    private static RouteKeys routes(ObjectNode app, ValidationErrors errors) {
        List<String> routes = null;
        if (app.has("routes")) {
            routes = routeList(app.get("routes"), errors);
        }
        boolean noRoute = flag(app, "no_route", "No-route", errors);
        boolean randomRoute = flag(app, "random_route", "Random-route", errors);
        boolean defaultRoute = flag(app, "default_route", "Default-route", errors);
        if (randomRoute && defaultRoute) {
            errors.add("Random-route and default-route may not be used together");
        }
        return new RouteKeys(routes, noRoute, randomRoute, defaultRoute);
    }

    private static List<String> routeList(JsonNode list, ValidationErrors errors) {
        boolean wellFormed = list.isArray();
        if (wellFormed) {
            for (JsonNode route : list) {
                JsonNode url = route.isObject() ? route.get("route") : null;
                if (url == null || !url.isTextual() || url.textValue().isBlank()) {
                    wellFormed = false;
                }
            }
        }
        if (!wellFormed) {
            errors.add("Routes must be a list of route objects");
            return null;
        }
        List<String> urls = new ArrayList<>();
        for (JsonNode route : list) {
            String url = route.get("route").textValue();
            List<String> unknown = BodyMessage.unknownKeys((ObjectNode) route, ROUTE_KEYS);
            if (!unknown.isEmpty()) {
                errors.add("Route '" + url + "': Unknown field(s): '" + String.join("', '", unknown) + "'");
            }
            if (!isRouteUrl(url)) {
                errors.add("The route '" + url + "' is not a properly formed URL");
            }
            JsonNode protocol = route.get("protocol");
            if (protocol != null && !protocol.isNull() && !ROUTE_PROTOCOLS.contains(protocol.asText())) {
                errors.add("Route protocol must be 'http1', 'http2' or 'tcp'.");
            }
            routeOptions(url, route.get("options"), errors);
            urls.add(url);
        }
        return urls;
    }

    private static void routeOptions(String url, JsonNode options, ValidationErrors errors) {
        if (options == null) {
            return;
        }
        if (!options.isObject()) {
            errors.add("Route '" + url + "': options must be an object");
            return;
        }
        String valid = String.join(", ", LOAD_BALANCING);
        for (Iterator<String> keys = options.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!key.equals("loadbalancing")) {
                errors.add("Route '" + url + "' contains invalid route option '" + key + "'. Valid keys: '"
                        + "loadbalancing'");
            }
        }
        JsonNode balancing = options.get("loadbalancing");
        if (balancing != null) {
            if (!balancing.isTextual()) {
                errors.add("Invalid value for 'loadbalancing' for Route '" + url + "'; Valid values are: '" + valid
                        + "'");
            } else if (!LOAD_BALANCING.contains(balancing.textValue())) {
                errors.add("Cannot use loadbalancing value '" + balancing.textValue() + "' for Route '" + url
                        + "'; Valid values are: '" + valid + "'");
            }
        }
    }

    /** CAPI's ManifestRoute: a host of at least two labels (or a wildcard), an optional port and path. */
    static boolean isRouteUrl(String url) {
        String candidate = url.contains("://") ? url : "unused://" + url;
        try {
            URI uri = new URI(candidate);
            String host = uri.getHost() == null ? uri.getRawAuthority() : uri.getHost();
            if (host == null || uri.getRawQuery() != null || uri.getRawFragment() != null
                    || uri.getRawUserInfo() != null) {
                return false;
            }
            if (host.contains(":")) {
                host = host.substring(0, host.indexOf(':'));
            }
            return ROUTE_HOST.matcher(host.toLowerCase(Locale.ROOT)).matches();
        } catch (URISyntaxException notAUri) {
            return false;
        }
    }

    private static boolean flag(ObjectNode app, String key, String label, ValidationErrors errors) {
        JsonNode value = app.get(key);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            errors.add(label + " must be a boolean");
            return false;
        }
        return value.booleanValue();
    }

    /** The keys as CAPI reads them: {@code disk-quota} and {@code disk_quota} are one key. */
    private static ObjectNode underscored(ObjectNode keys) {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        keys.fields().forEachRemaining(field -> result.set(field.getKey().replace('-', '_'), field.getValue()));
        return result;
    }
}

package io.cfdeploy.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Body of {@code POST /v3/routes} (CAPI's RouteCreateMessage): {@code host}, {@code path}, {@code port}, the space
 * and domain relationships, {@code options} and metadata. Every refusal is one 422 listing CAPI's texts.
 *
 * @param options null when not given
 */
public record RouteCreateMessage(String host, String path, Integer port, boolean portRequested, String spaceGuid,
        String domainGuid, Map<String, String> options, MetadataMessage metadata) {
    public static final int MAXIMUM_HOST_LENGTH = 63;
    public static final int MAXIMUM_PATH_LENGTH = 128;
    /** CAPI's host format: word characters and "-", or the wildcard "*" (Ruby's \w is ASCII, as Java's). */
    public static final Pattern HOST = Pattern.compile("([\\w-]+|\\*)?");
    public static final String HOST_FORMAT = "must be either \"*\" or contain only alphanumeric characters, \"_\", "
            + "or \"-\"";
    public static final String WILDCARD = "*";
    /** CAPI's RouteOptionsMessage: the load-balancing algorithms a route may ask for. */
    public static final List<String> LOADBALANCING = List.of("round-robin", "least-connection");
    private static final Set<String> KEYS = Set.of("host", "path", "port", "relationships", "options", "metadata");
    private static final Set<String> RELATIONSHIPS = Set.of("space", "domain");
    private static final Set<String> OPTION_KEYS = Set.of("loadbalancing");

    public boolean isWildcard() {
        return WILDCARD.equals(host);
    }

    public static RouteCreateMessage parse(JsonNode raw) {
        ObjectNode body = BodyMessage.object(raw);
        ValidationErrors errors = new ValidationErrors();
        MetadataMessage metadata = MetadataMessage.parse(body.get("metadata"), errors);
        String host = text(body, "host", errors);
        if (host != null) {
            hostErrors(host, errors);
        }
        String path = text(body, "path", errors);
        if (path != null) {
            pathErrors(path, errors);
        }
        boolean portRequested = body.has("port");
        BigInteger port = Numericality.integer(body.get("port"), "Port", 0, "must be greater than or equal to 0",
                65_535, errors);
        BodyMessage.rejectUnknownFields(body, KEYS, errors);
        ObjectNode relationships = BodyMessage.relationships(body, RELATIONSHIPS, errors);
        String spaceGuid = null;
        String domainGuid = null;
        if (relationships != null) {
            spaceGuid = BodyMessage.toOneGuid(relationships, "space", errors);
            domainGuid = BodyMessage.toOneGuid(relationships, "domain", errors);
        }
        Map<String, String> options = body.has("options") ? options(body.get("options"), errors) : null;
        errors.throwIfAnyUnprocessable();
        return new RouteCreateMessage(host, path, port == null ? null : port.intValue(), portRequested, spaceGuid,
                domainGuid, options, metadata);
    }

    /** CAPI's host rules ("Host is too long …", "Host must be either …"), as the model checks a new route. */
    public static void hostErrors(String host, ValidationErrors errors) {
        if (host.length() > MAXIMUM_HOST_LENGTH) {
            errors.add("Host is too long (maximum is " + MAXIMUM_HOST_LENGTH + " characters)");
        }
        if (!HOST.matcher(host).matches()) {
            errors.add("Host " + HOST_FORMAT);
        }
    }

    /** CAPI's path rules: at most 128 characters, begins with "/", no "?", not exactly "/". */
    public static void pathErrors(String path, ValidationErrors errors) {
        if (path.length() > MAXIMUM_PATH_LENGTH) {
            errors.add("Path is too long (maximum is " + MAXIMUM_PATH_LENGTH + " characters)");
        }
        if (!path.isEmpty() && !path.startsWith("/")) {
            errors.add("Path must begin with /");
        }
        if (path.contains("?")) {
            errors.add("Path cannot contain ?");
        }
        if ("/".equals(path)) {
            errors.add("Path cannot be exactly /");
        }
    }

    private static String text(ObjectNode body, String key, ValidationErrors errors) {
        JsonNode value = body.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            errors.add(BodyMessage.humanize(key) + " must be a string");
            return null;
        }
        return value.textValue();
    }

    /** CAPI's OptionsValidator: an object with only {@code loadbalancing}, one of the known algorithms. */
    private static Map<String, String> options(JsonNode options, ValidationErrors errors) {
        Map<String, String> parsed = new LinkedHashMap<>();
        if (options == null || options.isNull()) {
            return parsed;
        }
        if (!options.isObject()) {
            errors.add("Options must be an object");
            return null;
        }
        List<String> unknown = BodyMessage.unknownKeys((ObjectNode) options, OPTION_KEYS);
        if (!unknown.isEmpty()) {
            errors.add("Options Unknown field(s): '" + String.join("', '", unknown) + "'");
            return null;
        }
        JsonNode loadbalancing = options.get("loadbalancing");
        if (loadbalancing != null && !loadbalancing.isNull()) {
            if (!loadbalancing.isTextual() || !LOADBALANCING.contains(loadbalancing.textValue())) {
                errors.add("Options Loadbalancing must be one of '" + String.join(", ", LOADBALANCING) + "'");
                return null;
            }
            parsed.put("loadbalancing", loadbalancing.textValue());
        }
        return parsed;
    }
}

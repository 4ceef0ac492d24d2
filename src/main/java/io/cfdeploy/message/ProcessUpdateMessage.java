package io.cfdeploy.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Body of {@code PATCH /v3/processes/:guid} (CAPI's ProcessUpdateMessage): {@code command}, {@code health_check},
 * {@code readiness_health_check}, {@code metadata}. A part counts as requested when its key is present (so
 * {@code "command": null} reverts to the detected command, {@code "endpoint": null} clears the endpoint).
 *
 * @param request the body as sent with {@code command} censored, for the audit event
 */
public record ProcessUpdateMessage(boolean commandRequested, String command, HealthCheckUpdate healthCheck,
        HealthCheckUpdate readinessHealthCheck, MetadataMessage metadata, ObjectNode request) {
    public static final String PRIVATE_DATA_HIDDEN = "[PRIVATE DATA HIDDEN]";
    public static final Set<String> HEALTH_CHECK_TYPES = Set.of("port", "process", "http");

    private static final Set<String> KEYS = Set.of("command", "health_check", "readiness_health_check", "metadata");
    private static final int MAX_COMMAND = 4096;
    private static final int MAX_ENDPOINT = 255;
    /** CAPI's UriUtils.is_uri_path?: "/" or "/" followed by a non-blank, non-slash character and no blanks. */
    private static final Pattern URI_PATH = Pattern.compile("^(?:/|/([^\\s/]\\S*)?)$");

    /**
     * What a health check part asks to change; a {@code …Requested} flag is set when the key was sent.
     */
    public record HealthCheckUpdate(boolean typeRequested, String type, boolean timeoutRequested, Integer timeout,
            boolean invocationTimeoutRequested, Integer invocationTimeout, boolean intervalRequested,
            Integer interval, boolean endpointRequested, String endpoint) {
        static final HealthCheckUpdate NONE = new HealthCheckUpdate(false, null, false, null, false, null, false,
                null, false, null);
    }

    public static ProcessUpdateMessage parse(JsonNode raw) {
        ObjectNode body = BodyMessage.object(raw);
        ValidationErrors errors = new ValidationErrors();
        MetadataMessage metadata = MetadataMessage.parse(body.get("metadata"), errors);
        BodyMessage.rejectUnknownFields(body, KEYS, errors);

        boolean commandRequested = body.has("command");
        String command = null;
        if (commandRequested && !body.get("command").isNull()) {
            JsonNode value = body.get("command");
            if (!value.isTextual()) {
                errors.add("Command must be a string");
            } else {
                command = value.textValue();
                if (command.isEmpty() || command.length() > MAX_COMMAND) {
                    errors.add("Command must be between 1 and " + MAX_COMMAND + " characters");
                }
            }
        }
        HealthCheckUpdate healthCheck = healthCheck(body.get("health_check"), "Health check", true, errors);
        HealthCheckUpdate readiness = healthCheck(body.get("readiness_health_check"), "Readiness health check", false,
                errors);
        errors.throwIfAnyUnprocessable();

        ObjectNode request = body.deepCopy();
        if (request.has("command")) {
            request.put("command", PRIVATE_DATA_HIDDEN);
        }
        return new ProcessUpdateMessage(commandRequested, command, healthCheck, readiness, metadata, request);
    }

    /** Whether {@code endpoint} is a URI path as CAPI accepts it ({@code /}, {@code /health}, …). */
    public static boolean isUriPath(String endpoint) {
        return endpoint != null && URI_PATH.matcher(endpoint).matches();
    }

    private static HealthCheckUpdate healthCheck(JsonNode node, String label, boolean withTimeout,
            ValidationErrors errors) {
        if (node == null || node.isNull()) {
            return HealthCheckUpdate.NONE;
        }
        if (!node.isObject()) {
            errors.add(label + " must be an object");
            return HealthCheckUpdate.NONE;
        }
        boolean typeRequested = node.has("type");
        String type = null;
        if (typeRequested) {
            JsonNode value = node.get("type");
            if (value.isTextual() && HEALTH_CHECK_TYPES.contains(value.textValue())) {
                type = value.textValue();
            } else {
                errors.add(label + " type must be \"port\", \"process\", or \"http\"");
            }
        }
        JsonNode data = node.get("data");
        if (data != null && !data.isNull() && !data.isObject()) {
            errors.add(label + " data must be an object");
            data = null;
        }
        if (data == null || data.isNull()) {
            return new HealthCheckUpdate(typeRequested, type, false, null, false, null, false, null, false, null);
        }
        boolean timeoutRequested = withTimeout && data.has("timeout");
        Integer timeout = timeoutRequested ? positive(data.get("timeout"), label + " timeout", errors) : null;
        boolean invocationRequested = data.has("invocation_timeout");
        Integer invocation = invocationRequested
                ? positive(data.get("invocation_timeout"), label + " invocation timeout", errors) : null;
        boolean intervalRequested = data.has("interval");
        Integer interval = intervalRequested ? positive(data.get("interval"), label + " interval", errors) : null;
        boolean endpointRequested = data.has("endpoint");
        String endpoint = null;
        if (endpointRequested && !data.get("endpoint").isNull()) {
            JsonNode value = data.get("endpoint");
            String text = value.isTextual() ? value.textValue() : value.toString();
            if (text.length() > MAX_ENDPOINT) {
                errors.add(label + " endpoint is too long (maximum is " + MAX_ENDPOINT + " characters)");
            }
            if (!value.isTextual() || !isUriPath(text)) {
                errors.add(label + " endpoint must be a valid URI path");
            }
            endpoint = text;
        }
        return new HealthCheckUpdate(typeRequested, type, timeoutRequested, timeout, invocationRequested, invocation,
                intervalRequested, interval, endpointRequested, endpoint);
    }

    private static Integer positive(JsonNode value, String label, ValidationErrors errors) {
        BigInteger number = Numericality.integer(value, label, 1, "must be greater than or equal to 1",
                Numericality.MAX_DB_INT, errors);
        return number == null ? null : number.intValue();
    }
}

package io.cfdeploy.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfdeploy.domain.DeploymentStrategy;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Body of {@code POST /v3/deployments} (CAPI's DeploymentCreateMessage, spec §3). Every failure is collected and
 * answered as one 422 with CAPI's texts, in CAPI's order: metadata, unknown fields, strategy, droplet/revision,
 * options. Where CAPI would crash with a 500 (non-object relationships/droplet/revision/options, empty canary steps,
 * numbers beyond the columns) the message adds a 422 of its own (product.md §6); those come after CAPI's own
 * messages of the same part.
 *
 * @param appGuid        {@code relationships.app.data.guid}, or null when not given (the action answers "Unable to use
 *                       app…", as CAPI)
 * @param dropletGiven   whether a non-empty {@code droplet} object was sent ({@code dropletGuid} may then be null)
 * @param revisionGiven  whether a non-empty {@code revision} object was sent
 * @param canarySteps    the instance weights, or null when no steps were given
 * @param request        the body as sent, for the audit event's {@code request}
 */
public record DeploymentCreateMessage(String appGuid, boolean dropletGiven, String dropletGuid,
        boolean revisionGiven, String revisionGuid, DeploymentStrategy strategy, int maxInFlight, Integer webInstances,
        Integer memoryInMb, Integer diskInMb, Long logRateLimitInBytesPerSecond, List<Integer> canarySteps,
        MetadataMessage metadata, ObjectNode request) {
    private static final Set<String> KEYS = Set.of("relationships", "droplet", "revision", "strategy", "options",
            "metadata");
    private static final Set<String> OPTION_KEYS = Set.of("canary", "max_in_flight", "web_instances",
            "memory_in_mb", "disk_in_mb", "log_rate_limit_in_bytes_per_second");
    private static final Set<String> STEP_KEYS = Set.of("instance_weight");
    private static final String MAX_IN_FLIGHT = "Max in flight must be an integer greater than 0";
    private static final String WEIGHT = "Options canary steps instance weight must be an Integer between 1-100 (inclusive)";

    public boolean isCanary() {
        return strategy == DeploymentStrategy.CANARY;
    }

    /** Whether a rollback was asked for (CAPI's audit metadata {@code type: "rollback"}). */
    public boolean isRollback() {
        return revisionGiven;
    }

    /** With no ceiling but the database's: for callers that do not care about the instance cap. */
    public static DeploymentCreateMessage parse(JsonNode raw) {
        return parse(raw, Numericality.MAX_DB_INT);
    }

    /**
     * @param maxInstances the largest {@code web_instances} and {@code max_in_flight} accepted
     *                     ({@code cfdeploy.limits.max-instances}): every later read builds a node per instance
     */
    public static DeploymentCreateMessage parse(JsonNode raw, long maxInstances) {
        ObjectNode body = BodyMessage.object(raw);
        ValidationErrors errors = new ValidationErrors();
        MetadataMessage metadata = MetadataMessage.parse(body.get("metadata"), errors);
        BodyMessage.rejectUnknownFields(body, KEYS, errors);
        DeploymentStrategy strategy = strategy(body.get("strategy"), errors);
        JsonNode droplet = body.get("droplet");
        JsonNode revision = body.get("revision");
        if (rubyPresent(droplet) && rubyPresent(revision)) {
            errors.add("Droplet Cannot set both fields 'droplet' and 'revision'");
        }
        Ref dropletRef = ref(droplet, "Droplet", errors);
        Ref revisionRef = ref(revision, "Revision", errors);
        String appGuid = appGuid(body.get("relationships"), errors);
        Options options = options(body.get("options"), strategy == DeploymentStrategy.CANARY, maxInstances, errors);
        errors.throwIfAnyUnprocessable();
        return new DeploymentCreateMessage(appGuid, dropletRef.given, dropletRef.guid, revisionRef.given,
                revisionRef.guid, strategy == null ? DeploymentStrategy.ROLLING : strategy, options.maxInFlight, options.webInstances,
                options.memoryInMb, options.diskInMb, options.logRate, options.steps, metadata, body);
    }

    private static DeploymentStrategy strategy(JsonNode value, ValidationErrors errors) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isTextual()) {
            Optional<DeploymentStrategy> known = DeploymentStrategy.fromWire(value.textValue());
            if (known.isPresent()) {
                return known.get();
            }
        }
        String shown = value.isValueNode() ? value.asText() : value.toString();
        errors.add("Strategy '" + shown + "' is not a supported deployment strategy");
        return null;
    }

    private record Ref(boolean given, String guid) {
    }

    /** {@code droplet} / {@code revision}: absent, null or {} means "not given" (Rails' blank). */
    private static Ref ref(JsonNode value, String label, ValidationErrors errors) {
        if (value != null && !value.isNull() && !value.isObject()) {
            // CAPI treats a blank non-object ([], "", false) as absent and a present one crashes later; a
            // non-object is refused whatever its content
            errors.add(label + " must be an object");
            return new Ref(false, null);
        }
        if (!rubyPresent(value)) {
            return new Ref(false, null);
        }
        if (!value.isObject()) {
            errors.add(label + " must be an object");
            return new Ref(false, null);
        }
        JsonNode guid = value.get("guid");
        if (guid == null || guid.isNull()) {
            return new Ref(true, null);
        }
        if (!guid.isTextual()) {
            errors.add(label + " guid must be a string");
            return new Ref(false, null);
        }
        return new Ref(true, guid.textValue());
    }

    /** Not validated by CAPI; a malformed structure here is a 422 rather than CAPI's 500. */
    private static String appGuid(JsonNode relationships, ValidationErrors errors) {
        if (relationships == null || relationships.isNull()) {
            return null;
        }
        if (!relationships.isObject()) {
            errors.add("Relationships must be an object");
            return null;
        }
        JsonNode app = relationships.get("app");
        if (app == null || app.isNull()) {
            return null;
        }
        JsonNode data = app.isObject() ? app.get("data") : null;
        JsonNode guid = data != null && data.isObject() ? data.get("guid") : null;
        if (data == null || !data.isObject() || (guid != null && !guid.isNull() && !guid.isTextual())) {
            errors.add("Relationships app must be structured like this: "
                    + "\"app: {\"data\": {\"guid\": \"valid-guid\"}}\"");
            return null;
        }
        return guid == null || guid.isNull() ? null : guid.textValue();
    }

    private static final class Options {
        int maxInFlight = 1;
        Integer webInstances;
        Integer memoryInMb;
        Integer diskInMb;
        Long logRate;
        List<Integer> steps;
    }

    private static Options options(JsonNode value, boolean canary, long maxInstances, ValidationErrors errors) {
        Options options = new Options();
        if (value == null || value.isNull()) {
            return options;
        }
        if (!value.isObject()) {
            // CAPI lets blank non-objects ("", [], false) through and crashes later; cfdeploy refuses them all
            errors.add("Options must be an object");
            return options;
        }
        ObjectNode object = (ObjectNode) value;
        List<String> unsupported = BodyMessage.unknownKeys(object, OPTION_KEYS);
        if (!unsupported.isEmpty()) {
            errors.add("Options has unsupported key(s): " + String.join(", ", unsupported));
        }
        options.webInstances = toInt(Numericality.integer(object.get("web_instances"), "Web instances", 0,
                "must be greater than or equal to 0", maxInstances, errors));
        options.memoryInMb = toInt(Numericality.integer(object.get("memory_in_mb"), "Memory in mb", 1,
                "must be greater than 0", Numericality.MAX_DB_INT, errors));
        options.diskInMb = toInt(Numericality.integer(object.get("disk_in_mb"), "Disk in mb", 1,
                "must be greater than 0", Numericality.MAX_DB_INT, errors));
        BigInteger logRate = Numericality.integer(object.get("log_rate_limit_in_bytes_per_second"),
                "Log rate limit in bytes per second", -1, "must be greater than or equal to -1",
                Numericality.MAX_DB_BIGINT, errors);
        options.logRate = logRate == null ? null : logRate.longValue();
        options.maxInFlight = maxInFlight(object.get("max_in_flight"), maxInstances, errors);
        options.steps = canary(object.get("canary"), canary, errors);
        return options;
    }

    /** Only a JSON integer ≥ 1 (no strings, no floats); null and false mean the default 1. */
    private static int maxInFlight(JsonNode value, long maxInstances, ValidationErrors errors) {
        if (!truthy(value)) {
            return 1;
        }
        if (!value.isIntegralNumber() || value.bigIntegerValue().signum() <= 0) {
            errors.add(MAX_IN_FLIGHT);
            return 1;
        }
        if (value.bigIntegerValue().compareTo(BigInteger.valueOf(maxInstances)) > 0) {
            // beyond CAPI: the instance cap (its 32-bit column would overflow with a 500)
            errors.add("Max in flight must be less than or equal to " + maxInstances);
            return 1;
        }
        return value.intValue();
    }

    private static List<Integer> canary(JsonNode value, boolean canary, ValidationErrors errors) {
        if (!truthy(value)) {
            return null;
        }
        if (!value.isObject()) {
            errors.add("Options canary must be an object");
            return null;
        }
        if (!canary) {
            errors.add("Options canary are only valid for Canary deployments");
            return null;
        }
        JsonNode steps = value.get("steps");
        if (!truthy(steps)) {
            return null;
        }
        if (!steps.isArray() || !allObjects(steps)) {
            errors.add("Options canary steps must be an array of objects");
            return null;
        }
        int before = errors.messages().size();
        for (JsonNode step : steps) {
            List<String> unsupported = BodyMessage.unknownKeys((ObjectNode) step, STEP_KEYS);
            if (!unsupported.isEmpty()) {
                errors.add("Options canary steps has unsupported key(s): " + String.join(", ", unsupported));
            }
        }
        for (JsonNode step : steps) {
            if (!step.has("instance_weight")) {
                errors.add("Options canary steps missing key: \"instance_weight\"");
                break;
            }
        }
        // CAPI's validate_step_instance_weights: only a non-integer weight stops the checks; the range check adds
        // its message and the order check still runs
        List<BigInteger> weights = new ArrayList<>();
        for (JsonNode step : steps) {
            JsonNode weight = step.get("instance_weight");
            if (weight == null || !weight.isIntegralNumber()) {
                errors.add(WEIGHT);
                return null;
            }
            weights.add(weight.bigIntegerValue());
        }
        BigInteger hundred = BigInteger.valueOf(100);
        if (weights.stream().anyMatch(w -> w.compareTo(BigInteger.ONE) < 0 || w.compareTo(hundred) > 0)) {
            errors.add(WEIGHT);
        }
        for (int i = 1; i < weights.size(); i++) {
            if (weights.get(i).compareTo(weights.get(i - 1)) < 0) {
                errors.add("Options canary steps instance weight must be sorted in ascending order");
                break;
            }
        }
        if (weights.isEmpty()) {
            // beyond CAPI: an empty list of steps makes its create action fail with a 500
            errors.add("Options canary steps must contain at least one step");
        }
        return errors.messages().size() == before ? weights.stream().map(BigInteger::intValue).toList() : null;
    }

    private static boolean allObjects(JsonNode array) {
        for (JsonNode element : array) {
            if (!element.isObject()) {
                return false;
            }
        }
        return true;
    }

    /** Ruby truthiness: everything but nil and false. */
    private static boolean truthy(JsonNode value) {
        return value != null && !value.isNull() && !value.isMissingNode()
                && !(value.isBoolean() && !value.booleanValue());
    }

    /** Rails' {@code present?}: not nil/false, not a blank string, not an empty array or object. */
    private static boolean rubyPresent(JsonNode value) {
        return truthy(value) && !(value.isTextual() && RubyText.blank(value.textValue()))
                && !(value.isContainerNode() && value.isEmpty());
    }

    private static Integer toInt(BigInteger value) {
        return value == null ? null : value.intValue();
    }
}

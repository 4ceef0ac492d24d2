package io.cfdeploy.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.Map;
import java.util.Set;

/**
 * Body of {@code POST /v3/builds} (CAPI's BuildCreateMessage): {@code package.guid} (required), an optional
 * {@code lifecycle}, staging resources, staging environment variables and metadata. Every refusal is one 422
 * listing CAPI's texts.
 *
 * @param lifecycle            null when the body has no {@code lifecycle}
 * @param stagingMemoryInMb    null when not given
 * @param environmentVariables empty when not given
 */
public record BuildCreateMessage(String packageGuid, LifecycleMessage lifecycle, Long stagingMemoryInMb,
        Long stagingDiskInMb, Long stagingLogRateLimit, Map<String, String> environmentVariables,
        MetadataMessage metadata) {
    private static final Set<String> KEYS = Set.of("package", "lifecycle", "staging_memory_in_mb",
            "staging_disk_in_mb", "staging_log_rate_limit_bytes_per_second", "environment_variables", "metadata");

    public static BuildCreateMessage parse(JsonNode raw) {
        ObjectNode body = BodyMessage.object(raw);
        ValidationErrors errors = new ValidationErrors();
        Long disk = integer(body, "staging_disk_in_mb", 1, "must be greater than 0", Numericality.MAX_DB_INT, errors);
        Long memory = integer(body, "staging_memory_in_mb", 1, "must be greater than 0", Numericality.MAX_DB_INT,
                errors);
        Long logRate = integer(body, "staging_log_rate_limit_bytes_per_second", -1,
                "must be greater than or equal to -1", Numericality.MAX_DB_BIGINT, errors);
        BodyMessage.rejectUnknownFields(body, KEYS, errors);
        LifecycleMessage lifecycle = LifecycleMessage.parse(body, errors);
        String packageGuid = packageGuid(body.get("package"), errors);
        Map<String, String> variables = Map.of();
        JsonNode env = body.get("environment_variables");
        if (env != null && !env.isNull()) {
            if (env.isObject()) {
                variables = EnvironmentVariableRules.check(env, "Environment variables", errors);
            } else {
                errors.add("Environment variables must be an object");
            }
        }
        MetadataMessage metadata = MetadataMessage.parse(body.get("metadata"), errors);
        errors.throwIfAnyUnprocessable();
        return new BuildCreateMessage(packageGuid, lifecycle, memory, disk, logRate, variables, metadata);
    }

    private static Long integer(ObjectNode body, String key, long min, String minMessage, long max,
            ValidationErrors errors) {
        BigInteger value = Numericality.integer(body.get(key), BodyMessage.humanize(key), min, minMessage, max,
                errors);
        return value == null ? null : value.longValue();
    }

    /** CAPI's presence and guid validators on {@code package.guid} (a non-object package has no guid). */
    private static String packageGuid(JsonNode pkg, ValidationErrors errors) {
        JsonNode guid = pkg != null && pkg.isObject() ? pkg.get("guid") : null;
        boolean blank = guid == null || guid.isNull() || (guid.isTextual() && guid.textValue().isBlank());
        if (blank) {
            errors.add("Package guid can't be blank");
        }
        if (guid == null || !guid.isTextual()) {
            errors.add("Package guid must be a string");
        }
        if (guid == null || !guid.isTextual() || guid.textValue().isEmpty() || guid.textValue().length() > 200) {
            errors.add("Package guid must be between 1 and 200 characters");
            return null;
        }
        return blank ? null : guid.textValue();
    }
}

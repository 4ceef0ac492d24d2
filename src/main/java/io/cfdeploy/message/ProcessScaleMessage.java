package io.cfdeploy.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.Set;

/**
 * Body of {@code POST /v3/processes/:guid/actions/scale} (CAPI's ProcessScaleMessage). Every key is optional; a
 * key sent as JSON null changes nothing.
 *
 * @param request the body as sent, for the audit event
 */
public record ProcessScaleMessage(Integer instances, Integer memoryInMb, Integer diskInMb,
        Long logRateLimitInBytesPerSecond, ObjectNode request) {
    private static final Set<String> KEYS = Set.of("instances", "memory_in_mb", "disk_in_mb",
            "log_rate_limit_in_bytes_per_second");

    /** With no ceiling but the database's. */
    public static ProcessScaleMessage parse(JsonNode raw) {
        return parse(raw, Numericality.MAX_DB_INT);
    }

    /** @param maxInstances the largest {@code instances} accepted ({@code cfdeploy.limits.max-instances}) */
    public static ProcessScaleMessage parse(JsonNode raw, long maxInstances) {
        ObjectNode body = BodyMessage.object(raw);
        ValidationErrors errors = new ValidationErrors();
        BodyMessage.rejectUnknownFields(body, KEYS, errors);
        BigInteger instances = Numericality.integer(body.get("instances"), "Instances", 0,
                "must be greater than or equal to 0", maxInstances, errors);
        BigInteger memory = Numericality.integer(body.get("memory_in_mb"), "Memory in mb", 1,
                "must be greater than 0", Numericality.MAX_DB_INT, errors);
        BigInteger disk = Numericality.integer(body.get("disk_in_mb"), "Disk in mb", 1, "must be greater than 0",
                Numericality.MAX_DB_INT, errors);
        BigInteger logRate = Numericality.integer(body.get("log_rate_limit_in_bytes_per_second"),
                "Log rate limit in bytes per second", -1, "must be greater than or equal to -1",
                Numericality.MAX_DB_BIGINT, errors);
        errors.throwIfAnyUnprocessable();
        return new ProcessScaleMessage(instances == null ? null : instances.intValue(),
                memory == null ? null : memory.intValue(), disk == null ? null : disk.intValue(),
                logRate == null ? null : logRate.longValue(), body);
    }
}

package io.cfdeploy.runtime;

import java.time.Instant;

/**
 * What an instance uses now (stats' {@code usage}): {@code cpu} is a fraction of one core, the rest bytes and
 * bytes per second.
 */
public record InstanceUsage(Instant time, double cpu, long mem, long disk, long logRate) {
}

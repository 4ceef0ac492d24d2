package io.cfdeploy.runtime.local;

import java.time.Duration;

/**
 * A process's health or readiness check as CF means it (runtimes.md §1.3).
 *
 * @param type              {@code port}, {@code http} or {@code process} (no check)
 * @param endpoint          the http check's path
 * @param timeout           how long the start-up check may keep failing (liveness only)
 * @param invocationTimeout how long one check may take
 * @param interval          how often a passing instance is checked again
 */
record HealthCheck(String type, String endpoint, Duration timeout, Duration invocationTimeout, Duration interval) {
    static final String PORT = "port";
    static final String HTTP = "http";
    static final String PROCESS = "process";

    boolean none() {
        return !PORT.equals(type) && !HTTP.equals(type);
    }
}

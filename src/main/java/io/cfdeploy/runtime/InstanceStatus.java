package io.cfdeploy.runtime;

import java.time.Instant;

/**
 * One instance as the runtime sees it now.
 *
 * @param routable  whether it receives traffic (healthy and ready)
 * @param since     when it entered its current state
 * @param uptime    seconds since it started (0 while not running)
 * @param changesAt when its state will next change by itself (its start-up ends), or null if it never will
 */
public record InstanceStatus(int index, String instanceGuid, String dropletGuid, InstanceState state,
        boolean routable, Instant since, long uptime, Instant changesAt) {
}

package io.cfdeploy.runtime;

import java.time.Instant;

/**
 * One instance as the runtime sees it now.
 *
 * @param routable  whether it receives traffic (healthy and ready)
 * @param since     when it entered its current state
 * @param uptime    seconds since it started (0 while not running)
 */
public record InstanceStatus(int index, String instanceGuid, String dropletGuid, InstanceState state,
        boolean routable, Instant since, long uptime) {
}

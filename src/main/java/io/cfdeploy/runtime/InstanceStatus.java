package io.cfdeploy.runtime;

import java.time.Instant;

/**
 * One instance as the runtime sees it now.
 *
 * @param routable  whether it receives traffic (healthy and ready)
 * @param since     when it entered its current state
 * @param uptime    seconds since it started (0 while not running)
 * @param changesAt when its state will next change by itself (its start-up ends), or null if it never will (or the
 *                  runtime will say so with an {@link InstancesChanged} event)
 * @param details   why it is CRASHED or DOWN, else null
 * @param host      where it is reached (stats' {@code host} and {@code instance_internal_ip}), null when unknown
 * @param port      its host port, null when it has none (not started, crashed, a process without a port)
 */
public record InstanceStatus(int index, String instanceGuid, String dropletGuid, InstanceState state,
        boolean routable, Instant since, long uptime, Instant changesAt, String details, String host,
        Integer port) {

    /** A status without details, host or port (the simulated runtime's). */
    public InstanceStatus(int index, String instanceGuid, String dropletGuid, InstanceState state, boolean routable,
            Instant since, long uptime, Instant changesAt) {
        this(index, instanceGuid, dropletGuid, state, routable, since, uptime, changesAt, null, null, null);
    }
}

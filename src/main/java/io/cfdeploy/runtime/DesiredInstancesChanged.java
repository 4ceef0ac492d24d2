package io.cfdeploy.runtime;

/**
 * A transaction changed the desired instances of a process (scale, restart, stop, delete). Fired inside it; a
 * runtime that runs real instances observes it after the commit and converges the process to what was stored.
 */
public record DesiredInstancesChanged(long processId) {
}

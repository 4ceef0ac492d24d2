package io.cfdeploy.web;

import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;

/** How long this server has run: log-cache's {@code vm_uptime} (there the VM's, here the process's). */
@Startup
@Singleton
public class ServerUptime {
    private final long startedNanos = System.nanoTime();

    public long seconds() {
        return (System.nanoTime() - startedNanos) / 1_000_000_000L;
    }
}

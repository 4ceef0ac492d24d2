package io.cfdeploy.runtime.local;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.BitSet;

/**
 * The host ports of {@code cfdeploy.runtime.local.port-range}: an instance gets the lowest one that is neither
 * handed out nor bound by anybody else, and gives it back when its process group is gone.
 */
final class PortPool {
    private final int first;
    private final int last;
    private final BitSet taken = new BitSet();

    PortPool(int first, int last) {
        if (first < 1 || last > 65535 || first > last) {
            throw new IllegalArgumentException("cfdeploy.runtime.local.port-range: not a range of ports");
        }
        this.first = first;
        this.last = last;
    }

    static PortPool parse(String range) {
        String[] bounds = range.split("-");
        return new PortPool(Integer.parseInt(bounds[0]), Integer.parseInt(bounds[1]));
    }

    /** A free port, or -1 when every port of the range is in use. */
    synchronized int allocate() {
        for (int port = first; port <= last; port++) {
            if (!taken.get(port) && bindable(port)) {
                taken.set(port);
                return port;
            }
        }
        return -1;
    }

    /** Marks a port in use (an adopted instance's). */
    synchronized void claim(int port) {
        taken.set(port);
    }

    synchronized void release(int port) {
        if (port > 0) {
            taken.clear(port);
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException inUse) {
            return false;
        }
    }
}

package io.berth.runtime.shim;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * How many tasks each shim serves, known by its socket. The runc shim serves every task of a sandbox group from one
 * process and ignores Shutdown while it still has tasks, so only the removal of a shim's last task shuts it down;
 * the others let go of their own connection and leave the shim to the rest.
 */
final class ShimUsers {
    private final Map<Path, Integer> counts = new HashMap<>();

    synchronized void add(Path socket) {
        counts.merge(socket, 1, Integer::sum);
    }

    /** @return whether the shim served no other task */
    synchronized boolean removeLast(Path socket) {
        return counts.computeIfPresent(socket, (shim, count) -> count == 1 ? null : count - 1) == null;
    }
}

package io.berth.gc;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.api.snapshots.Snapshotter;

/** The snapshots a snapshotter held at one moment, by key, with their parents' keys. */
final class BackendSnapshots {
    private final Snapshotter backend;
    private final Map<String, String> parents;

    private BackendSnapshots(Snapshotter backend, Map<String, String> parents) {
        this.backend = backend;
        this.parents = parents;
    }

    static BackendSnapshots of(Snapshotter backend) {
        Map<String, String> parents = new HashMap<>();
        backend.walk(info -> true, info -> parents.put(info.name(), info.parent()));
        return new BackendSnapshots(backend, parents);
    }

    /**
     * Removes those of the snapshots held then that are not {@code kept}, children before parents.
     *
     * @return how many it removed
     */
    int removeAllBut(Set<String> kept) {
        List<String> unnamed = new ArrayList<>(parents.keySet());
        unnamed.removeIf(kept::contains);
        unnamed.sort(Comparator.comparingInt(this::depth).reversed().thenComparing(Comparator.naturalOrder()));
        int removed = 0;
        for (String key : unnamed) {
            try {
                backend.remove(key);
                removed++;
            } catch (BerthException e) {
                // Gone already, or a kept snapshot stands on it: either way it is not this collection's to remove.
                if (e.kind() != ErrorKind.NOT_FOUND && e.kind() != ErrorKind.FAILED_PRECONDITION) {
                    throw e;
                }
            }
        }
        return removed;
    }

    private int depth(String key) {
        int depth = 0;
        for (String parent = parents.get(key); parent != null && !parent.isEmpty(); parent = parents.get(parent)) {
            depth++;
        }
        return depth;
    }
}

package io.berth.snapshots.overlayfs;

import java.nio.file.Path;

import io.berth.api.errors.BerthException;

/**
 * Where snapshots live, as containerd lays them out: {@code snapshots/<id>/fs} (the upper directory, or a lower one
 * once committed) and {@code snapshots/<id>/work} (overlay's scratch space, active snapshots only). Directories being
 * built are {@code new-<id>}; those being removed are {@code rm-<name>}. {@code empty} stays empty.
 */
final class Layout {
    private static final String NEW_PREFIX = "new-";
    private static final String REMOVED_PREFIX = "rm-";

    private final Path root;

    Layout(Path root) {
        // Overlay options separate directories with ':' and options with ','; the kernel reads '\' as an escape.
        String text = root.toAbsolutePath().toString();
        if (text.contains(":") || text.contains(",") || text.contains("\\")) {
            throw BerthException.invalidArgument("overlay snapshotter root %s: must not contain ':', ',' or '\\', "
                    + "which overlay mount options cannot carry", text);
        }
        this.root = root.toAbsolutePath();
    }

    Path root() {
        return root;
    }

    /** An empty directory, never written: the lower directory of a layer that has no parent yet. */
    Path empty() {
        return root.resolve("empty");
    }

    Path snapshots() {
        return root.resolve("snapshots");
    }

    Path snapshot(long id) {
        return snapshots().resolve(Long.toString(id));
    }

    Path fs(long id) {
        return snapshot(id).resolve("fs");
    }

    Path work(long id) {
        return snapshot(id).resolve("work");
    }

    Path building(long id) {
        return snapshots().resolve(NEW_PREFIX + id);
    }

    /** Where {@code entry} of the snapshots directory goes while it is deleted. */
    Path removing(Path entry) {
        String name = entry.getFileName().toString();
        return name.startsWith(REMOVED_PREFIX) ? entry : snapshots().resolve(REMOVED_PREFIX + name);
    }
}

package io.berth.snapshots.overlayfs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.berth.api.errors.BerthException;
import io.berth.api.snapshots.Kind;
import io.berth.api.snapshots.Mount;

/** The mounts of a snapshot, as containerd's overlay snapshotter hands them out. */
final class OverlayMounts {
    private final Layout layout;
    private final List<String> overlayOptions;
    private final int pageSize;

    /**
     * @param overlayOptions the options of every overlay mount, ahead of its directories
     * @param pageSize the most bytes of options, with their terminating NUL, that mount(2) passes to overlay
     */
    OverlayMounts(Layout layout, List<String> overlayOptions, int pageSize) {
        this.layout = layout;
        this.overlayOptions = List.copyOf(overlayOptions);
        this.pageSize = pageSize;
    }

    /**
     * @param parentIds the committed ancestors, nearest first
     * @param rebaseLater whether the snapshot is a layer to be committed onto a parent later: then even without
     *        parents it is an overlay of its upper directory (on an empty lower one), so that an applier writes
     *        whiteouts in overlay form into that directory
     * @throws BerthException FAILED_PRECONDITION when the overlay options would not fit in one mount call
     */
    List<Mount> of(String key, long id, Kind kind, List<Long> parentIds, boolean rebaseLater) {
        boolean active = kind == Kind.ACTIVE;
        if (parentIds.isEmpty() && !(active && rebaseLater)) {
            return List.of(bind(layout.fs(id).toString(), active));
        }
        if (!active && parentIds.size() == 1) {
            // A view of one layer is that layer itself: no overlay needed.
            return List.of(bind(layout.fs(parentIds.getFirst()).toString(), false));
        }
        List<String> options = new ArrayList<>(overlayOptions);
        if (active) {
            options.add("workdir=" + layout.work(id));
            options.add("upperdir=" + layout.fs(id));
        }
        options.add("lowerdir=" + (parentIds.isEmpty() ? layout.empty().toString()
                : parentIds.stream().map(parent -> layout.fs(parent).toString()).collect(Collectors.joining(":"))));
        checkFits(key, parentIds.size(), options);
        return List.of(new Mount("overlay", "overlay", options));
    }

    private void checkFits(String key, int layers, List<String> options) {
        int bytes = String.join(",", options).getBytes(StandardCharsets.UTF_8).length + 1;
        if (bytes > pageSize) {
            throw BerthException.failedPrecondition("snapshot %s: its %d lower layers need %d bytes of overlay "
                    + "mount options, more than the %d one mount call can pass", key, layers, bytes, pageSize);
        }
    }

    private static Mount bind(String source, boolean writable) {
        return new Mount("bind", source, List.of(writable ? "rw" : "ro", "rbind"));
    }
}

package io.berth.runtime.shim;

import java.io.IOException;
import java.nio.file.Path;

import io.berth.linux.Posix;

/** Unmounting all that is stacked on a path. */
final class StackedMounts {
    /** More mounts stacked on one rootfs than any shim makes: a bound on the unmount loop. */
    private static final int MAX_STACKED = 64;

    private StackedMounts() {
    }

    /**
     * Unmounts every mount stacked on {@code path}, the topmost first, until the kernel says none is left.
     *
     * @throws IOException when more stay mounted than any shim stacks, or an unmount fails
     */
    static void unmountAll(Path path) throws IOException {
        for (int i = 0; i < MAX_STACKED; i++) {
            if (!Posix.unmountTopmost(path)) {
                return;
            }
        }
        throw new IOException(path + " is still mounted after " + MAX_STACKED + " unmounts");
    }
}

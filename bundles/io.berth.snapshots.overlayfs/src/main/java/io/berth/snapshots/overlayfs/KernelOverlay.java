package io.berth.snapshots.overlayfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the running kernel's overlay filesystem offers. */
final class KernelOverlay {
    private KernelOverlay() {
    }

    /** Whether the kernel knows the overlay filesystem (built in or loaded). */
    static boolean available() {
        try {
            return Files.readAllLines(Path.of("/proc/filesystems")).stream()
                    .anyMatch(line -> line.strip().endsWith("\toverlay") || line.strip().equals("overlay"));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Whether overlay takes the {@code index} option. containerd turns the index off where it can: with it on, a
     * lower directory once used with one upper directory refuses to be mounted with another.
     */
    static boolean hasIndexOption() {
        return Files.exists(Path.of("/sys/module/overlay/parameters/index"));
    }
}

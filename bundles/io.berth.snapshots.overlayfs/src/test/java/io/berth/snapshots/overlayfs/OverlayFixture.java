package io.berth.snapshots.overlayfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import com.sun.security.auth.module.UnixSystem;

import io.berth.api.snapshots.Mount;
import io.berth.metadata.sqlite.SqliteDatabase;

/** A snapshotter on a real metadata database, for tests that mount what it hands out (as root, with overlay). */
abstract class OverlayFixture {
    @TempDir
    Path dir;

    SqliteDatabase metadata;
    OverlaySnapshotter snapshotter;
    private final AtomicInteger targets = new AtomicInteger();

    @BeforeEach
    void open() {
        Assumptions.assumeTrue(new UnixSystem().getUid() == 0, "mounting snapshots needs root; CI runs tests as root");
        Assumptions.assumeTrue(KernelOverlay.available(), "this kernel has no overlay filesystem (/proc/filesystems)");
        metadata = SqliteDatabase.open(dir.resolve("meta.db"), Duration.ofSeconds(5));
        snapshotter = new OverlaySnapshotter(metadata, root(), List.of());
    }

    @AfterEach
    void close() {
        if (metadata != null) {
            metadata.close();
        }
    }

    Path root() {
        return dir.resolve("root");
    }

    /** A fresh empty directory to mount on. */
    Path target() throws IOException {
        return Files.createDirectories(dir.resolve("mnt" + targets.incrementAndGet()));
    }

    Mounted mount(List<Mount> mounts) throws IOException {
        return Mounted.at(target(), mounts);
    }

    @FunctionalInterface
    interface Changes {
        void make(Path root) throws IOException;
    }

    /** Prepares {@code name}'s active snapshot on {@code parent}, makes the changes through its mount, commits it. */
    void layer(String name, String parent, Changes changes) throws IOException {
        String key = name + "-active";
        try (Mounted mounted = mount(snapshotter.prepare(key, parent, Map.of()))) {
            changes.make(mounted.root());
        }
        snapshotter.commit(name, key, Map.of());
    }

    /** The value of option {@code name=} of an overlay mount. */
    static String option(List<Mount> mounts, String name) {
        return mounts.getFirst().options().stream().filter(o -> o.startsWith(name + "=")).findFirst()
                .map(o -> o.substring(name.length() + 1)).orElseThrow(() -> new AssertionError(name + " in " + mounts));
    }
}

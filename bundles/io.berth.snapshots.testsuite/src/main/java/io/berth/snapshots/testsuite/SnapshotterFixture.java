package io.berth.snapshots.testsuite;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.api.snapshots.Snapshotter;

/**
 * A fresh snapshotter per test, and the helpers the conformance tests (and a snapshotter's own tests) share:
 * mounting snapshots into the workspace and unmounting them after each test, pass or fail.
 */
public abstract class SnapshotterFixture {
    /** Holds the snapshotter's root and the mount points of the test. */
    @TempDir
    protected Path workspace;
    protected Snapshotter snapshotter;
    private final Deque<Path> mounted = new ArrayDeque<>();

    /** A new, empty snapshotter keeping its files in {@code root} (which does not exist yet). */
    protected abstract Snapshotter create(Path root) throws Exception;

    /**
     * The capabilities the snapshotter advertises in its {@link io.berth.api.plugin.Plugin#CAPABILITIES} service
     * property, which the suite holds it to (such as {@link Snapshotter#CAPABILITY_REBASE}); by default none.
     */
    protected List<String> capabilities() {
        return List.of();
    }

    /** The root of the snapshotter under test. */
    protected Path root() {
        return workspace.resolve("snapshotter");
    }

    /**
     * Leaves storage that no record accounts for, as a crash between the two would: by default a directory
     * {@code <root>/snapshots/<id>} with a file in it. Snapshotters of another layout override it.
     *
     * @return the path that {@link Snapshotter#cleanup} must remove
     */
    protected Path leaveUnrecordedStorage() throws IOException {
        Path leftover = Files.createDirectories(root().resolve("snapshots").resolve("999999"));
        Files.writeString(leftover.resolve("orphan"), "left by a crash");
        return leftover;
    }

    @BeforeEach
    void createSnapshotter() throws Exception {
        int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid", LinkOption.NOFOLLOW_LINKS);
        Assumptions.assumeTrue(uid == 0, "snapshots are mounted, owned and inspected as root; CI runs tests as root");
        snapshotter = create(root());
    }

    /** Unmounts everything the test mounted; runs after each test too. */
    @AfterEach
    protected void unmountAll() throws IOException {
        while (!mounted.isEmpty()) {
            Mounts.unmount(mounted.pop());
        }
    }

    /** Mounts the active or view snapshot {@code key} on a new directory; unmounted after the test at the latest. */
    protected Path mount(String key) throws IOException {
        Path target = Files.createTempDirectory(workspace, "mount-");
        Mounts.mountAll(snapshotter.mounts(key), target);
        mounted.push(target);
        return target;
    }

    protected void unmount(Path target) throws IOException {
        mounted.remove(target);
        Mounts.unmount(target);
    }

    /** What a test does to a mounted snapshot. */
    @FunctionalInterface
    protected interface TreeWork {
        void on(Path tree) throws IOException;
    }

    /** Prepares an active snapshot on {@code parent}, lets {@code work} change it, and commits it as {@code name}. */
    protected void layer(String name, String parent, TreeWork work) throws IOException {
        String key = name + "-active";
        snapshotter.prepare(key, parent, Map.of());
        Path tree = mount(key);
        try {
            work.on(tree);
        } finally {
            unmount(tree);
        }
        snapshotter.commit(name, key, Map.of());
    }

    /** Mounts a new view of {@code parent} named {@code key}. */
    protected Path view(String key, String parent) throws IOException {
        snapshotter.view(key, parent, Map.of());
        return mount(key);
    }

    /** The kind of the {@link BerthException} that {@code call} throws. */
    protected static ErrorKind kindOf(Executable call) {
        return assertThrows(BerthException.class, call).kind();
    }
}

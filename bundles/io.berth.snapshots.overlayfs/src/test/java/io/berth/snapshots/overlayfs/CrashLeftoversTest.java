package io.berth.snapshots.overlayfs;

import static io.berth.snapshots.overlayfs.OverlaySnapshotterTest.entries;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.api.snapshots.Mount;
import io.berth.linux.Trees;

/** What an interrupted creation or removal leaves on disk is replaced or cleaned up, never taken for a snapshot. */
class CrashLeftoversTest extends OverlayFixture {
    @Test
    void cleanupRemovesEveryDirectoryNoRecordAccountsForAndKeepsTheRest() throws IOException {
        layer("one", "", root -> Files.writeString(root.resolve("file"), "kept"));
        snapshotter.prepare("active", "one", Map.of());
        Path snapshots = root().resolve("snapshots");
        Files.createDirectories(snapshots.resolve("rm-7/fs"));
        Files.writeString(snapshots.resolve("rm-7/fs/half-deleted"), "x");
        Files.createDirectories(snapshots.resolve("new-9/fs"));
        Files.createDirectories(snapshots.resolve("42/fs"));
        Files.writeString(snapshots.resolve("42/fs/orphan"), "x");
        Files.writeString(snapshots.resolve("stray"), "x");
        Files.createSymbolicLink(snapshots.resolve("link-out"), dir);

        snapshotter.cleanup();

        assertEquals(List.of("1", "2"), entries(snapshots));
        assertTrue(Files.exists(dir.resolve("meta.db")), "a symlink is removed, not followed");
        try (Mounted view = mount(snapshotter.mounts("active"))) {
            assertEquals("kept", Files.readString(view.root().resolve("file")));
        }
    }

    @Test
    void aDirectoryLeftUnderTheIdANewSnapshotGetsIsReplacedByAnEmptyOne() throws IOException {
        Path snapshots = root().resolve("snapshots");
        // A creation whose record was rolled back frees its id again, and may have left its directories behind.
        Files.createDirectories(snapshots.resolve("1/fs"));
        Files.writeString(snapshots.resolve("1/fs/leftover"), "x");
        Files.createDirectories(snapshots.resolve("new-1/fs"));

        List<Mount> mounts = snapshotter.prepare("fresh", "", Map.of());

        assertEquals(snapshots.resolve("1/fs").toString(), mounts.getFirst().source());
        assertEquals(List.of(), entries(snapshots.resolve("1/fs")));
        assertEquals(List.of("1"), entries(snapshots));
    }

    @Test
    void aCreationThatFailsOnDiskLeavesNoRecordAndNoDirectory() throws IOException {
        layer("one", "", root -> { });
        // A damaged store: the committed layer's directory is gone, so the child's cannot take its owner.
        Trees.deleteRecursively(root().resolve("snapshots/1"));

        BerthException failed = assertThrows(BerthException.class, () -> snapshotter.prepare("child", "one", Map.of()));
        assertEquals(ErrorKind.INTERNAL, failed.kind());
        assertTrue(failed.getMessage().contains("child"), failed.getMessage());
        assertEquals(ErrorKind.NOT_FOUND, assertThrows(BerthException.class, () -> snapshotter.stat("child")).kind());
        assertEquals(List.of(), entries(root().resolve("snapshots")));
    }

    @Test
    void removalMovesTheDirectoryAsideSoAnInterruptedOneIsFinishedByCleanup() throws IOException {
        layer("one", "", root -> Files.writeString(root.resolve("file"), "x"));
        Path snapshots = root().resolve("snapshots");
        // What a removal interrupted between its rename and its deletion leaves: no record, a directory aside.
        Files.createDirectories(snapshots.resolve("rm-5/fs/deep/er"));

        snapshotter.remove("one");
        assertEquals(List.of("rm-5"), entries(snapshots));
        snapshotter.cleanup();
        assertEquals(List.of(), entries(snapshots));
    }

    @Test
    void aChainTooDeepForOneMountCallIsRefusedClearlyAndTheDeepestThatFitsMounts() throws IOException {
        // A long root makes every lower directory long, so that a few layers fill a page of mount options.
        Path longRoot = dir.resolve("r".repeat(250)).resolve("s".repeat(250)).resolve("t".repeat(250));
        OverlaySnapshotter deep = new OverlaySnapshotter(metadata, longRoot, List.of());
        String parent = "";
        BerthException refused = null;
        int layers = 0;
        while (refused == null) {
            String name = "layer" + (layers + 1);
            try {
                deep.prepare(name + "-active", parent, Map.of());
            } catch (BerthException e) {
                refused = e;
                continue;
            }
            deep.commit(name, name + "-active", Map.of());
            parent = name;
            layers++;
        }
        assertEquals(ErrorKind.FAILED_PRECONDITION, refused.kind());
        assertTrue(refused.getMessage().contains("mount options"), refused.getMessage());
        assertTrue(layers > 2, "a few layers fit: " + layers);
        String refusedKey = "layer" + (layers + 1) + "-active";
        assertEquals(ErrorKind.NOT_FOUND, assertThrows(BerthException.class, () -> deep.stat(refusedKey)).kind());

        deep.view("deepest", parent, Map.of());
        try (Mounted view = mount(deep.mounts("deepest"))) {
            assertEquals(List.of(), entries(view.root()));
        }
        deep.cleanup();
        assertEquals(layers + 1, entries(longRoot.resolve("snapshots")).size(), "nothing left by the refusal");
    }
}

package io.berth.snapshots.nativefs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.berth.api.errors.ErrorKind;
import io.berth.api.snapshots.Mount;
import io.berth.api.snapshots.Snapshotter;
import io.berth.api.snapshots.Usage;
import io.berth.metadata.sqlite.SqliteDatabase;
import io.berth.snapshots.testsuite.SnapshotterConformance;

class NativeSnapshotterTest extends SnapshotterConformance {
    private SqliteDatabase metadata;

    @Override
    protected Snapshotter create(Path root) throws Exception {
        metadata = SqliteDatabase.open(workspace.resolve("meta.db"), Duration.ofSeconds(5));
        return new NativeSnapshotter(metadata, root);
    }

    @AfterEach
    void closeMetadata() {
        if (metadata != null) {
            metadata.close();
        }
    }

    @Test
    void anActiveSnapshotIsAWritableBindMountAndAViewAReadOnlyOne() {
        List<Mount> active = snapshotter.prepare("base-active", "", Map.of());
        Path tree = root().resolve("snapshots").resolve(Path.of(active.getFirst().source()).getFileName());
        assertEquals(List.of(new Mount("bind", tree.toString(), List.of("rw", "rbind"))), active);
        assertEquals(active, snapshotter.mounts("base-active"));

        snapshotter.commit("base", "base-active", Map.of());
        List<Mount> view = snapshotter.view("look", "base", Map.of());
        assertEquals("bind", view.getFirst().type());
        assertEquals(List.of("ro", "rbind"), view.getFirst().options());
        assertTrue(Files.isDirectory(Path.of(view.getFirst().source())));
    }

    @Test
    void aCommitKeepsTheTreeWhereItIs() throws IOException {
        Path tree = Path.of(snapshotter.prepare("base-active", "", Map.of()).getFirst().source());
        Files.writeString(mount("base-active").resolve("file"), "kept");
        snapshotter.commit("base", "base-active", Map.of());
        assertEquals("kept", Files.readString(tree.resolve("file")));
    }

    @Test
    void removeLeavesNoTreeBehind() throws IOException {
        snapshotter.prepare("doomed", "", Map.of());
        Files.writeString(mount("doomed").resolve("file"), "data");
        unmountAll();
        snapshotter.remove("doomed");
        assertEquals(List.of(), entries(root().resolve("snapshots")));
        assertEquals(List.of(), entries(root().resolve("removing")));
    }

    @Test
    void cleanupFinishesARemovalThatACrashInterrupted() throws IOException {
        Path halfDeleted = Files.createDirectories(root().resolve("removing/42/usr/bin"));
        Files.writeString(halfDeleted.resolve("tool"), "left");
        snapshotter.prepare("alive", "", Map.of());
        snapshotter.cleanup();
        assertEquals(List.of(), entries(root().resolve("removing")));
        assertEquals(1, entries(root().resolve("snapshots")).size());
    }

    @Test
    void usageCountsAHardLinkedFileOnce() throws IOException {
        snapshotter.prepare("linked", "", Map.of());
        Path tree = mount("linked");
        Usage empty = snapshotter.usage("linked");
        Files.write(tree.resolve("data"), new byte[100_000]);
        Files.createLink(tree.resolve("again"), tree.resolve("data"));
        Usage usage = snapshotter.usage("linked");
        long grown = usage.size() - empty.size();
        assertTrue(grown >= 100_000 && grown < 200_000, "the data counted once: " + grown);
        assertEquals(empty.inodes() + 1, usage.inodes());
    }

    @Test
    void aFailedCopyLeavesNeitherRecordNorTree() throws IOException {
        snapshotter.prepare("base-active", "", Map.of());
        Path base = mount("base-active");
        Files.writeString(base.resolve("file"), "data");
        unmountAll();
        snapshotter.commit("base", "base-active", Map.of());
        Path tree = root().resolve("snapshots").resolve(entries(root().resolve("snapshots")).getFirst());
        // The parent's tree vanishing under the copy makes it fail.
        Files.move(tree, workspace.resolve("hidden"));
        try {
            assertEquals(ErrorKind.INTERNAL,
                    kindOf(() -> snapshotter.prepare("child", "base", Map.of())));
        } finally {
            Files.move(workspace.resolve("hidden"), tree);
        }
        assertEquals(ErrorKind.NOT_FOUND, kindOf(() -> snapshotter.stat("child")));
        assertEquals(1, entries(root().resolve("snapshots")).size());
        assertFalse(Files.exists(root().resolve("snapshots/2")));
    }

    private static List<String> entries(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(entry -> entry.getFileName().toString()).sorted().toList();
        }
    }
}

package io.berth.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.berth.api.plugin.Plugin;
import io.berth.metadata.sqlite.SqliteDatabase;
import io.berth.snapshots.nativefs.NativeSnapshotter;

class SnapshotCommandsTest {
    @TempDir
    Path dir;

    @Test
    void listsEachSnapshottersSnapshotsWithTheirParentsAndKinds() throws IOException {
        try (SqliteDatabase metadata = SqliteDatabase.open(dir.resolve("meta.db"), Duration.ofSeconds(5))) {
            NativeSnapshotter snapshotter = new NativeSnapshotter(metadata, dir.resolve("native"));
            snapshotter.prepare("base-key", "", Map.of());
            snapshotter.commit("base", "base-key", Map.of());
            snapshotter.view("look", "base", Map.of());
            SnapshotCommands commands = new SnapshotCommands();
            commands.addSnapshotter(snapshotter, Map.of(Plugin.ID, "native"));

            assertEquals("""
                    SNAPSHOTTER    KEY     PARENT    KIND
                    native         base    -         committed
                    native         look    base      view""", commands.snapshots());
            assertEquals("no snapshotter btrfs; loaded: native", commands.snapshots("btrfs"));
        }
    }
}

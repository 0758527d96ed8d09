package io.berth.snapshots.devmapper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.berth.api.errors.BerthException;
import io.berth.api.snapshots.Mount;
import io.berth.metadata.sqlite.SqliteDatabase;

/** The snapshotter's decisions on the real metadata store, with dmsetup recorded rather than run. */
class DevmapperSnapshotterTest {
    private static final PoolSettings SETTINGS = new PoolSettings("pool", 2048 * 512, false, FsType.EXT4, "");
    @TempDir
    Path workspace;
    private final RecordingRunner runner = new RecordingRunner();
    private SqliteDatabase metadata;

    @BeforeEach
    void openMetadata() {
        metadata = SqliteDatabase.open(workspace.resolve("meta.db"), Duration.ofSeconds(5));
    }

    @AfterEach
    void closeMetadata() {
        metadata.close();
    }

    private DevmapperSnapshotter start() throws Exception {
        return new DevmapperSnapshotter(metadata, workspace.resolve("root"), SETTINGS, runner);
    }

    @Test
    void theBaseIsCreatedFormattedAndUnmappedOnceAndSnapshotsWithoutParentAreSnapshotsOfIt() throws Exception {
        DevmapperSnapshotter snapshotter = start();
        List<Mount> mounts = snapshotter.prepare("a", "", Map.of());
        assertEquals(List.of(
                DmCommands.createThin("pool", 0),
                DmCommands.activate("pool-snap-base", "pool", 0, 2048),
                FsType.EXT4.mkfs("", "/dev/mapper/pool-snap-base"),
                DmCommands.remove("pool-snap-base"),
                DmCommands.createSnapshot("pool", 1, 0),
                DmCommands.activate("pool-snap-1", "pool", 1, 2048)), runner.changes());
        assertEquals(List.of(new Mount("ext4", "/dev/mapper/pool-snap-1", List.of())), mounts);

        runner.commands.clear();
        start();
        assertEquals(List.of(), runner.changes(), "a second start keeps the base and the active device");
    }

    @Test
    void aCommittedSnapshotIsUnmappedAndAViewOfItIsAReadOnlySnapshotOfItsDevice() throws Exception {
        DevmapperSnapshotter snapshotter = start();
        snapshotter.prepare("a", "", Map.of());
        snapshotter.commit("layer", "a", Map.of());
        runner.commands.clear();
        List<Mount> view = snapshotter.view("v", "layer", Map.of());
        assertEquals(List.of(DmCommands.createSnapshot("pool", 2, 1), DmCommands.activate("pool-snap-2", "pool", 2,
                2048)), runner.changes(), "an unmapped origin needs no suspend");
        assertEquals(List.of(new Mount("ext4", "/dev/mapper/pool-snap-2", List.of("ro"))), view);
        assertEquals(512L * 512, snapshotter.usage("layer").size());
    }

    @Test
    void aFailedDeviceStepRollsBackTheRecordAndTheHalfMadeDevice() throws Exception {
        DevmapperSnapshotter snapshotter = start();
        runner.failing.add(DmCommands.activate("pool-snap-1", "pool", 1, 2048));
        BerthException failure = assertThrows(BerthException.class, () -> snapshotter.prepare("a", "", Map.of()));
        assertTrue(failure.getMessage().contains("creating snapshot a"), failure.getMessage());
        assertEquals(DmCommands.delete("pool", 1), runner.changes().getLast());
        assertThrows(BerthException.class, () -> snapshotter.stat("a"));
    }

    @Test
    void aRemovalDeletesTheDeviceOnlyOnceTheRecordIsGone() throws Exception {
        DevmapperSnapshotter snapshotter = start();
        snapshotter.prepare("a", "", Map.of());
        runner.mapped.add("pool-snap-1");
        runner.commands.clear();
        snapshotter.remove("a");
        assertEquals(List.of(DmCommands.remove("pool-snap-1"), DmCommands.delete("pool", 1)), runner.changes());
    }

    @Test
    void startingAgainRollsBackADeviceACrashLeftWithoutARecord() throws Exception {
        start();
        DeviceJournal journal = new DeviceJournal(workspace.resolve("root"));
        journal.save(new DeviceInfo(9, "pool-snap-9", 2048, FsType.EXT4, DeviceState.ACTIVATING, 0));
        runner.mapped.add("pool-snap-9");
        runner.commands.clear();
        start();
        assertEquals(List.of(DmCommands.remove("pool-snap-9"), DmCommands.delete("pool", 9)), runner.changes());
        assertFalse(journal.find(9).isPresent());
    }

    @Test
    void startingAgainMapsAnActiveSnapshotWhoseCommitWasCut() throws Exception {
        DevmapperSnapshotter snapshotter = start();
        snapshotter.prepare("a", "", Map.of());
        DeviceJournal journal = new DeviceJournal(workspace.resolve("root"));
        journal.save(journal.get(1).in(DeviceState.DEACTIVATED));
        runner.commands.clear();
        start();
        assertEquals(List.of(DmCommands.activate("pool-snap-1", "pool", 1, 2048)), runner.changes());
    }
}

package io.berth.snapshots.devmapper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PoolDeviceTest {
    @TempDir
    Path root;
    private final RecordingRunner runner = new RecordingRunner();
    private PoolDevice pool;

    @BeforeEach
    void createPool() throws IOException {
        pool = new PoolDevice(new PoolSettings("pool", 2048 * 512, false, FsType.EXT4, ""), runner,
                new DeviceJournal(root));
    }

    @Test
    void devicesAreNamedAfterThePoolAndTheirId() {
        assertEquals("pool-snap-42", pool.nameOf(42));
        assertEquals("pool-snap-base", pool.nameOf(DeviceInfo.BASE_ID));
    }

    @Test
    void aSnapshotOfAMappedOriginSuspendsItMeanwhile() throws CommandFailure {
        DeviceInfo origin = pool.activate(pool.createThin(1));
        pool.createSnapshot(2, origin);
        assertEquals(List.of(
                List.of("dmsetup", "message", "pool", "0", "create_thin 1"),
                List.of("dmsetup", "create", "pool-snap-1", "--table", "0 2048 thin /dev/mapper/pool 1"),
                List.of("dmsetup", "suspend", "pool-snap-1"),
                List.of("dmsetup", "message", "pool", "0", "create_snap 2 1"),
                List.of("dmsetup", "resume", "pool-snap-1")), runner.changes());
        assertEquals(DeviceState.RESUMED, pool.journal().get(1).state());
        assertEquals(DeviceState.CREATED, pool.journal().get(2).state());
    }

    @Test
    void aFailedSnapshotStillResumesItsOriginAndLeavesTheStepInTheJournal() throws CommandFailure {
        DeviceInfo origin = pool.activate(pool.createThin(1));
        runner.failing.add(DmCommands.createSnapshot("pool", 2, 1));
        assertThrows(CommandFailure.class, () -> pool.createSnapshot(2, origin));
        assertEquals(DmCommands.resume("pool-snap-1"), runner.changes().getLast());
        assertEquals(DeviceState.CREATING, pool.journal().get(2).state());
    }

    @Test
    void eachStepIsInTheJournalBeforeItsCommandRuns() throws CommandFailure {
        DeviceInfo created = pool.createThin(3);
        runner.failing.add(DmCommands.activate("pool-snap-3", "pool", 3, 2048));
        assertThrows(CommandFailure.class, () -> pool.activate(created));
        assertEquals(DeviceState.ACTIVATING, pool.journal().get(3).state());
    }

    @Test
    void aCommittedDeviceIsFlushedMeasuredAndUnmapped() throws CommandFailure {
        DeviceInfo retired = pool.retire(pool.activate(pool.createThin(4)));
        assertEquals(List.of(DmCommands.suspend("pool-snap-4"), DmCommands.resume("pool-snap-4"),
                DmCommands.remove("pool-snap-4")), runner.changes().subList(2, 5));
        assertEquals(512L * 512, retired.usedBytes());
        assertEquals(DeviceState.DEACTIVATED, pool.journal().get(4).state());
    }

    @Test
    void deletingDiscardsWhenConfiguredThenUnmapsDeletesAndForgets() throws IOException, CommandFailure {
        PoolDevice discarding = new PoolDevice(new PoolSettings("pool", 2048 * 512, true, FsType.EXT4, ""), runner,
                new DeviceJournal(root));
        DeviceInfo device = discarding.activate(discarding.createThin(5));
        runner.mapped.add("pool-snap-5");
        runner.commands.clear();
        discarding.delete(device);
        assertEquals(List.of(DmCommands.discard("pool-snap-5"), DmCommands.remove("pool-snap-5"),
                DmCommands.delete("pool", 5)), runner.changes());
        assertEquals(Optional.empty(), discarding.journal().find(5));
    }

    @Test
    void aRollBackToleratesAMissingThinIdOnlyWhenItsCreationWasCut() throws CommandFailure {
        DeviceInfo cut = pool.journal().save(new DeviceInfo(6, "pool-snap-6", 2048, FsType.EXT4,
                DeviceState.CREATING, 0));
        runner.failing.add(DmCommands.delete("pool", 6));
        pool.rollBack(cut);
        assertFalse(pool.journal().find(6).isPresent());

        DeviceInfo created = pool.journal().save(cut.in(DeviceState.CREATED));
        assertThrows(CommandFailure.class, () -> pool.rollBack(created));
        assertEquals(DeviceState.CREATED, pool.journal().get(6).state());
    }
}

package io.berth.snapshots.devmapper;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class DmCommandsTest {
    @Test
    void poolMessagesGoToSectorZeroOfThePool() {
        assertEquals(List.of("dmsetup", "message", "pool", "0", "create_thin 7"), DmCommands.createThin("pool", 7));
        assertEquals(List.of("dmsetup", "message", "pool", "0", "create_snap 8 7"),
                DmCommands.createSnapshot("pool", 8, 7));
        assertEquals(List.of("dmsetup", "message", "pool", "0", "delete 8"), DmCommands.delete("pool", 8));
    }

    @Test
    void aThinDeviceIsMappedWithItsSizeInSectorsOnThePool() {
        assertEquals(List.of("dmsetup", "create", "pool-snap-8", "--table", "0 20971520 thin /dev/mapper/pool 8"),
                DmCommands.activate("pool-snap-8", "pool", 8, 20971520));
    }

    @Test
    void devicesAreSuspendedResumedAndRemovedByName() {
        assertEquals(List.of("dmsetup", "suspend", "pool-snap-8"), DmCommands.suspend("pool-snap-8"));
        assertEquals(List.of("dmsetup", "resume", "pool-snap-8"), DmCommands.resume("pool-snap-8"));
        assertEquals(List.of("dmsetup", "remove", "pool-snap-8"), DmCommands.remove("pool-snap-8"));
        assertEquals(List.of("blkdiscard", "/dev/mapper/pool-snap-8"), DmCommands.discard("pool-snap-8"));
    }

    @Test
    void ext4IsMadeWithContainerdsOptionsUnlessConfiguredAndXfsIgnoresThem() {
        assertEquals(List.of("mkfs.ext4", "-E", "nodiscard,lazy_itable_init=0,lazy_journal_init=0", "/dev/mapper/b"),
                FsType.EXT4.mkfs("", "/dev/mapper/b"));
        assertEquals(List.of("mkfs.ext4", "-E", "discard", "/dev/mapper/b"), FsType.EXT4.mkfs("discard", "/dev/mapper/b"));
        assertEquals(List.of("mkfs.xfs", "/dev/mapper/b"), FsType.XFS.mkfs("discard", "/dev/mapper/b"));
        assertEquals(List.of("nouuid", "ro"), FsType.XFS.mountOptions(true));
        assertEquals(List.of(), FsType.EXT4.mountOptions(false));
    }
}

package io.berth.snapshots.devmapper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PoolSettingsTest {
    @Test
    void sizesAreReadInUnitsOf1024AsContainerdDoes() {
        assertEquals(8192L << 20, PoolSettings.sizeOf("8192MB"));
        assertEquals(10L << 30, PoolSettings.sizeOf("10GB"));
        assertEquals(512L << 20, PoolSettings.sizeOf("512MiB"));
        assertEquals(3L << 29, PoolSettings.sizeOf("1.5g"));
        assertEquals(4096, PoolSettings.sizeOf("4096"));
    }

    @Test
    void aMissingOrMalformedSizeIsRefusedWithItsName() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PoolSettings.sizeOf(""))
                .getMessage().contains("base_image_size is required"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PoolSettings.sizeOf("ten gigs"))
                .getMessage().contains("'ten gigs' is not a size"));
        assertThrows(IllegalArgumentException.class, () -> settings("pool", 1000));
    }

    @Test
    void thePoolNameIsRequiredAndMustBeADeviceMapperName() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> settings("", 1 << 20))
                .getMessage().contains("pool_name is required"));
        assertThrows(IllegalArgumentException.class, () -> settings("../pool", 1 << 20));
        assertEquals(2048, settings("containerd-pool", 1 << 20).sectors());
    }

    @Test
    void onlyExt4AndXfsAreFileSystemTypes() {
        assertEquals(FsType.EXT4, FsType.named("ext4"));
        assertEquals(FsType.XFS, FsType.named("xfs"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FsType.named("btrfs"))
                .getMessage().contains("use ext4 or xfs"));
    }

    private static PoolSettings settings(String pool, long size) {
        return new PoolSettings(pool, size, false, FsType.EXT4, "");
    }
}

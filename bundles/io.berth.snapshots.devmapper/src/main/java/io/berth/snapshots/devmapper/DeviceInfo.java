package io.berth.snapshots.devmapper;

import java.util.Objects;

/**
 * The journal's entry for one thin device.
 *
 * @param id the 24-bit thin device id in the pool: the snapshot record's id, or {@link #BASE_ID} for the base
 * @param name its name in /dev/mapper
 * @param sectors its size in 512-byte sectors
 * @param usedBytes the bytes it maps, measured when it was committed; 0 before
 */
record DeviceInfo(long id, String name, long sectors, FsType fsType, DeviceState state, long usedBytes) {
    /** The formatted device every snapshot without a parent is a thin snapshot of. */
    static final long BASE_ID = 0;
    /** Thin device ids are 24-bit numbers. */
    static final long MAX_ID = 0xffffff;

    DeviceInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(fsType, "fsType");
        Objects.requireNonNull(state, "state");
        if (id < 0 || id > MAX_ID) {
            throw new IllegalArgumentException("thin device id " + id + " is outside 0.." + MAX_ID);
        }
    }

    DeviceInfo in(DeviceState next) {
        return new DeviceInfo(id, name, sectors, fsType, next, usedBytes);
    }

    DeviceInfo using(long bytes) {
        return new DeviceInfo(id, name, sectors, fsType, state, bytes);
    }
}

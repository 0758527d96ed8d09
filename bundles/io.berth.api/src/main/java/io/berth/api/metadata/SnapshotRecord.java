package io.berth.api.metadata;

import java.util.Objects;

import io.berth.api.snapshots.Info;

/**
 * A snapshotter's record of one snapshot.
 *
 * @param id the number the snapshotter names its storage by (a directory, a device); unique per snapshotter,
 *        never reused, and kept when an active snapshot is committed
 * @param info the snapshot as the contract describes it
 */
public record SnapshotRecord(long id, Info info) {
    public SnapshotRecord {
        Objects.requireNonNull(info, "info");
    }
}

package io.berth.api.metadata;

import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

import io.berth.api.snapshots.Info;
import io.berth.api.snapshots.Kind;

/**
 * One snapshotter's own records of its snapshots, kept in the metadata store so that a snapshotter bundle needs no
 * database of its own: kinds, parent chains, labels and the ids that name their storage. A snapshotter changes its
 * storage and these records in one transaction's work, records first, so that a crash leaves at worst storage
 * that {@link io.berth.api.snapshots.Snapshotter#cleanup} finds unaccounted for.
 */
@ProviderType
public interface SnapshotRecords {
    /**
     * Records a new active or view snapshot with a fresh id.
     *
     * @throws io.berth.api.errors.BerthException INVALID_ARGUMENT for an empty key, a committed kind or an
     *         oversized label, ALREADY_EXISTS when the key is taken, NOT_FOUND when the parent does not exist,
     *         INVALID_ARGUMENT when the parent is not committed (as in containerd)
     */
    SnapshotRecord create(String key, String parent, Kind kind, Map<String, String> labels);

    /** @throws io.berth.api.errors.BerthException NOT_FOUND when there is no such snapshot */
    SnapshotRecord get(String key);

    /**
     * The ids of the snapshot's committed ancestors, nearest first: an overlay's lower directories.
     *
     * @throws io.berth.api.errors.BerthException NOT_FOUND when there is no such snapshot
     */
    List<Long> parentIds(String key);

    /** See {@link io.berth.api.snapshots.Snapshotter#update}. */
    Info update(Info info, List<String> fieldPaths);

    /**
     * Turns an active snapshot into the committed one {@code name}, keeping its id; labels given replace its own.
     *
     * @throws io.berth.api.errors.BerthException NOT_FOUND for no such key, FAILED_PRECONDITION when it is not
     *         active, ALREADY_EXISTS when the name is taken
     */
    SnapshotRecord commit(String key, String name, Map<String, String> labels);

    /**
     * Like {@link #commit(String, String, Map)}, the committed record standing on {@code parent} (empty: on the
     * key's own parent): how a snapshotter that can rebase records it, in the same write.
     *
     * @throws io.berth.api.errors.BerthException NOT_FOUND when the parent does not exist, INVALID_ARGUMENT
     *         when it is not committed, as well as those of a commit
     */
    SnapshotRecord commit(String key, String name, Map<String, String> labels, String parent);

    /**
     * Removes a snapshot's record; the snapshotter removes its storage.
     *
     * @return the record as it was
     * @throws io.berth.api.errors.BerthException NOT_FOUND when there is no such snapshot, FAILED_PRECONDITION
     *         while other snapshots stand on it
     */
    SnapshotRecord remove(String key);

    /** Every record, ordered by id. */
    List<SnapshotRecord> list();
}

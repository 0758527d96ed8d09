package io.berth.api.metadata;

import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The snapshots of each namespace, as containerd's metadata layer keeps them: each namespace names its own
 * snapshots, each name maps to a key of the snapshotter's own, and labels and times are the namespace's.
 * Kinds and storage are the snapshotter's.
 */
@ProviderType
public interface SnapshotStore {
    /**
     * Records a namespace's snapshot, and its namespace when it does not exist yet. The store sets both times.
     *
     * @param parent the namespace's name of the parent, or empty for none
     * @throws io.berth.api.errors.BerthException INVALID_ARGUMENT for an empty name or backend key or a label
     *         over the size limit, ALREADY_EXISTS when the namespace has a snapshot of that name on the
     *         snapshotter, NOT_FOUND when it has no such parent
     */
    SnapshotReference create(String namespace, String snapshotter, String name, String backendKey, String parent,
                             Map<String, String> labels);

    /** @throws io.berth.api.errors.BerthException NOT_FOUND when the namespace has no such snapshot */
    SnapshotReference get(String namespace, String snapshotter, String name);

    /** The namespace's snapshots on the snapshotter, ordered by name. */
    List<SnapshotReference> list(String namespace, String snapshotter);

    /** The backend keys of the snapshotter's snapshots that any namespace names. */
    List<String> backendKeys(String snapshotter);

    /**
     * Changes a snapshot's labels as containerd does: with no field paths, or with {@code labels}, they become
     * those given; {@code labels.<key>} sets one, or removes it when the value given is absent or empty. The
     * update time is now.
     *
     * @return the snapshot as it is now
     * @throws io.berth.api.errors.BerthException NOT_FOUND when the namespace has no such snapshot,
     *         INVALID_ARGUMENT for another field path or a label over the size limit
     */
    SnapshotReference updateLabels(String namespace, String snapshotter, String name, Map<String, String> labels,
                                   List<String> fieldPaths);

    /**
     * Removes a namespace's snapshot; the snapshotter's storage is garbage collection's to remove.
     *
     * @return the record as it was
     * @throws io.berth.api.errors.BerthException NOT_FOUND when the namespace has no such snapshot,
     *         FAILED_PRECONDITION while other snapshots of the namespace stand on it
     */
    SnapshotReference remove(String namespace, String snapshotter, String name);

    /**
     * The next number for a backend key of the namespace on the snapshotter; never the same twice, even after the
     * snapshots that used them are gone.
     */
    long nextSequence(String namespace, String snapshotter);
}

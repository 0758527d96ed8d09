package io.berth.api.snapshots;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.osgi.annotation.versioning.ConsumerType;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;

/**
 * containerd's snapshotter contract. Keys are the snapshotter's own, shared by every namespace: the metadata
 * layer maps each namespace's names onto them. Every failure is a {@link io.berth.api.errors.BerthException}.
 * Third parties implement it, registered with {@link io.berth.api.plugin.Plugin} properties of type
 * {@code io.containerd.snapshotter.v1}.
 */
@ConsumerType
public interface Snapshotter {
    /**
     * The capability, in {@link io.berth.api.plugin.Plugin#CAPABILITIES}, of a snapshotter that commits an active
     * snapshot onto another parent than the one it was prepared on: layers can then be applied side by side, each
     * in a snapshot without parent, and stacked when they are committed.
     */
    String CAPABILITY_REBASE = "rebase";

    /**
     * The service property ({@code Boolean}) of a snapshotter whose {@link #stat} and {@link #mounts} only read
     * the metadata store or memory, never waiting on a device, a process or a lock held across slow work: the
     * daemon then answers them on its transport thread, without two thread hand-offs. Without it they run on a
     * thread of their own.
     */
    String QUICK_READS = "berth.snapshotter.quick-reads";

    /**
     * The label ({@code true}) on an active snapshot prepared without parent to be committed onto one later: it is
     * to be written as a layer, so a snapshotter whose layers carry whiteouts in a form of its own hands out mounts
     * that let an applier write that form (an overlay snapshotter, an overlay mount with an upper directory).
     */
    String LABEL_REBASE_LATER = "containerd.io/snapshot/rebase-later";

    /** @throws io.berth.api.errors.BerthException NOT_FOUND when there is no such snapshot */
    Info stat(String key);

    /**
     * Changes a snapshot's labels: none or {@code labels} replace them all, {@code labels.<key>} sets or removes one.
     *
     * @throws io.berth.api.errors.BerthException NOT_FOUND when there is no such snapshot, INVALID_ARGUMENT for
     *         another field path
     */
    Info update(Info info, List<String> fieldPaths);

    /** @throws io.berth.api.errors.BerthException NOT_FOUND when there is no such snapshot */
    Usage usage(String key);

    /**
     * How to mount an active or view snapshot.
     *
     * @throws io.berth.api.errors.BerthException NOT_FOUND when there is no such snapshot,
     *         FAILED_PRECONDITION for a committed one
     */
    List<Mount> mounts(String key);

    /**
     * Creates an active snapshot on {@code parent} (empty: none) and says how to mount it.
     *
     * @throws io.berth.api.errors.BerthException ALREADY_EXISTS when the key is taken, NOT_FOUND when the parent
     *         does not exist, INVALID_ARGUMENT when it is not committed (as in containerd)
     */
    List<Mount> prepare(String key, String parent, Map<String, String> labels);

    /** Like {@link #prepare}, for a read-only view. */
    List<Mount> view(String key, String parent, Map<String, String> labels);

    /**
     * Turns the active snapshot {@code key} into the committed snapshot {@code name}; {@code key} is gone after.
     *
     * @throws io.berth.api.errors.BerthException NOT_FOUND for no such key, FAILED_PRECONDITION when it is not
     *         active, ALREADY_EXISTS when the name is taken
     */
    void commit(String name, String key, Map<String, String> labels);

    /**
     * Like {@link #commit(String, String, Map)}, with the committed snapshot standing on {@code parent}: empty or
     * the key's own parent commits as that does; another parent is a rebase, which only a snapshotter with
     * {@link #CAPABILITY_REBASE} does.
     *
     * @throws io.berth.api.errors.BerthException NOT_IMPLEMENTED for a rebase this snapshotter cannot do,
     *         NOT_FOUND when the parent does not exist, INVALID_ARGUMENT when it is not committed
     */
    default void commit(String name, String key, Map<String, String> labels, String parent) {
        if (!parent.isEmpty() && !parent.equals(stat(key).parent())) {
            throw new BerthException(ErrorKind.NOT_IMPLEMENTED, "this snapshotter cannot commit " + key
                    + " onto another parent (" + parent + "): it has no \"" + CAPABILITY_REBASE + "\" capability");
        }
        commit(name, key, labels);
    }

    /**
     * Removes a snapshot and what it holds on disk.
     *
     * @throws io.berth.api.errors.BerthException NOT_FOUND when there is no such snapshot, FAILED_PRECONDITION
     *         while other snapshots stand on it
     */
    void remove(String key);

    /** Visits every snapshot the filter accepts. */
    void walk(Predicate<? super Info> filter, Consumer<? super Info> visitor);

    /** Removes what no snapshot record accounts for, such as the leftovers of an interrupted removal. */
    void cleanup();
}

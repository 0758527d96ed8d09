package io.berth.api.snapshots;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The snapshotters as each namespace sees them, as containerd's metadata layer presents them: names, parents,
 * labels and times are the namespace's, the storage is the snapshotter's (chosen by its plugin id). Under a lease,
 * what a change creates is held by the lease. Every failure is a {@link io.berth.api.errors.BerthException};
 * a snapshotter that is not loaded is INVALID_ARGUMENT.
 */
@ProviderType
public interface SnapshotService {
    /** Creates the namespace's active snapshot {@code key} on {@code parent} (empty: none) and says how to mount it. */
    List<Mount> prepare(String namespace, String snapshotter, Optional<String> lease, String key, String parent,
                        Map<String, String> labels);

    /** Like {@link #prepare}, for a read-only view. */
    List<Mount> view(String namespace, String snapshotter, Optional<String> lease, String key, String parent,
                     Map<String, String> labels);

    List<Mount> mounts(String namespace, String snapshotter, String key);

    /** Commits the namespace's active snapshot {@code key} as {@code name}; under a lease, the lease holds the name. */
    void commit(String namespace, String snapshotter, Optional<String> lease, String name, String key,
                Map<String, String> labels);

    /**
     * Like {@link #commit(String, String, Optional, String, String, Map)}, onto the namespace's committed snapshot
     * {@code parent}: see {@link Snapshotter#commit(String, String, Map, String)}.
     */
    void commit(String namespace, String snapshotter, Optional<String> lease, String name, String key,
                Map<String, String> labels, String parent);

    /** Removes the namespace's name; the storage no name refers to is garbage collection's. */
    void remove(String namespace, String snapshotter, Optional<String> lease, String key);

    /** @throws io.berth.api.errors.BerthException NOT_FOUND when the namespace has no such snapshot */
    Info stat(String namespace, String snapshotter, String key);

    /** Changes the namespace's labels as {@link Snapshotter#update} does; only label field paths are accepted. */
    Info update(String namespace, String snapshotter, String key, Map<String, String> labels,
                List<String> fieldPaths);

    /** Visits the namespace's snapshots that the filter accepts, in name order. */
    void list(String namespace, String snapshotter, Predicate<? super Info> filter, Consumer<? super Info> visitor);

    Usage usage(String namespace, String snapshotter, String key);

    /**
     * What the snapshotter advertises in its {@link io.berth.api.plugin.Plugin#CAPABILITIES} service property,
     * such as {@link Snapshotter#CAPABILITY_REBASE}.
     */
    List<String> capabilities(String snapshotter);

    /** Whether the snapshotter is loaded and registered with {@link Snapshotter#QUICK_READS} set. */
    boolean readsQuickly(String snapshotter);

    /** Removes the snapshotter's snapshots that no namespace names, and storage no record accounts for. */
    void cleanup(String snapshotter);
}

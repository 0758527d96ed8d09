package io.berth.services.snapshots;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.api.events.EventPublisher;
import io.berth.api.metadata.LeaseResource;
import io.berth.api.metadata.MetadataStore;
import io.berth.api.metadata.SnapshotReference;
import io.berth.api.metadata.Transaction;
import io.berth.api.snapshots.Info;
import io.berth.api.snapshots.Mount;
import io.berth.api.snapshots.Snapshotter;
import io.berth.proto.containerd.events.SnapshotCommit;
import io.berth.proto.containerd.events.SnapshotPrepare;
import io.berth.proto.containerd.events.SnapshotRemove;
import io.berth.services.events.ProtoEvents;

/**
 * One snapshotter as each namespace sees it, as containerd's metadata layer presents it: a namespace's name maps
 * to a backend key {@code <namespace>/<sequence>/<name>}, parents are the namespace's names, labels and times are
 * the namespace's, and the kind is the snapshotter's. Under a lease, what a change creates is held by the lease.
 * The snapshotter keeps records of its own in the metadata store, so its calls run between this class's
 * transactions, never inside one. A namespace names a backend snapshot before the snapshotter creates it, so that
 * a backend snapshot no namespace names is garbage whenever it is seen: that is what garbage collection and
 * {@link #cleanup} remove. Removing a name leaves the backend snapshot to them, as containerd does.
 */
final class NamespacedSnapshots {
    /** Labels a snapshotter sees too, as containerd passes them on: the rest are the namespace's only. */
    private static final String INHERITED_PREFIX = "containerd.io/snapshot/";
    private static final String SNAPSHOT_REF = "containerd.io/snapshot.ref";

    private final String snapshotter;
    private final Snapshotter backend;
    private final List<String> capabilities;
    private final boolean readsQuickly;
    private final MetadataStore metadata;
    private final EventPublisher events;
    private final String leaseType;
    private final ReentrantLock changing = new ReentrantLock();

    /** @param readsQuickly whether the backend's stat and mounts only read, see {@link Snapshotter#QUICK_READS} */
    NamespacedSnapshots(String snapshotter, Snapshotter backend, List<String> capabilities, boolean readsQuickly,
                        MetadataStore metadata, EventPublisher events) {
        this.snapshotter = snapshotter;
        this.backend = backend;
        this.capabilities = List.copyOf(capabilities);
        this.readsQuickly = readsQuickly;
        this.metadata = metadata;
        this.events = events;
        this.leaseType = LeaseResource.SNAPSHOTS + "/" + snapshotter;
    }

    Snapshotter backend() {
        return backend;
    }

    List<String> capabilities() {
        return capabilities;
    }

    boolean readsQuickly() {
        return readsQuickly;
    }

    List<Mount> prepare(String namespace, Optional<String> lease, String key, String parent,
                        Map<String, String> labels) {
        List<Mount> mounts = create(namespace, lease, key, parent, labels, false);
        ProtoEvents.publish(events, namespace, "/snapshot/prepare", SnapshotPrepare.newBuilder()
                .setKey(key).setParent(parent).setSnapshotter(snapshotter).build());
        return mounts;
    }

    List<Mount> view(String namespace, Optional<String> lease, String key, String parent,
                     Map<String, String> labels) {
        return create(namespace, lease, key, parent, labels, true);
    }

    List<Mount> mounts(String namespace, String key) {
        return backend.mounts(reference(namespace, key).backendKey());
    }

    io.berth.api.snapshots.Usage usage(String namespace, String key) {
        return backend.usage(reference(namespace, key).backendKey());
    }

    Info stat(String namespace, String key) {
        SnapshotReference reference = reference(namespace, key);
        return overlay(backend.stat(reference.backendKey()), reference);
    }

    /**
     * Changes the namespace's labels, then passes the inherited ones on to the snapshotter.
     *
     * @throws BerthException INVALID_ARGUMENT for an empty name or another field path than labels'
     */
    Info update(String namespace, String key, Map<String, String> labels, List<String> fieldPaths) {
        if (key.isEmpty()) {
            throw BerthException.invalidArgument("snapshot name is required for update");
        }
        return locked(() -> {
            SnapshotReference updated = metadata.write(tx -> tx.snapshots()
                    .updateLabels(namespace, snapshotter, key, labels, fieldPaths));
            Info current = backend.stat(updated.backendKey());
            Info inner = new Info(current.name(), current.parent(), current.kind(), inherited(labels), null, null);
            return overlay(backend.update(inner, fieldPaths), updated);
        });
    }

    /**
     * Commits the active snapshot {@code key} as {@code name}: the namespace's record of the name with a new
     * backend key, the snapshotter's commit to that key, then the key's record gone and the lease holding the name
     * instead of the key. A {@code parent} other than empty is the namespace's name of the snapshot to commit onto,
     * which the snapshotter rebases onto when it is not the key's own parent.
     */
    void commit(String namespace, Optional<String> lease, String name, String key, Map<String, String> labels,
                String parent) {
        locked(() -> {
            String[] keys = metadata.write(tx -> {
                SnapshotReference active = tx.snapshots().get(namespace, snapshotter, key);
                String backendParent = backendParent(tx, namespace, parent);
                holdInLease(tx, namespace, lease, name);
                if (exists(tx, namespace, name)) {
                    return null;
                }
                String committed = backendKey(tx, namespace, name);
                tx.snapshots().create(namespace, snapshotter, name, committed,
                        parent.isEmpty() ? active.parent() : parent, labels);
                return new String[] {active.backendKey(), committed, backendParent};
            });
            if (keys == null) {
                throw BerthException.alreadyExists("snapshot \"%s\": already exists", name);
            }
            try {
                backend.commit(keys[1], keys[0], inherited(labels), keys[2]);
            } catch (RuntimeException e) {
                forgetAfter(e, namespace, name, keys[1]);
                throw e;
            }
            metadata.write(tx -> {
                forget(tx, namespace, key, keys[0]);
                lease.ifPresent(id -> tx.leases().deleteResource(namespace, id, new LeaseResource(key, leaseType)));
                return null;
            });
            return null;
        });
        ProtoEvents.publish(events, namespace, "/snapshot/commit", SnapshotCommit.newBuilder()
                .setKey(key).setName(name).setSnapshotter(snapshotter).build());
    }

    /**
     * Removes the namespace's record only: the snapshotter's snapshot, no longer named, is garbage collection's
     * to remove, as in containerd.
     */
    void remove(String namespace, Optional<String> lease, String key) {
        locked(() -> metadata.write(tx -> {
            tx.snapshots().remove(namespace, snapshotter, key);
            lease.ifPresent(id -> tx.leases().deleteResource(namespace, id, new LeaseResource(key, leaseType)));
            return null;
        }));
        ProtoEvents.publish(events, namespace, "/snapshot/remove", SnapshotRemove.newBuilder()
                .setKey(key).setSnapshotter(snapshotter).build());
    }

    /** Visits the namespace's snapshots that the filter accepts, in name order. */
    void walk(String namespace, Predicate<? super Info> filter, Consumer<? super Info> visitor) {
        for (SnapshotReference reference : metadata.read(tx -> tx.snapshots().list(namespace, snapshotter))) {
            Info info;
            try {
                info = overlay(backend.stat(reference.backendKey()), reference);
            } catch (BerthException e) {
                // Named but not created yet, or removed meanwhile: not the namespace's to show.
                if (e.kind() == ErrorKind.NOT_FOUND) {
                    continue;
                }
                throw e;
            }
            if (filter.test(info)) {
                visitor.accept(info);
            }
        }
    }

    /**
     * Removes the snapshotter's snapshots that no namespace names, children before parents, then lets the
     * snapshotter remove storage no record accounts for.
     */
    void cleanup() {
        locked(() -> {
            Set<String> named = new HashSet<>(metadata.read(tx -> tx.snapshots().backendKeys(snapshotter)));
            Map<String, String> parents = new HashMap<>();
            backend.walk(info -> true, info -> parents.put(info.name(), info.parent()));
            List<String> unnamed = new ArrayList<>(parents.keySet());
            unnamed.removeIf(named::contains);
            unnamed.sort(Comparator.comparingInt((String key) -> depth(parents, key)).reversed());
            for (String key : unnamed) {
                try {
                    backend.remove(key);
                } catch (BerthException e) {
                    // A named snapshot still stands on it: it stays.
                    if (e.kind() != ErrorKind.FAILED_PRECONDITION) {
                        throw e;
                    }
                }
            }
            backend.cleanup();
            return null;
        });
    }

    private List<Mount> create(String namespace, Optional<String> lease, String key, String parent,
                               Map<String, String> labels, boolean view) {
        return locked(() -> {
            String[] keys = metadata.write(tx -> {
                holdInLease(tx, namespace, lease, key);
                if (exists(tx, namespace, key)) {
                    return null;
                }
                String backendParent = backendParent(tx, namespace, parent);
                String backendKey = backendKey(tx, namespace, key);
                tx.snapshots().create(namespace, snapshotter, key, backendKey, parent, labels);
                return new String[] {backendKey, backendParent};
            });
            if (keys == null) {
                throw BerthException.alreadyExists("snapshot \"%s\": already exists", key);
            }
            try {
                return view ? backend.view(keys[0], keys[1], inherited(labels))
                        : backend.prepare(keys[0], keys[1], inherited(labels));
            } catch (RuntimeException e) {
                forgetAfter(e, namespace, key, keys[0]);
                throw e;
            }
        });
    }

    /** Takes back a name whose backend snapshot was not made; a failure to do so goes with the first one. */
    private void forgetAfter(RuntimeException failure, String namespace, String name, String backendKey) {
        try {
            metadata.write(tx -> {
                forget(tx, namespace, name, backendKey);
                return null;
            });
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** Removes the namespace's name if it still stands for that backend key; garbage collection may have gone first. */
    private void forget(Transaction tx, String namespace, String name, String backendKey) {
        try {
            if (tx.snapshots().get(namespace, snapshotter, name).backendKey().equals(backendKey)) {
                tx.snapshots().remove(namespace, snapshotter, name);
            }
        } catch (BerthException e) {
            if (e.kind() != ErrorKind.NOT_FOUND) {
                throw e;
            }
        }
    }

    private SnapshotReference reference(String namespace, String key) {
        return metadata.read(tx -> tx.snapshots().get(namespace, snapshotter, key));
    }

    /** The backend key of the namespace's snapshot {@code parent}; none for no parent. */
    private String backendParent(Transaction tx, String namespace, String parent) {
        if (parent.isEmpty()) {
            return "";
        }
        try {
            return tx.snapshots().get(namespace, snapshotter, parent).backendKey();
        } catch (BerthException e) {
            if (e.kind() == ErrorKind.NOT_FOUND) {
                throw BerthException.notFound("parent snapshot %s does not exist: not found", parent);
            }
            throw e;
        }
    }

    private boolean exists(Transaction tx, String namespace, String name) {
        try {
            tx.snapshots().get(namespace, snapshotter, name);
            return true;
        } catch (BerthException e) {
            if (e.kind() == ErrorKind.NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    private String backendKey(Transaction tx, String namespace, String name) {
        return namespace + "/" + tx.snapshots().nextSequence(namespace, snapshotter) + "/" + name;
    }

    /** Lets the request's lease hold the namespace's snapshot, as containerd does before it even exists. */
    private void holdInLease(Transaction tx, String namespace, Optional<String> lease, String name) {
        lease.ifPresent(id -> tx.leases().addResource(namespace, id, new LeaseResource(name, leaseType)));
    }

    private <T> T locked(Supplier<T> change) {
        changing.lock();
        try {
            return change.get();
        } finally {
            changing.unlock();
        }
    }

    /** The snapshot as the namespace sees it: the snapshotter's kind, the namespace's name, parent and times. */
    private static Info overlay(Info backend, SnapshotReference reference) {
        Map<String, String> labels = new TreeMap<>(backend.labels());
        labels.putAll(reference.labels());
        return new Info(reference.name(), reference.parent(), backend.kind(), labels, reference.createdAt(),
                reference.updatedAt());
    }

    private static Map<String, String> inherited(Map<String, String> labels) {
        Map<String, String> inherited = new TreeMap<>();
        labels.forEach((key, value) -> {
            if (key.startsWith(INHERITED_PREFIX) || key.equals(SNAPSHOT_REF)) {
                inherited.put(key, value);
            }
        });
        return inherited;
    }

    private static int depth(Map<String, String> parents, String key) {
        int depth = 0;
        for (String parent = parents.get(key); parent != null && !parent.isEmpty(); parent = parents.get(parent)) {
            depth++;
        }
        return depth;
    }
}

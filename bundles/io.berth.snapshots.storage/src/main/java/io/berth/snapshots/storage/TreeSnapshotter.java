package io.berth.snapshots.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.api.metadata.MetadataStore;
import io.berth.api.metadata.SnapshotRecord;
import io.berth.api.metadata.SnapshotRecords;
import io.berth.api.metadata.Transaction;
import io.berth.api.snapshots.Info;
import io.berth.api.snapshots.Kind;
import io.berth.api.snapshots.Mount;
import io.berth.api.snapshots.Snapshotter;
import io.berth.api.snapshots.Usage;
import io.berth.linux.TreeUsage;

/**
 * A snapshotter that keeps one directory tree per snapshot, each shown by one bind mount, with its records in the
 * metadata store: each change to the records and the trees is one transaction's work, records first, so that a
 * failed storage step rolls its record back, and a crash leaves at worst a tree {@link #cleanup} removes. A
 * snapshotter bundle extends it with the storage of its kind ({@link SnapshotTrees}).
 */
public abstract class TreeSnapshotter implements Snapshotter {
    private final MetadataStore metadata;
    private final String id;
    private final SnapshotTrees trees;

    /**
     * @param id the snapshotter's plugin id, which names its records in the metadata store
     */
    protected TreeSnapshotter(MetadataStore metadata, String id, SnapshotTrees trees) {
        this.metadata = metadata;
        this.id = id;
        this.trees = trees;
    }

    @Override
    public Info stat(String key) {
        return metadata.read(tx -> records(tx).get(key).info());
    }

    @Override
    public Info update(Info info, List<String> fieldPaths) {
        return metadata.write(tx -> records(tx).update(info, fieldPaths));
    }

    @Override
    public Usage usage(String key) {
        long snapshot = metadata.read(tx -> records(tx).get(key).id());
        try {
            TreeUsage usage = TreeUsage.of(trees.tree(snapshot));
            return new Usage(usage.size(), usage.inodes());
        } catch (IOException e) {
            throw failure("measuring snapshot " + key, e);
        }
    }

    @Override
    public List<Mount> mounts(String key) {
        return metadata.read(tx -> {
            SnapshotRecord record = records(tx).get(key);
            if (record.info().kind() == Kind.COMMITTED) {
                throw BerthException.failedPrecondition(
                        "snapshot %s is committed: only active snapshots and views are mounted", key);
            }
            return mounts(record);
        });
    }

    @Override
    public List<Mount> prepare(String key, String parent, Map<String, String> labels) {
        return create(key, parent, Kind.ACTIVE, labels);
    }

    @Override
    public List<Mount> view(String key, String parent, Map<String, String> labels) {
        return create(key, parent, Kind.VIEW, labels);
    }

    private List<Mount> create(String key, String parent, Kind kind, Map<String, String> labels) {
        return metadata.write(tx -> {
            SnapshotRecords records = records(tx);
            SnapshotRecord record = records.create(key, parent, kind, labels);
            List<Long> parents = records.parentIds(key);
            try {
                if (parents.isEmpty()) {
                    trees.create(record.id(), kind);
                } else {
                    trees.branch(parents.getFirst(), record.id(), kind);
                }
            } catch (IOException e) {
                throw failure("creating snapshot " + key + " on " + (parent.isEmpty() ? "no parent" : parent), e);
            }
            return mounts(record);
        });
    }

    @Override
    public void commit(String name, String key, Map<String, String> labels) {
        Long[] sealed = new Long[1];
        try {
            metadata.write(tx -> {
                long committed = records(tx).commit(key, name, labels).id();
                try {
                    trees.seal(committed);
                } catch (IOException e) {
                    throw failure("committing snapshot " + key + " as " + name, e);
                }
                sealed[0] = committed;
                return null;
            });
        } catch (RuntimeException e) {
            if (sealed[0] != null) {
                // The record is still active, so its tree is writable again.
                unseal(sealed[0], e);
            }
            throw e;
        }
    }

    private void unseal(long snapshot, RuntimeException failure) {
        try {
            trees.unseal(snapshot);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    @Override
    public void remove(String key) {
        Path[] aside = new Path[1];
        long[] removed = new long[1];
        try {
            metadata.write(tx -> {
                removed[0] = records(tx).remove(key).id();
                try {
                    aside[0] = trees.moveAside(removed[0]);
                } catch (IOException e) {
                    throw failure("removing snapshot " + key, e);
                }
                return null;
            });
        } catch (RuntimeException e) {
            if (aside[0] != null) {
                // The record is still there, so its tree comes back.
                restore(aside[0], removed[0], e);
            }
            throw e;
        }
        try {
            trees.deleteAside(aside[0]);
        } catch (IOException e) {
            // The record is gone; what is left is only a leftover that cleanup deletes.
            throw failure("deleting the tree of removed snapshot " + key, e);
        }
    }

    private void restore(Path aside, long snapshot, RuntimeException failure) {
        try {
            trees.moveBack(aside, snapshot);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    @Override
    public void walk(Predicate<? super Info> filter, Consumer<? super Info> visitor) {
        // Visited outside the transaction, so that a visitor may call back into the snapshotter.
        List<SnapshotRecord> all = metadata.read(tx -> records(tx).list());
        all.stream().map(SnapshotRecord::info).filter(filter).forEach(visitor);
    }

    @Override
    public void cleanup() {
        try {
            // In a write transaction: no snapshot is half created while the live ones are listed.
            metadata.write(tx -> {
                Set<String> live = records(tx).list().stream().map(record -> Long.toString(record.id()))
                        .collect(Collectors.toSet());
                try {
                    trees.moveAsideAllBut(live);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return null;
            });
            trees.deleteRemoved();
        } catch (IOException | UncheckedIOException e) {
            throw failure("cleaning up " + id + " snapshots", e);
        }
    }

    /** One bind mount of the tree: writable for an active snapshot, read-only for a view. */
    private List<Mount> mounts(SnapshotRecord record) {
        String access = record.info().kind() == Kind.VIEW ? "ro" : "rw";
        return List.of(new Mount("bind", trees.tree(record.id()).toString(), List.of(access, "rbind")));
    }

    private SnapshotRecords records(Transaction tx) {
        return tx.snapshotRecords(id);
    }

    private static BerthException failure(String what, Exception cause) {
        return new BerthException(ErrorKind.INTERNAL, what + ": " + cause.getMessage(), cause);
    }
}

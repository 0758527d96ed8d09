package io.berth.snapshots.nativefs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import io.berth.api.daemon.Daemon;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.api.metadata.MetadataStore;
import io.berth.api.metadata.SnapshotRecord;
import io.berth.api.metadata.SnapshotRecords;
import io.berth.api.metadata.Transaction;
import io.berth.api.plugin.Plugin;
import io.berth.api.plugin.PluginType;
import io.berth.api.snapshots.Info;
import io.berth.api.snapshots.Kind;
import io.berth.api.snapshots.Mount;
import io.berth.api.snapshots.Snapshotter;
import io.berth.api.snapshots.Usage;
import io.berth.linux.TreeUsage;
import io.berth.linux.Trees;

/**
 * containerd's native snapshotter: each active snapshot and view is a full copy of its parent's tree in
 * {@code snapshots/<id>}, mounted with one bind mount; a commit keeps the tree as it is. It works on any
 * filesystem, at the price of a copy per snapshot. Records live in the metadata store; each change to them and
 * to the trees is one transaction's work, records first, so that a failed copy rolls its record back.
 */
@Component(service = Snapshotter.class, configurationPid = NativeSnapshotter.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = { Plugin.TYPE + "=" + PluginType.SNAPSHOTTER, Plugin.ID + "=" + NativeSnapshotter.ID })
@Designate(ocd = NativeConfig.class)
public final class NativeSnapshotter implements Snapshotter {
    static final String ID = "native";
    static final String PID = PluginType.SNAPSHOTTER + "." + ID;

    private final MetadataStore metadata;
    private final SnapshotDirs dirs;

    @Activate
    public NativeSnapshotter(@Reference MetadataStore metadata, @Reference Daemon daemon, NativeConfig config)
            throws IOException {
        this(metadata, config.root_path().isEmpty() ? daemon.pluginRoot(PluginType.SNAPSHOTTER, ID)
                : Path.of(config.root_path()));
    }

    /** A snapshotter keeping its trees in {@code root}, created when missing; for embedding and tests. */
    public NativeSnapshotter(MetadataStore metadata, Path root) throws IOException {
        this.metadata = metadata;
        this.dirs = new SnapshotDirs(root);
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
        long id = metadata.read(tx -> records(tx).get(key).id());
        try {
            TreeUsage usage = TreeUsage.of(dirs.tree(id));
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
                    dirs.create(record.id());
                } else {
                    dirs.copy(parents.getFirst(), record.id());
                }
            } catch (IOException e) {
                throw failure("creating snapshot " + key + " on " + (parent.isEmpty() ? "no parent" : parent), e);
            }
            return mounts(record);
        });
    }

    @Override
    public void commit(String name, String key, Map<String, String> labels) {
        metadata.write(tx -> records(tx).commit(key, name, labels));
    }

    @Override
    public void remove(String key) {
        Path[] aside = new Path[1];
        long[] id = new long[1];
        try {
            metadata.write(tx -> {
                id[0] = records(tx).remove(key).id();
                try {
                    aside[0] = dirs.moveAside(id[0]);
                } catch (IOException e) {
                    throw failure("removing snapshot " + key, e);
                }
                return null;
            });
        } catch (RuntimeException e) {
            if (aside[0] != null) {
                // The record is still there, so its tree comes back.
                restore(aside[0], id[0], e);
            }
            throw e;
        }
        try {
            Trees.deleteRecursively(aside[0]);
        } catch (IOException e) {
            // The record is gone; what is left is only a leftover that cleanup deletes.
            throw failure("deleting the tree of removed snapshot " + key, e);
        }
    }

    private void restore(Path aside, long id, RuntimeException failure) {
        try {
            dirs.moveBack(aside, id);
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
                    return dirs.moveAsideAllBut(live);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            dirs.deleteRemoved();
        } catch (IOException | UncheckedIOException e) {
            throw failure("cleaning up " + ID + " snapshots", e);
        }
    }

    private List<Mount> mounts(SnapshotRecord record) {
        String access = record.info().kind() == Kind.VIEW ? "ro" : "rw";
        return List.of(new Mount("bind", dirs.tree(record.id()).toString(), List.of(access, "rbind")));
    }

    private static SnapshotRecords records(Transaction tx) {
        return tx.snapshotRecords(ID);
    }

    private static BerthException failure(String what, Exception cause) {
        return new BerthException(ErrorKind.INTERNAL, what + ": " + cause.getMessage(), cause);
    }
}

package io.berth.snapshots.btrfs;

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

/**
 * containerd's btrfs snapshotter: each snapshot is a btrfs subvolume {@code snapshots/<id>}. A snapshot on no
 * parent is a new empty subvolume, one on a parent a copy-on-write snapshot of the parent's (read-only for a view),
 * and a commit makes the subvolume read-only where it is. Records live in the metadata store; each change to them
 * and to the subvolumes is one transaction's work, records first, so that a failed btrfs call rolls its record back.
 * The root must be on btrfs: {@link BtrfsAvailability} enables the component only then.
 */
@Component(service = Snapshotter.class, enabled = false, configurationPid = BtrfsSnapshotter.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = { Plugin.TYPE + "=" + PluginType.SNAPSHOTTER, Plugin.ID + "=" + BtrfsSnapshotter.ID })
@Designate(ocd = BtrfsConfig.class)
public final class BtrfsSnapshotter implements Snapshotter {
    static final String ID = "btrfs";
    static final String PID = PluginType.SNAPSHOTTER + "." + ID;

    private final MetadataStore metadata;
    private final SnapshotSubvolumes subvolumes;

    @Activate
    public BtrfsSnapshotter(@Reference MetadataStore metadata, @Reference Daemon daemon, BtrfsConfig config)
            throws IOException {
        this(metadata, root(daemon, config));
    }

    static Path root(Daemon daemon, BtrfsConfig config) {
        return config.root_path().isEmpty() ? daemon.pluginRoot(PluginType.SNAPSHOTTER, ID) : Path.of(config.root_path());
    }

    /**
     * A snapshotter keeping its subvolumes in {@code root}, created when missing; for embedding and tests.
     *
     * @throws BerthException FAILED_PRECONDITION when {@code root} is not on a btrfs filesystem
     * @throws IOException when the btrfs tool cannot run or {@code root} cannot be made
     */
    public BtrfsSnapshotter(MetadataStore metadata, Path root) throws IOException {
        this.metadata = metadata;
        this.subvolumes = new SnapshotSubvolumes(root);
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
            TreeUsage usage = TreeUsage.of(subvolumes.subvolume(id));
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
            boolean readOnly = kind == Kind.VIEW;
            try {
                if (parents.isEmpty()) {
                    subvolumes.create(record.id(), readOnly);
                } else {
                    subvolumes.snapshot(parents.getFirst(), record.id(), readOnly);
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
                long id = records(tx).commit(key, name, labels).id();
                try {
                    subvolumes.setReadOnly(id, true);
                } catch (IOException e) {
                    throw failure("committing snapshot " + key + " as " + name, e);
                }
                sealed[0] = id;
                return null;
            });
        } catch (RuntimeException e) {
            if (sealed[0] != null) {
                // The record is still active, so its subvolume is writable again.
                unseal(sealed[0], e);
            }
            throw e;
        }
    }

    private void unseal(long id, RuntimeException failure) {
        try {
            subvolumes.setReadOnly(id, false);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    @Override
    public void remove(String key) {
        Path[] aside = new Path[1];
        long[] id = new long[1];
        try {
            metadata.write(tx -> {
                id[0] = records(tx).remove(key).id();
                try {
                    aside[0] = subvolumes.moveAside(id[0]);
                } catch (IOException e) {
                    throw failure("removing snapshot " + key, e);
                }
                return null;
            });
        } catch (RuntimeException e) {
            if (aside[0] != null) {
                // The record is still there, so its subvolume comes back.
                restore(aside[0], id[0], e);
            }
            throw e;
        }
        try {
            SnapshotSubvolumes.delete(aside[0]);
        } catch (IOException e) {
            // The record is gone; what is left is only a leftover that cleanup deletes.
            throw failure("deleting the subvolume of removed snapshot " + key, e);
        }
    }

    private void restore(Path aside, long id, RuntimeException failure) {
        try {
            subvolumes.moveBack(aside, id);
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
                    subvolumes.moveAsideAllBut(live);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return null;
            });
            subvolumes.deleteRemoved();
        } catch (IOException | UncheckedIOException e) {
            throw failure("cleaning up " + ID + " snapshots", e);
        }
    }

    /**
     * A bind mount of the subvolume's directory rather than containerd's {@code btrfs} mount of the device with
     * {@code subvolid=}: the same tree, without finding which device to name (a filesystem may span several, or
     * sit on a loop device), and the same kind of mount as the native snapshotter's, which every consumer handles.
     */
    private List<Mount> mounts(SnapshotRecord record) {
        String access = record.info().kind() == Kind.VIEW ? "ro" : "rw";
        return List.of(new Mount("bind", subvolumes.subvolume(record.id()).toString(), List.of(access, "rbind")));
    }

    private static SnapshotRecords records(Transaction tx) {
        return tx.snapshotRecords(ID);
    }

    private static BerthException failure(String what, Exception cause) {
        return new BerthException(ErrorKind.INTERNAL, what + ": " + cause.getMessage(), cause);
    }
}

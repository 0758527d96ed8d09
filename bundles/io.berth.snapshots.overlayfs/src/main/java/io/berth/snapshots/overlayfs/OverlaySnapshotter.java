package io.berth.snapshots.overlayfs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
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
import io.berth.linux.Posix;
import io.berth.linux.Trees;

/**
 * containerd's overlayfs snapshotter: every snapshot has an upper directory; an active one is mounted as an overlay
 * of its upper directory on its parents' ones, a view as an overlay of its parents' alone, and a snapshot that stands
 * on no overlay at all as a bind mount. Records live in the metadata store; storage changes within the same write.
 * It can rebase: a committed upper directory is a lower one on whatever parent its record names.
 */
@Component(service = Snapshotter.class, configurationPid = OverlaySnapshotter.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = { Plugin.TYPE + "=" + PluginType.SNAPSHOTTER, Plugin.ID + "=" + OverlaySnapshotter.ID,
            Plugin.CAPABILITIES + "=" + Snapshotter.CAPABILITY_REBASE,
            Snapshotter.QUICK_READS + ":Boolean=true" })
@Designate(ocd = OverlayConfig.class)
public final class OverlaySnapshotter implements Snapshotter {
    static final String ID = "overlayfs";
    static final String PID = PluginType.SNAPSHOTTER + "." + ID;

    private final MetadataStore metadata;
    private final SnapshotDirs dirs;
    private final OverlayMounts mounts;

    @Activate
    public OverlaySnapshotter(@Reference MetadataStore metadata, @Reference Daemon daemon, OverlayConfig config) {
        this(metadata, config.root_path().isEmpty() ? daemon.pluginRoot(PluginType.SNAPSHOTTER, ID)
                : Path.of(config.root_path()), List.of(config.mount_options()));
    }

    /**
     * A snapshotter keeping its snapshots in {@code root}; for embedding outside the framework.
     *
     * @param mountOptions options added to every overlay mount, such as {@code volatile}
     * @throws BerthException UNAVAILABLE when the kernel has no overlay filesystem, INVALID_ARGUMENT for a root
     *         whose path overlay mount options cannot carry
     */
    public OverlaySnapshotter(MetadataStore metadata, Path root, List<String> mountOptions) {
        if (!KernelOverlay.available()) {
            throw BerthException.unavailable("overlayfs snapshotter: the kernel has no overlay filesystem "
                    + "(not listed in /proc/filesystems)");
        }
        this.metadata = metadata;
        Layout layout = new Layout(root);
        try {
            this.dirs = new SnapshotDirs(layout);
        } catch (IOException e) {
            throw IoFailures.of("creating overlayfs snapshotter root " + root, e);
        }
        List<String> overlayOptions = new ArrayList<>();
        if (KernelOverlay.hasIndexOption()) {
            overlayOptions.add("index=off");
        }
        overlayOptions.addAll(mountOptions);
        this.mounts = new OverlayMounts(layout, overlayOptions, Posix.pageSize());
    }

    private static SnapshotRecords records(Transaction tx) {
        return tx.snapshotRecords(ID);
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
        SnapshotRecord record = metadata.read(tx -> records(tx).get(key));
        try {
            return dirs.usage(record.id());
        } catch (IOException e) {
            throw IoFailures.of("measuring snapshot " + key, e);
        }
    }

    @Override
    public List<Mount> mounts(String key) {
        return metadata.read(tx -> {
            SnapshotRecord record;
            try {
                record = records(tx).get(key);
                if (record.info().kind() == Kind.COMMITTED) {
                    throw BerthException.failedPrecondition("requested snapshot %s not active or view", key);
                }
            } catch (BerthException e) {
                throw e.withContext("failed to get active mount");
            }
            return mounts.of(key, record.id(), record.info().kind(), records(tx).parentIds(key),
                    rebaseLater(record.info().labels()));
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
            SnapshotRecord record;
            try {
                record = records(tx).create(key, parent, kind, labels);
            } catch (BerthException e) {
                throw e.withContext("failed to create snapshot");
            }
            List<Long> parentIds = records(tx).parentIds(key);
            List<Mount> result = mounts.of(key, record.id(), kind, parentIds, rebaseLater(labels));
            try {
                dirs.create(record.id(), kind, parentIds);
            } catch (IOException e) {
                throw IoFailures.of("creating the directories of snapshot " + key, e);
            }
            return result;
        });
    }

    @Override
    public void commit(String name, String key, Map<String, String> labels) {
        commit(name, key, labels, "");
    }

    /**
     * The upper directory becomes a lower one where it is (committed snapshots keep their id), and lower
     * directories are found through the records' parents: a rebase is a change of record only.
     */
    @Override
    public void commit(String name, String key, Map<String, String> labels, String parent) {
        metadata.write(tx -> {
            SnapshotRecord committed = records(tx).commit(key, name, labels, parent);
            // Only an active snapshot has use for it.
            Info info = committed.info();
            if (info.labels().containsKey(LABEL_REBASE_LATER)) {
                records(tx).update(new Info(name, info.parent(), info.kind(), Map.of(), null, null),
                        List.of("labels." + LABEL_REBASE_LATER));
            }
            return null;
        });
    }

    private static boolean rebaseLater(Map<String, String> labels) {
        return "true".equals(labels.get(LABEL_REBASE_LATER));
    }

    @Override
    public void remove(String key) {
        Path aside = metadata.write(tx -> {
            SnapshotRecord removed = records(tx).remove(key);
            try {
                return dirs.moveAside(removed.id());
            } catch (IOException e) {
                throw IoFailures.of("moving aside the directories of snapshot " + key, e);
            }
        });
        try {
            Trees.deleteRecursively(aside);
        } catch (IOException e) {
            throw IoFailures.of("snapshot " + key + " is removed, but deleting " + aside
                    + " failed (cleanup retries)", e);
        }
    }

    @Override
    public void walk(Predicate<? super Info> filter, Consumer<? super Info> visitor) {
        List<SnapshotRecord> all = metadata.read(tx -> records(tx).list());
        all.stream().map(SnapshotRecord::info).filter(filter).forEach(visitor);
    }

    @Override
    public void cleanup() {
        // Moved aside in a write, so that no snapshot is being created meanwhile; deleted after, outside it.
        List<Path> unaccounted = metadata.write(tx -> {
            Set<Long> ids = records(tx).list().stream().map(SnapshotRecord::id).collect(Collectors.toSet());
            try {
                return dirs.moveAsideAllBut(ids);
            } catch (IOException e) {
                throw IoFailures.of("listing the snapshot directories no record accounts for", e);
            }
        });
        for (Path entry : unaccounted) {
            try {
                Trees.deleteRecursively(entry);
            } catch (IOException e) {
                throw IoFailures.of("deleting " + entry + ", which no snapshot record accounts for", e);
            }
        }
    }
}

package io.berth.snapshots.devmapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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

/**
 * containerd's devmapper snapshotter: every snapshot is a thin device in a thin pool prepared beforehand, and a
 * thin snapshot of its parent's device, or of a base device formatted once for those without a parent. Active
 * and view devices stay mapped in /dev/mapper; committed ones are flushed and unmapped. The snapshot record's id
 * is the thin device id: the metadata store hands them out per snapshotter and never again, as the pool wants.
 */
@Component(service = Snapshotter.class, configurationPid = DevmapperSnapshotter.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = { Plugin.TYPE + "=" + PluginType.SNAPSHOTTER, Plugin.ID + "=" + DevmapperSnapshotter.ID,
            Snapshotter.QUICK_READS + ":Boolean=true" })
@Designate(ocd = DevmapperConfig.class)
public final class DevmapperSnapshotter implements Snapshotter {
    static final String ID = "devmapper";
    static final String PID = PluginType.SNAPSHOTTER + "." + ID;
    static final Path CONTROL = Path.of("/dev/mapper/control");

    private final MetadataStore metadata;
    private final PoolDevice pool;
    private final DeviceInfo base;

    @Activate
    public DevmapperSnapshotter(@Reference MetadataStore metadata, @Reference Daemon daemon, DevmapperConfig config)
            throws IOException {
        this(metadata, rootOf(config, daemon), PoolSettings.of(config), new ProcessCommandRunner());
    }

    DevmapperSnapshotter(MetadataStore metadata, Path root, PoolSettings settings, CommandRunner runner)
            throws IOException {
        this.metadata = metadata;
        this.pool = new PoolDevice(settings, runner, new DeviceJournal(root));
        try {
            this.base = DeviceRecovery.ensureBase(pool);
        } catch (CommandFailure e) {
            throw new IOException("preparing the base device of pool " + settings.poolName() + ": " + e.getMessage(), e);
        }
        recover();
    }

    /** Refuses first when the kernel has no device-mapper, so that the plugin list says why it is not running. */
    private static Path rootOf(DevmapperConfig config, Daemon daemon) throws IOException {
        if (!Files.exists(CONTROL)) {
            throw new IllegalStateException("device-mapper is not available in this kernel (" + CONTROL + " is missing)");
        }
        return config.root_path().isEmpty() ? daemon.pluginRoot(PluginType.SNAPSHOTTER, ID)
                : Path.of(config.root_path());
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
        return metadata.read(tx -> {
            SnapshotRecords records = records(tx);
            SnapshotRecord record = records.get(key);
            List<Long> parents = records.parentIds(key);
            long own = usedBytes(record) - (parents.isEmpty() ? 0 : device(parents.getFirst()).usedBytes());
            return new Usage(Math.max(own, 0), 0);
        });
    }

    private long usedBytes(SnapshotRecord record) {
        DeviceInfo device = device(record.id());
        if (record.info().kind() == Kind.COMMITTED) {
            return device.usedBytes();
        }
        try {
            return pool.usedBytes(device);
        } catch (CommandFailure e) {
            throw failure("measuring snapshot " + record.info().name(), e);
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
            return mounts(record, device(record.id()));
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
        long[] created = { -1 };
        try {
            return metadata.write(tx -> {
                SnapshotRecords records = records(tx);
                SnapshotRecord record = records.create(key, parent, kind, labels);
                if (record.id() > DeviceInfo.MAX_ID) {
                    throw BerthException.failedPrecondition("snapshot %s: pool %s has used up its %d thin device ids",
                            key, pool.settings().poolName(), DeviceInfo.MAX_ID);
                }
                List<Long> parents = records.parentIds(key);
                DeviceInfo origin = parents.isEmpty() ? base : device(parents.getFirst());
                created[0] = record.id();
                try {
                    return mounts(record, pool.activate(pool.createSnapshot(record.id(), origin)));
                } catch (CommandFailure e) {
                    throw failure("creating snapshot " + key + " on " + (parent.isEmpty() ? "no parent" : parent), e);
                }
            });
        } catch (RuntimeException e) {
            if (created[0] >= 0) {
                // The record rolled back: so does whatever part of the device was made.
                pool.journal().find(created[0]).ifPresent(device -> rollBack(device, e));
            }
            throw e;
        }
    }

    @Override
    public void commit(String name, String key, Map<String, String> labels) {
        long[] retired = { -1 };
        try {
            metadata.write(tx -> {
                long id = records(tx).commit(key, name, labels).id();
                try {
                    pool.retire(device(id));
                } catch (CommandFailure e) {
                    throw failure("committing snapshot " + key + " as " + name, e);
                } finally {
                    retired[0] = id;
                }
                return null;
            });
        } catch (RuntimeException e) {
            if (retired[0] >= 0) {
                // The record is still active, so its device must be mapped again.
                remap(device(retired[0]), e);
            }
            throw e;
        }
    }

    @Override
    public void remove(String key) {
        SnapshotRecord[] removed = new SnapshotRecord[1];
        try {
            metadata.write(tx -> {
                removed[0] = records(tx).remove(key);
                DeviceInfo device = device(removed[0].id());
                if (device.state().mayBeMapped()) {
                    try {
                        pool.ensureInactive(device);
                    } catch (CommandFailure e) {
                        throw failure("removing snapshot " + key, e);
                    }
                }
                return null;
            });
        } catch (RuntimeException e) {
            if (removed[0] != null && removed[0].info().kind() != Kind.COMMITTED) {
                remap(device(removed[0].id()), e);
            }
            throw e;
        }
        try {
            // Only now that the record is gone: a delete cannot be undone.
            pool.delete(device(removed[0].id()));
        } catch (CommandFailure e) {
            throw failure("deleting the device of removed snapshot " + key + " (cleanup retries)", e);
        }
    }

    @Override
    public void walk(Predicate<? super Info> filter, Consumer<? super Info> visitor) {
        List<SnapshotRecord> all = metadata.read(tx -> records(tx).list());
        all.stream().map(SnapshotRecord::info).filter(filter).forEach(visitor);
    }

    @Override
    public void cleanup() {
        recover();
    }

    /** Finishes or undoes what a crash or a failure cut short; in a write transaction, so nothing else runs. */
    private void recover() {
        metadata.write(tx -> {
            Map<Long, Kind> kinds = records(tx).list().stream()
                    .collect(Collectors.toMap(SnapshotRecord::id, record -> record.info().kind()));
            try {
                DeviceRecovery.recover(pool, kinds);
            } catch (CommandFailure | UncheckedIOException e) {
                throw failure("recovering the devices of pool " + pool.settings().poolName(), e);
            }
            return null;
        });
    }

    private void rollBack(DeviceInfo device, RuntimeException failure) {
        try {
            pool.rollBack(device);
        } catch (CommandFailure | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private void remap(DeviceInfo device, RuntimeException failure) {
        try {
            pool.ensureActive(device);
        } catch (CommandFailure | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private DeviceInfo device(long id) {
        return pool.journal().get(id);
    }

    private static List<Mount> mounts(SnapshotRecord record, DeviceInfo device) {
        return List.of(new Mount(device.fsType().type(), DmCommands.devicePath(device.name()),
                device.fsType().mountOptions(record.info().kind() == Kind.VIEW)));
    }

    private static SnapshotRecords records(Transaction tx) {
        return tx.snapshotRecords(ID);
    }

    private static BerthException failure(String what, Exception cause) {
        return new BerthException(ErrorKind.INTERNAL, what + ": " + cause.getMessage(), cause);
    }
}

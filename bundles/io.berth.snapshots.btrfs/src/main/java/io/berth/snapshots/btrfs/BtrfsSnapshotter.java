package io.berth.snapshots.btrfs;

import java.io.IOException;
import java.nio.file.Path;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import io.berth.api.daemon.Daemon;
import io.berth.api.errors.BerthException;
import io.berth.api.metadata.MetadataStore;
import io.berth.api.plugin.Plugin;
import io.berth.api.plugin.PluginType;
import io.berth.api.snapshots.Snapshotter;
import io.berth.snapshots.storage.TreeSnapshotter;

/**
 * containerd's btrfs snapshotter: each snapshot is a btrfs subvolume {@code snapshots/<id>}. A snapshot on no
 * parent is a new empty subvolume, one on a parent a copy-on-write snapshot of the parent's (read-only for a view),
 * and a commit makes the subvolume read-only where it is. A snapshot is mounted as a bind mount of its
 * subvolume's directory rather than containerd's {@code btrfs} mount of the device with {@code subvolid=}: the same
 * tree, without finding which device to name (a filesystem may span several, or sit on a loop device).
 * The root must be on btrfs: {@link BtrfsAvailability} enables the component only then.
 */
@Component(service = Snapshotter.class, enabled = false, configurationPid = BtrfsSnapshotter.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = { Plugin.TYPE + "=" + PluginType.SNAPSHOTTER, Plugin.ID + "=" + BtrfsSnapshotter.ID,
            Snapshotter.QUICK_READS + ":Boolean=true" })
@Designate(ocd = BtrfsConfig.class)
public final class BtrfsSnapshotter extends TreeSnapshotter {
    static final String ID = "btrfs";
    static final String PID = PluginType.SNAPSHOTTER + "." + ID;

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
        super(metadata, ID, new SnapshotSubvolumes(root));
    }
}

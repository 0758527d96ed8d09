package io.berth.snapshots.nativefs;

import java.io.IOException;
import java.nio.file.Path;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import io.berth.api.daemon.Daemon;
import io.berth.api.metadata.MetadataStore;
import io.berth.api.plugin.Plugin;
import io.berth.api.plugin.PluginType;
import io.berth.api.snapshots.Snapshotter;
import io.berth.snapshots.storage.TreeSnapshotter;

/**
 * containerd's native snapshotter: each active snapshot and view is a full copy of its parent's tree in
 * {@code snapshots/<id>}, mounted with one bind mount; a commit keeps the tree as it is. It works on any
 * filesystem, at the price of a copy per snapshot.
 */
@Component(service = Snapshotter.class, configurationPid = NativeSnapshotter.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = { Plugin.TYPE + "=" + PluginType.SNAPSHOTTER, Plugin.ID + "=" + NativeSnapshotter.ID,
            Snapshotter.QUICK_READS + ":Boolean=true" })
@Designate(ocd = NativeConfig.class)
public final class NativeSnapshotter extends TreeSnapshotter {
    static final String ID = "native";
    static final String PID = PluginType.SNAPSHOTTER + "." + ID;

    @Activate
    public NativeSnapshotter(@Reference MetadataStore metadata, @Reference Daemon daemon, NativeConfig config)
            throws IOException {
        this(metadata, config.root_path().isEmpty() ? daemon.pluginRoot(PluginType.SNAPSHOTTER, ID)
                : Path.of(config.root_path()));
    }

    /** A snapshotter keeping its trees in {@code root}, created when missing; for embedding and tests. */
    public NativeSnapshotter(MetadataStore metadata, Path root) throws IOException {
        super(metadata, ID, new SnapshotDirs(root));
    }
}

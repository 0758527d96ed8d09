package io.berth.services.diff;

import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.berth.api.daemon.Daemon;
import io.berth.api.diff.DiffOptions;
import io.berth.api.diff.LayerDiff;
import io.berth.api.diff.LayerDiffer;
import io.berth.api.diff.MountDiffer;
import io.berth.api.errors.BerthException;
import io.berth.api.plugin.PluginType;
import io.berth.api.snapshots.Mount;

/**
 * Computes layers from snapshots as containerd's walking differ does: both sets of mounts are made read-only and
 * mounted on temporary directories under the daemon's state, and the trees are compared. When the upper snapshot
 * is one overlay mount, its upper directory tells which directories are opaque.
 */
@Component(service = MountDiffer.class)
public final class SnapshotDiffer implements MountDiffer {
    private final LayerDiffer differ;
    private final Path mountsDir;

    @Activate
    public SnapshotDiffer(@Reference LayerDiffer differ, @Reference Daemon daemon) {
        this.differ = differ;
        this.mountsDir = daemon.pluginState(PluginType.GRPC, "diff");
    }

    @Override
    public LayerDiff diff(List<Mount> lower, List<Mount> upper, DiffOptions options, OutputStream out) {
        if (upper.isEmpty()) {
            throw BerthException.invalidArgument("diff: no mounts given for the upper snapshot");
        }
        Optional<Path> overlayUpper = OverlayMounts.upperDir(upper);
        try (TempMount lowerRoot = TempMount.mountAll(mountsDir, "diff-lower-", OverlayMounts.readOnly(lower));
             TempMount upperRoot = TempMount.mountAll(mountsDir, "diff-upper-", OverlayMounts.readOnly(upper))) {
            return differ.diff(lowerRoot.root(), upperRoot.root(),
                    new DiffOptions(options.mediaType(), overlayUpper, options.sourceDateEpoch()), out);
        }
    }
}

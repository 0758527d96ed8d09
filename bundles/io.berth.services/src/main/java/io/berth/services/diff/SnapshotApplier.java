package io.berth.services.diff;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.berth.api.daemon.Daemon;
import io.berth.api.diff.Applied;
import io.berth.api.diff.LayerApplier;
import io.berth.api.diff.MountApplier;
import io.berth.api.diff.WhiteoutMode;
import io.berth.api.errors.BerthException;
import io.berth.api.plugin.PluginType;
import io.berth.api.snapshots.Mount;

/**
 * Applies layers to snapshots as containerd's walking differ does: a single overlay mount with an upper directory
 * gets the layer in that directory with whiteouts in overlay form (overlayfs refuses its own xattrs through a
 * mount); any other mounts are mounted on a temporary directory under the daemon's state and whiteouts become
 * deletions.
 */
@Component(service = MountApplier.class)
public final class SnapshotApplier implements MountApplier {
    private final LayerApplier applier;
    private final Path mountsDir;

    @Activate
    public SnapshotApplier(@Reference LayerApplier applier, @Reference Daemon daemon) {
        this.applier = applier;
        this.mountsDir = daemon.pluginState(PluginType.GRPC, "diff");
    }

    @Override
    public Applied apply(InputStream layer, String mediaType, List<Mount> mounts) {
        if (mounts.isEmpty()) {
            throw BerthException.invalidArgument("apply: no mounts given");
        }
        Optional<Path> upper = OverlayMounts.upperDir(mounts);
        if (upper.isPresent()) {
            return applier.apply(layer, mediaType, upper.get(), WhiteoutMode.OVERLAY);
        }
        try (TempMount mounted = TempMount.mountAll(mountsDir, "apply-", mounts)) {
            return applier.apply(layer, mediaType, mounted.root(), WhiteoutMode.DELETE);
        }
    }
}

package io.berth.api.diff;

import java.io.InputStream;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

import io.berth.api.snapshots.Mount;

/**
 * Applies a layer to the snapshot that mounts describe (containerd's {@code diff.Applier}): the mounts are set up
 * on a temporary directory, the layer is unpacked there with whiteouts as deletions, and the mounts are taken
 * down again. A lone overlay mount with an upper directory is applied straight to that directory with whiteouts
 * in overlay form, as containerd does.
 */
@ProviderType
public interface MountApplier {
    /**
     * Reads {@code layer} to its end and unpacks it into the snapshot.
     *
     * @param mediaType as {@link LayerApplier#apply(InputStream, String, java.nio.file.Path, ApplyOptions)} takes it
     * @throws io.berth.api.errors.BerthException INVALID_ARGUMENT for no mounts or a mount that fails, and what
     *         {@link LayerApplier} throws
     */
    Applied apply(InputStream layer, String mediaType, List<Mount> mounts);
}

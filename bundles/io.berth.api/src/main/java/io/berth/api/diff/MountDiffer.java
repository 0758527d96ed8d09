package io.berth.api.diff;

import java.io.OutputStream;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

import io.berth.api.snapshots.Mount;

/**
 * Computes a layer from two snapshots that mounts describe (containerd's {@code diff.Comparer}): both are mounted
 * read-only on temporary directories, compared with a {@link LayerDiffer}, and taken down again.
 */
@ProviderType
public interface MountDiffer {
    /**
     * Writes the layer that turns the {@code lower} snapshot into the {@code upper} one to {@code out}.
     *
     * @param lower the parent's mounts; none for a snapshot without a parent
     * @param upper the snapshot's mounts
     * @param options the media type and source date epoch; the overlay upper directory is found from the mounts
     * @throws io.berth.api.errors.BerthException INVALID_ARGUMENT for no upper mounts or a mount that fails, and what
     *         {@link LayerDiffer} throws
     */
    LayerDiff diff(List<Mount> lower, List<Mount> upper, DiffOptions options, OutputStream out);
}

package io.berth.api.diff;

import java.io.OutputStream;
import java.nio.file.Path;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Computes a layer from two directory trees, the way containerd's walking differ does: {@code upper} is walked
 * against {@code lower}, and what was added or changed is written with its owner, mode, mtime and xattrs, what was
 * removed as a {@code .wh.} whiteout, hard links as links. Entries come in a fixed order, so equal trees give an
 * equal layer, byte for byte.
 */
@ProviderType
public interface LayerDiffer {
    /**
     * Writes the layer that turns {@code lower} into {@code upper} to {@code out}, compressed as the options'
     * media type says, and leaves {@code out} open. Neither tree is changed.
     *
     * @param lower the parent's tree, an existing directory (empty for a layer without a parent)
     * @param upper the snapshot's tree, an existing directory
     * @throws io.berth.api.errors.BerthException NOT_IMPLEMENTED for a media type this differ does not write or an
     *         xattr value it cannot carry, INVALID_ARGUMENT for a tree that is not a directory, INTERNAL when reading
     *         a tree or writing {@code out} fails
     */
    LayerDiff diff(Path lower, Path upper, DiffOptions options, OutputStream out);
}

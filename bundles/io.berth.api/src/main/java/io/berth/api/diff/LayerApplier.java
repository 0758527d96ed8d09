package io.berth.api.diff;

import java.io.InputStream;
import java.nio.file.Path;

import org.osgi.annotation.versioning.ProviderType;

import io.berth.api.errors.BerthException;

/**
 * Unpacks OCI layers (tar, tar+gzip, tar+zstd) into a directory, in containerd's manner: each entry
 * replaces what is there (a directory over a directory merges), owners, modes, times and xattrs are kept,
 * and every name, hard-link target and symlink met on the way is resolved inside {@code root}, so that
 * nothing is ever written outside it.
 *
 * <p>A failed apply may leave part of the layer under {@code root}: callers apply into a snapshot they
 * discard on failure.
 */
@ProviderType
public interface LayerApplier {
    /** Media types of uncompressed, gzip and zstd layers, OCI's and Docker's. */
    String OCI_TAR = "application/vnd.oci.image.layer.v1.tar";
    String OCI_TAR_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
    String OCI_TAR_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";
    String DOCKER_TAR = "application/vnd.docker.image.rootfs.diff.tar";
    String DOCKER_TAR_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";

    /**
     * Applies a layer, device nodes included (as containerd does).
     *
     * @see #apply(InputStream, String, Path, ApplyOptions)
     */
    default Applied apply(InputStream layer, String mediaType, Path root, WhiteoutMode mode) {
        return apply(layer, mediaType, root, new ApplyOptions(mode, true));
    }

    /**
     * Reads {@code layer} to its end and unpacks it under {@code root}.
     *
     * @param mediaType picks the decompression; empty or null: recognised by the stream's magic bytes
     * @param root an existing directory
     * @throws BerthException INVALID_ARGUMENT for an unsupported media type or an entry that is refused (a
     *         device node not allowed, a hard link to nothing, an invalid whiteout), DATA_LOSS when the stream
     *         is corrupt or truncated, RESOURCE_EXHAUSTED when it unpacks to more than the configured maximum,
     *         INTERNAL when writing under {@code root} fails
     */
    Applied apply(InputStream layer, String mediaType, Path root, ApplyOptions options);
}

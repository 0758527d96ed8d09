package io.berth.api.diff;

import java.util.Objects;

import io.berth.api.content.Digest;

/**
 * The result of applying a layer.
 *
 * @param diffId the sha256 of the uncompressed tar stream: the layer's diff id in an image config's rootfs
 * @param size the length of the uncompressed tar stream in bytes
 */
public record Applied(Digest diffId, long size) {
    public Applied {
        Objects.requireNonNull(diffId, "diffId");
    }
}

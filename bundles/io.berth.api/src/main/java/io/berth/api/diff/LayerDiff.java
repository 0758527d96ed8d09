package io.berth.api.diff;

import java.util.Objects;

import io.berth.api.content.Digest;

/**
 * The layer a diff wrote.
 *
 * @param diffId the sha256 of the uncompressed tar stream (the {@code containerd.io/uncompressed} label of a
 *        compressed blob)
 * @param size the length of the uncompressed tar stream in bytes
 */
public record LayerDiff(Digest diffId, long size) {
    public LayerDiff {
        Objects.requireNonNull(diffId, "diffId");
    }
}

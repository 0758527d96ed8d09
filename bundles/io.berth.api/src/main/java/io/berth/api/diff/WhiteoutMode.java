package io.berth.api.diff;

/** What a layer's whiteout entries ({@code .wh.<name>} and {@code .wh..wh..opq}) become on disk. */
public enum WhiteoutMode {
    /**
     * overlayfs form, for an upper directory: {@code .wh.x} becomes a character device {@code x} with
     * device number 0:0, and {@code .wh..wh..opq} sets {@code trusted.overlay.opaque=y} on its directory.
     */
    OVERLAY,
    /**
     * Applied as deletions, for snapshotters that copy (native, btrfs): {@code .wh.x} removes {@code x}, and
     * {@code .wh..wh..opq} removes from its directory everything that this layer did not put there.
     */
    DELETE
}

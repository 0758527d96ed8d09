package io.berth.api.images;

import java.util.Objects;

import io.berth.api.content.Descriptor;

/**
 * Where one blob of a pull is.
 *
 * @param blob the manifest, index, config or layer
 * @param done bytes fetched so far
 * @param total the blob's size
 * @param state what is happening to it
 */
public record PullProgress(Descriptor blob, long done, long total, State state) {
    public PullProgress {
        Objects.requireNonNull(blob, "blob");
        Objects.requireNonNull(state, "state");
    }

    public enum State {
        /** Being downloaded. */
        FETCHING,
        /** The namespace had it already: not downloaded. */
        EXISTS,
        /** Downloaded and committed to the content store. */
        FETCHED,
        /** A layer being applied to its snapshot. */
        UNPACKING,
        /** A layer whose snapshot is committed, now or before. */
        UNPACKED
    }
}

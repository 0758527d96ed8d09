package io.berth.api.images;

import java.util.Objects;

import io.berth.api.content.Descriptor;

/**
 * Where one blob of a push is.
 *
 * @param blob the index, manifest, config or layer
 * @param done bytes sent so far
 * @param total the blob's size
 * @param state what is happening to it
 */
public record PushProgress(Descriptor blob, long done, long total, State state) {
    public PushProgress {
        Objects.requireNonNull(blob, "blob");
        Objects.requireNonNull(state, "state");
    }

    public enum State {
        /** Being sent. */
        PUSHING,
        /** The repository had it already: not sent. */
        EXISTS,
        /** Linked by the registry from another of its repositories: not sent. */
        MOUNTED,
        /** Sent and accepted. */
        PUSHED
    }
}

package io.berth.api.content;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The progress of an ingest: content being written under a ref and not committed yet.
 *
 * @param ref the ingest's key, chosen by the client
 * @param offset how many bytes have been written
 * @param total the size the client announced, 0 when unknown
 * @param expected the digest the client announced, when the store knows it
 * @param startedAt when the ingest began
 * @param updatedAt when it was last written to
 */
public record Status(String ref, long offset, long total, Optional<Digest> expected, Instant startedAt,
                     Instant updatedAt) {

    public Status {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** The field containerd's filters can test: {@code ref}. Shaped as a filter adaptor. */
    public Optional<String> field(List<String> fieldpath) {
        return fieldpath.size() == 1 && fieldpath.getFirst().equals("ref") ? Optional.of(ref) : Optional.empty();
    }
}

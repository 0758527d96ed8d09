package io.berth.api.metadata;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A lease: while it lives, what it holds is kept from garbage collection. It ends when deleted, or at the
 * time in its {@link GcLabels#EXPIRE} label.
 *
 * @param id its id, an identifier in containerd's rule
 * @param labels its labels; never null
 * @param createdAt when it was created; null in a lease not stored yet, the store sets it
 */
public record Lease(String id, Map<String, String> labels, Instant createdAt) {
    public Lease {
        Objects.requireNonNull(id, "id");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}

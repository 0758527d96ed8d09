package io.berth.api.metadata;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A namespace's snapshot: the client's name for a snapshot that a snapshotter keeps under a key of its own.
 *
 * @param name the client's name, unique per namespace and snapshotter
 * @param backendKey the snapshotter's key for it, {@code <namespace>/<sequence>/<name>} as containerd makes them
 * @param parent the name of the namespace's snapshot it stands on, or empty for none
 * @param labels the namespace's labels on it; never null
 * @param createdAt when the namespace's record was created (null on a record not stored yet)
 * @param updatedAt when its labels last changed
 */
public record SnapshotReference(String name, String backendKey, String parent, Map<String, String> labels,
                                Instant createdAt, Instant updatedAt) {
    public SnapshotReference {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(backendKey, "backendKey");
        Objects.requireNonNull(parent, "parent");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}

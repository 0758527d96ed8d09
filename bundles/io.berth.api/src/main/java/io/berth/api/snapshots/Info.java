package io.berth.api.snapshots;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A snapshot as a snapshotter describes it.
 *
 * @param name its key (active and view) or name (committed)
 * @param parent the committed snapshot it stands on, or empty for none
 * @param kind what it is
 * @param labels its labels; never null
 * @param createdAt when it was created
 * @param updatedAt when its record last changed
 */
public record Info(String name, String parent, Kind kind, Map<String, String> labels, Instant createdAt,
                   Instant updatedAt) {
    public Info {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(kind, "kind");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}

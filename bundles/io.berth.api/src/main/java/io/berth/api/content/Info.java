package io.berth.api.content;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the store knows about a committed blob.
 *
 * @param digest its address
 * @param size its length in bytes
 * @param createdAt when it was committed
 * @param updatedAt when its record last changed
 * @param labels its labels; empty for stores that keep none (the metadata layer owns them)
 */
public record Info(Digest digest, long size, Instant createdAt, Instant updatedAt, Map<String, String> labels) {

    public Info {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /**
     * The fields containerd's filters can test: {@code digest} and {@code labels.<key>} (a key's dots
     * may be split into several path components). Shaped as a filter adaptor, so {@code info::field} is one.
     */
    public Optional<String> field(List<String> fieldpath) {
        if (fieldpath.isEmpty()) {
            return Optional.empty();
        }
        return switch (fieldpath.getFirst()) {
            case "digest" -> Optional.of(digest.toString());
            case "labels" -> fieldpath.size() < 2 ? Optional.empty()
                    : Optional.ofNullable(labels.get(String.join(".", fieldpath.subList(1, fieldpath.size()))));
            default -> Optional.empty();
        };
    }
}

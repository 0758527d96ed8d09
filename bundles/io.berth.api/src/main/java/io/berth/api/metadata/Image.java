package io.berth.api.metadata;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import io.berth.api.content.Descriptor;

/**
 * A named image: a name pointing at the root blob of its content (an index or a manifest).
 *
 * @param name the image's name, usually a reference such as {@code docker.io/library/busybox:latest}
 * @param target the root blob; null only in an image a client sent without one, which the store never keeps
 * @param labels its labels; never null
 * @param createdAt when it was created; null in an image not stored yet, the store sets it
 * @param updatedAt when its record last changed; null in an image not stored yet, the store sets it
 */
public record Image(String name, Descriptor target, Map<String, String> labels, Instant createdAt,
                    Instant updatedAt) {
    public Image {
        Objects.requireNonNull(name, "name");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}

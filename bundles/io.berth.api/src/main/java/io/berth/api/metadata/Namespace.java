package io.berth.api.metadata;

import java.util.Map;
import java.util.Objects;

/**
 * A namespace and its labels.
 *
 * @param name the namespace's name, see {@link io.berth.api.namespaces.Namespaces#validate}
 * @param labels its labels; never null
 */
public record Namespace(String name, Map<String, String> labels) {
    public Namespace {
        Objects.requireNonNull(name, "name");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}

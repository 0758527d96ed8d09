package io.berth.api.remotes;

import java.util.Objects;

import io.berth.api.content.Descriptor;

/**
 * What a reference resolved to.
 *
 * @param name the reference, normalised ({@code docker.io/library/busybox:latest})
 * @param root the manifest or index the reference names
 * @param options how the registry was reached, reused for every fetch
 */
public record Resolved(Reference name, Descriptor root, ResolveOptions options) {
    public Resolved {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(options, "options");
    }
}

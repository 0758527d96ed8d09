package io.berth.api.remotes;

import java.util.List;
import java.util.Objects;

/**
 * How to upload one descriptor.
 *
 * @param resolve how to reach the registry
 * @param byTag put a manifest or index under the target's tag rather than its digest (the image's root)
 * @param mountFrom repositories the blob came from ({@code host/repository}, as containerd's
 *        {@code containerd.io/distribution.source.<host>} labels name them); those on the target's registry are
 *        asked to lend it
 */
public record UploadOptions(ResolveOptions resolve, boolean byTag, List<String> mountFrom) {
    public UploadOptions {
        Objects.requireNonNull(resolve, "resolve");
        mountFrom = List.copyOf(mountFrom);
    }
}

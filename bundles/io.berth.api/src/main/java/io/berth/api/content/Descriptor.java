package io.berth.api.content;

import java.util.Map;
import java.util.Objects;

/**
 * A reference to a blob with what a reader needs to know before fetching it (OCI's descriptor).
 *
 * @param mediaType how to read the blob, such as {@code application/vnd.oci.image.index.v1+json}
 * @param digest its address
 * @param size its length in bytes
 * @param annotations free-form metadata; never null
 */
public record Descriptor(String mediaType, Digest digest, long size, Map<String, String> annotations) {
    public Descriptor {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(digest, "digest");
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }
}

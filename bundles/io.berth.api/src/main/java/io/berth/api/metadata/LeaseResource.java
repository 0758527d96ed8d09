package io.berth.api.metadata;

import java.util.Objects;

/**
 * A resource a lease holds, named as containerd names it.
 *
 * @param id the resource: a digest for content, a client's ref for an ingest, a name for an image, a key for
 *        a snapshot
 * @param type {@value #CONTENT}, {@value #INGESTS}, {@value #IMAGES}, or {@value #SNAPSHOTS} followed by '/' and
 *        the snapshotter
 */
public record LeaseResource(String id, String type) {
    /** A blob, by digest. */
    public static final String CONTENT = "content";
    /** An ingest in progress, by the client's ref. */
    public static final String INGESTS = "ingests";
    /** An image, by name. */
    public static final String IMAGES = "images";
    /** A snapshot; the type names its snapshotter too: {@code snapshots/overlayfs}. */
    public static final String SNAPSHOTS = "snapshots";

    public LeaseResource {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
    }
}

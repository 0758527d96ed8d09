package io.berth.api.metadata;

import java.util.Objects;

/**
 * A resource a lease holds, named as containerd names it.
 *
 * @param id the resource: a digest for content, a client's ref for an ingest, a key for a snapshot
 * @param type {@value #CONTENT}, {@value #INGESTS}, or {@value #SNAPSHOTS_PREFIX} followed by the snapshotter
 */
public record LeaseResource(String id, String type) {
    /** A blob, by digest. */
    public static final String CONTENT = "content";
    /** An ingest in progress, by the client's ref. */
    public static final String INGESTS = "ingests";
    /** The start of a snapshot's type, which names its snapshotter: {@code snapshots/overlayfs}. */
    public static final String SNAPSHOTS_PREFIX = "snapshots/";

    public LeaseResource {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
    }
}

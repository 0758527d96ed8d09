package io.berth.api.metadata;

import java.util.Optional;

/**
 * The labels through which records tell garbage collection what they keep alive, as containerd names them.
 */
public final class GcLabels {
    /** On a blob or snapshot: keep it whatever references it. Any value. */
    public static final String ROOT = "containerd.io/gc.root";
    /**
     * A blob this record keeps, by digest: the key is this or starts with this and a '.', e.g.
     * {@code containerd.io/gc.ref.content.config}.
     */
    public static final String REF_CONTENT = "containerd.io/gc.ref.content";
    /**
     * A snapshot this record keeps, by the namespace's name for it: the key is this, the snapshotter, and
     * optionally '/' and a suffix, e.g. {@code containerd.io/gc.ref.snapshot.overlayfs/1}.
     */
    public static final String REF_SNAPSHOT = "containerd.io/gc.ref.snapshot.";
    /** On a lease: when it ends, in RFC 3339. */
    public static final String EXPIRE = "containerd.io/gc.expire";
    /** On a lease: keep only what it holds itself, not what those reference. Any value. */
    public static final String FLAT = "containerd.io/gc.flat";

    private GcLabels() {
    }

    /** Whether a label key names a blob the record keeps. */
    public static boolean isContentReference(String key) {
        return key.equals(REF_CONTENT) || key.startsWith(REF_CONTENT + ".");
    }

    /**
     * The snapshotter of a label key that names a snapshot the record keeps, or empty for another key.
     */
    public static Optional<String> snapshotReference(String key) {
        if (!key.startsWith(REF_SNAPSHOT)) {
            return Optional.empty();
        }
        String snapshotter = key.substring(REF_SNAPSHOT.length());
        int suffix = snapshotter.indexOf('/');
        snapshotter = suffix < 0 ? snapshotter : snapshotter.substring(0, suffix);
        return snapshotter.isEmpty() ? Optional.empty() : Optional.of(snapshotter);
    }
}

package io.berth.api.snapshots;

/** What a snapshot is, as containerd names it. */
public enum Kind {
    /** Read-only, on a committed parent; never committed itself. */
    VIEW,
    /** Writable; committed into a new committed snapshot. */
    ACTIVE,
    /** Immutable; the parent of others. */
    COMMITTED
}

package io.berth.api.metadata;

import java.time.Instant;

import org.osgi.annotation.versioning.ProviderType;

/** One transaction of the {@link MetadataStore}: the record stores as that transaction sees them. */
@ProviderType
public interface Transaction {
    /** The namespaces and their labels. */
    NamespaceStore namespaces();

    /** The blobs each namespace references, and their labels. */
    ContentReferences contents();

    /** The images of each namespace. */
    ImageStore images();

    /** The leases of each namespace. */
    LeaseStore leases();

    /** The snapshots each namespace names, and the snapshotters' keys they map to. */
    SnapshotStore snapshots();

    /** The containers of each namespace. */
    ContainerStore containers();

    /** The records the named snapshotter keeps of its own snapshots. */
    SnapshotRecords snapshotRecords(String snapshotter);

    /**
     * Marks every record a root keeps alive and removes the rest, as containerd's garbage collection does.
     * Roots are images, containers (and their snapshots), live leases and blobs and snapshots labelled
     * {@link GcLabels#ROOT}; a record keeps what its {@link GcLabels#REF_CONTENT} and {@link GcLabels#REF_SNAPSHOT}
     * labels name, and a snapshot its parent; leases whose {@link GcLabels#EXPIRE} time has passed are removed
     * first. Only namespaces' references to blobs and snapshots are removed here: blobs and snapshots
     * themselves are the content store's and the snapshotters' to delete, from what the sweep reports.
     *
     * @param now the time leases expire against
     */
    Sweep sweep(Instant now);
}

package io.berth.api.metadata;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import io.berth.api.content.Digest;

/**
 * What a sweep of the records left and removed: the content store may then delete every blob outside
 * {@code referencedBlobs} and every ingest outside {@code leasedIngests} that is old enough, and each snapshotter
 * every snapshot outside its {@code referencedSnapshots} that existed before the sweep.
 *
 * @param referencedBlobs the blobs some namespace still references
 * @param leasedIngests the ingests a live lease holds, as the content store keys them ({@link IngestRefs})
 * @param removedReferences how many namespace references to blobs were removed
 * @param removedLeases how many expired leases were removed
 * @param referencedSnapshots per snapshotter, the backend keys some namespace still names; a snapshotter no
 *        namespace names any snapshot of is absent
 * @param removedSnapshots how many namespaces' snapshots were removed
 */
public record Sweep(Set<Digest> referencedBlobs, Set<String> leasedIngests, int removedReferences,
                    int removedLeases, Map<String, Set<String>> referencedSnapshots, int removedSnapshots) {
    public Sweep {
        referencedBlobs = Set.copyOf(referencedBlobs);
        leasedIngests = Set.copyOf(leasedIngests);
        Map<String, Set<String>> copy = new HashMap<>();
        referencedSnapshots.forEach((snapshotter, keys) -> copy.put(snapshotter, Set.copyOf(keys)));
        referencedSnapshots = Map.copyOf(copy);
    }

    /** A sweep of content only. */
    public Sweep(Set<Digest> referencedBlobs, Set<String> leasedIngests, int removedReferences, int removedLeases) {
        this(referencedBlobs, leasedIngests, removedReferences, removedLeases, Map.of(), 0);
    }

    /** The backend keys of the snapshotter that some namespace still names. */
    public Set<String> referencedSnapshots(String snapshotter) {
        return referencedSnapshots.getOrDefault(snapshotter, Set.of());
    }
}

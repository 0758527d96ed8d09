package io.berth.api.metadata;

import java.util.Set;

import io.berth.api.content.Digest;

/**
 * What a sweep of the records left and removed: the content store may then delete every blob outside
 * {@code referencedBlobs} and every ingest outside {@code leasedIngests} that is old enough.
 *
 * @param referencedBlobs the blobs some namespace still references
 * @param leasedIngests the ingests a live lease holds, as the content store keys them ({@link IngestRefs})
 * @param removedReferences how many namespace references to blobs were removed
 * @param removedLeases how many expired leases were removed
 */
public record Sweep(Set<Digest> referencedBlobs, Set<String> leasedIngests, int removedReferences,
                    int removedLeases) {
    public Sweep {
        referencedBlobs = Set.copyOf(referencedBlobs);
        leasedIngests = Set.copyOf(leasedIngests);
    }
}

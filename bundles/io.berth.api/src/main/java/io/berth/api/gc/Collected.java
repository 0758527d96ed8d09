package io.berth.api.gc;

import java.time.Duration;

/**
 * What one collection removed, and how long it took.
 *
 * @param references namespace references to blobs
 * @param leases expired leases
 * @param blobs blobs no namespace referenced any more
 * @param ingests ingests idle for longer than allowed and held by no lease
 * @param took the time the collection took
 * @param snapshotReferences namespaces' snapshots
 * @param snapshots snapshotters' snapshots no namespace named any more
 */
public record Collected(int references, int leases, int blobs, int ingests, Duration took, int snapshotReferences,
                        int snapshots) {
    /** A collection of content only. */
    public Collected(int references, int leases, int blobs, int ingests, Duration took) {
        this(references, leases, blobs, ingests, took, 0, 0);
    }
}

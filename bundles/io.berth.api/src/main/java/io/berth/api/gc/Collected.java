package io.berth.api.gc;

import java.time.Duration;

/**
 * What one collection removed, and how long it held the metadata store.
 *
 * @param references namespace references to blobs
 * @param leases expired leases
 * @param blobs blobs no namespace referenced any more
 * @param ingests ingests idle for longer than allowed and held by no lease
 * @param took the time the collection took
 */
public record Collected(int references, int leases, int blobs, int ingests, Duration took) {
}

package io.berth.gc;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.berth.api.content.ContentStore;
import io.berth.api.content.Digest;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.api.gc.Collected;
import io.berth.api.gc.GarbageCollector;
import io.berth.api.metadata.MetadataStore;
import io.berth.api.metadata.Sweep;

/**
 * One collection: the metadata's mark and sweep, then the blobs no namespace references and the idle ingests no
 * lease holds. All of it runs in one metadata write transaction, the same that commits add references in, so a
 * blob committed meanwhile is either referenced before the sweep or committed after it: never lost between.
 * Used as a {@link GarbageCollector} itself, it collects in the caller's thread, without a schedule: for
 * embedding outside the framework.
 */
public final class Collector implements GarbageCollector {
    private final MetadataStore metadata;
    private final ContentStore content;
    private final Duration ingestMaxAge;

    public Collector(MetadataStore metadata, ContentStore content, Duration ingestMaxAge) {
        this.metadata = metadata;
        this.content = content;
        this.ingestMaxAge = ingestMaxAge;
    }

    @Override
    public Collected collect() {
        return collect(Instant.now());
    }

    Collected collect(Instant now) {
        long start = System.nanoTime();
        return metadata.write(tx -> {
            Sweep sweep = tx.sweep(now);
            List<Digest> unreferenced = new ArrayList<>();
            content.walk(info -> !sweep.referencedBlobs().contains(info.digest()),
                    info -> unreferenced.add(info.digest()));
            int blobs = 0;
            for (Digest digest : unreferenced) {
                blobs += delete(digest) ? 1 : 0;
            }
            int ingests = content.cleanupIngests(now.minus(ingestMaxAge), sweep.leasedIngests()::contains);
            return new Collected(sweep.removedReferences(), sweep.removedLeases(), blobs, ingests,
                    Duration.ofNanos(System.nanoTime() - start));
        });
    }

    /** A blob already gone is no failure: the collection wanted it gone. */
    private boolean delete(Digest digest) {
        try {
            content.delete(digest);
            return true;
        } catch (BerthException e) {
            if (e.kind() == ErrorKind.NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }
}

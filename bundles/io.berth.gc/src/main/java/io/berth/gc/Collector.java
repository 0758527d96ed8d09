package io.berth.gc;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.berth.api.content.ContentStore;
import io.berth.api.content.Digest;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.api.gc.Collected;
import io.berth.api.gc.GarbageCollector;
import io.berth.api.metadata.MetadataStore;
import io.berth.api.metadata.Sweep;
import io.berth.api.snapshots.Snapshotter;

/**
 * One collection: the metadata's mark and sweep, then the blobs no namespace references and the idle ingests no
 * lease holds, then the snapshots no namespace names. The sweep and the blobs run in one metadata write
 * transaction, the same that commits add references in, so a blob committed meanwhile is either referenced
 * before the sweep or committed after it: never lost between. Snapshotters write records of their own, so their
 * snapshots go after that transaction, and only those that already existed before the sweep: a namespace names a
 * snapshot before its snapshotter creates it, so what existed before the sweep and was not named by it is no
 * namespace's any more, while what was created later is not touched. Used as a {@link GarbageCollector} itself,
 * it collects in the caller's thread, without a schedule: for embedding outside the framework.
 */
public final class Collector implements GarbageCollector {
    private final MetadataStore metadata;
    private final ContentStore content;
    private final Supplier<Map<String, Snapshotter>> snapshotters;
    private final Duration ingestMaxAge;

    /** A collector of content only. */
    public Collector(MetadataStore metadata, ContentStore content, Duration ingestMaxAge) {
        this(metadata, content, Map::of, ingestMaxAge);
    }

    /**
     * @param snapshotters the snapshotters by plugin id, as they are at the start of each collection
     */
    public Collector(MetadataStore metadata, ContentStore content, Supplier<Map<String, Snapshotter>> snapshotters,
                     Duration ingestMaxAge) {
        this.metadata = metadata;
        this.content = content;
        this.snapshotters = snapshotters;
        this.ingestMaxAge = ingestMaxAge;
    }

    @Override
    public Collected collect() {
        return collect(Instant.now());
    }

    Collected collect(Instant now) {
        long start = System.nanoTime();
        Map<String, Snapshotter> backends = Map.copyOf(snapshotters.get());
        Map<String, BackendSnapshots> before = new HashMap<>();
        backends.forEach((id, backend) -> before.put(id, BackendSnapshots.of(backend)));
        int[] removed = new int[2];
        Sweep sweep = metadata.write(tx -> {
            Sweep swept = tx.sweep(now);
            List<Digest> unreferenced = new ArrayList<>();
            content.walk(info -> !swept.referencedBlobs().contains(info.digest()),
                    info -> unreferenced.add(info.digest()));
            for (Digest digest : unreferenced) {
                removed[0] += delete(digest) ? 1 : 0;
            }
            removed[1] = content.cleanupIngests(now.minus(ingestMaxAge), swept.leasedIngests()::contains);
            return swept;
        });
        int snapshots = 0;
        for (Map.Entry<String, Snapshotter> backend : backends.entrySet()) {
            snapshots += before.get(backend.getKey()).removeAllBut(sweep.referencedSnapshots(backend.getKey()));
            backend.getValue().cleanup();
        }
        return new Collected(sweep.removedReferences(), sweep.removedLeases(), removed[0], removed[1],
                Duration.ofNanos(System.nanoTime() - start), sweep.removedSnapshots(), snapshots);
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

package io.berth.images;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.berth.api.content.ContentStore;
import io.berth.api.content.ContentWriter;
import io.berth.api.content.Descriptor;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.api.images.PullListener;
import io.berth.api.images.PullProgress;
import io.berth.api.images.PullProgress.State;
import io.berth.api.metadata.IngestRefs;
import io.berth.api.metadata.LeaseResource;
import io.berth.api.metadata.MetadataStore;
import io.berth.api.metadata.Transaction;

/**
 * Puts fetched blobs into one namespace's content under one lease, as the content service does for a client:
 * an ingest the lease holds, committed in the metadata transaction that adds the namespace's reference, after
 * which the lease holds the blob. A blob the namespace references already is not fetched again, and one another
 * namespace committed is only referenced. One pull at a time fetches a blob: another waits and then references it.
 * The ingest of a pull that was interrupted (the daemon killed, the connection lost) is resumed where it ended.
 */
final class NamespaceBlobs {
    /** A blob's bytes from an offset on. */
    @FunctionalInterface
    interface Source {
        InputStream from(long offset);
    }

    private static final int CHUNK = 1 << 16;
    /**
     * Bytes between two reports of a download's progress: every report is a message to the client, and one per
     * read of the HTTP body (a few KiB) would cost the pull more than its bars are worth.
     */
    private static final long PROGRESS_STEP = 1 << 20;

    private final ContentStore store;
    private final MetadataStore metadata;
    private final String namespace;
    private final String lease;
    private final PullListener progress;
    private final InFlightLocks inFlight;

    NamespaceBlobs(ContentStore store, MetadataStore metadata, String namespace, String lease,
                   PullListener progress, InFlightLocks inFlight) {
        this.inFlight = inFlight;
        this.store = store;
        this.metadata = metadata;
        this.namespace = namespace;
        this.lease = lease;
        this.progress = progress;
    }

    /**
     * Makes {@code blob} part of the namespace's content with {@code labels} added to its own, fetching it from
     * {@code source} only when no namespace has it.
     *
     * @throws BerthException what the source throws (DATA_LOSS for other bytes than the digest's), or
     *         FAILED_PRECONDITION when the bytes do not match the descriptor
     */
    void store(Descriptor blob, Map<String, String> labels, Source source) {
        store(blob, labels, source, LayerStream.declined());
    }

    /**
     * As {@link #store(Descriptor, Map, Source)}, handing every byte to {@code follower} as well when the blob is
     * downloaded from its start.
     */
    void store(Descriptor blob, Map<String, String> labels, Source source, LayerStream follower) {
        try (InFlightLocks.Held held = inFlight.acquire(InFlightLocks.blob(blob.digest()))) {
            storeAlone(blob, labels, source, follower);
        } catch (RuntimeException e) {
            follower.fail(e);
            throw e;
        } finally {
            follower.decline();
        }
    }

    private void storeAlone(Descriptor blob, Map<String, String> labels, Source source, LayerStream follower) {
        if (referenceExisting(blob, labels)) {
            progress.progress(new PullProgress(blob, blob.size(), blob.size(), State.EXISTS));
            return;
        }
        String ref = "pull-" + blob.digest();
        String storeRef = IngestRefs.toStore(namespace, ref);
        metadata.write(tx -> {
            tx.leases().addResource(namespace, lease, new LeaseResource(ref, LeaseResource.INGESTS));
            return null;
        });
        try (ContentWriter writer = store.writer(storeRef, blob.size(), null)) {
            if (writer.offset() > blob.size()) {
                writer.truncate(0);
            }
            copy(blob, source, writer, follower);
            metadata.write(tx -> {
                try {
                    writer.commit(blob.size(), blob.digest());
                } catch (BerthException e) {
                    if (e.kind() != ErrorKind.ALREADY_EXISTS) {
                        throw e;
                    }
                }
                tx.contents().add(namespace, blob.digest(), blob.size(), labels);
                hold(tx, blob);
                tx.leases().deleteResource(namespace, lease, new LeaseResource(ref, LeaseResource.INGESTS));
                return null;
            });
        } catch (RuntimeException e) {
            abortAfter(e, storeRef);
            throw e;
        }
        progress.progress(new PullProgress(blob, blob.size(), blob.size(), State.FETCHED));
    }

    /** Adds labels to a blob of the namespace's, as containerd's content update does. */
    void label(Descriptor blob, Map<String, String> labels) {
        metadata.write(tx -> tx.contents().update(namespace, blob.digest(), labels, labelPaths(labels)));
    }

    /**
     * References a blob that the store has already, inside the transaction so that garbage collection, which runs
     * in one too, cannot remove it in between.
     */
    private boolean referenceExisting(Descriptor blob, Map<String, String> labels) {
        return metadata.write(tx -> {
            if (has(() -> tx.contents().get(namespace, blob.digest()))) {
                if (!labels.isEmpty()) {
                    tx.contents().update(namespace, blob.digest(), labels, labelPaths(labels));
                }
                hold(tx, blob);
                return true;
            }
            if (has(() -> store.info(blob.digest()))) {
                tx.contents().add(namespace, blob.digest(), blob.size(), labels);
                hold(tx, blob);
                return true;
            }
            return false;
        });
    }

    private void hold(Transaction tx, Descriptor blob) {
        tx.leases().addResource(namespace, lease, new LeaseResource(blob.digest().toString(), LeaseResource.CONTENT));
    }

    /** Appends what the ingest lacks of the blob: all of it, or the rest after an interrupted pull. */
    private void copy(Descriptor blob, Source source, ContentWriter writer, LayerStream follower) {
        byte[] buffer = new byte[CHUNK];
        long done = writer.offset();
        if (done == blob.size()) {
            return;
        }
        long reported = done - PROGRESS_STEP;
        try (InputStream in = source.from(done)) {
            if (done == 0) {
                follower.start();
            }
            for (int read; (read = in.read(buffer)) >= 0; ) {
                writer.write(buffer, 0, read);
                follower.write(buffer, 0, read);
                done += read;
                if (done - reported >= PROGRESS_STEP) {
                    progress.progress(new PullProgress(blob, done, blob.size(), State.FETCHING));
                    reported = done;
                }
            }
            follower.end();
        } catch (IOException e) {
            throw new BerthException(ErrorKind.UNAVAILABLE, "fetching " + blob.digest() + ": " + e.getMessage(), e);
        }
    }

    private void abortAfter(RuntimeException failure, String storeRef) {
        try {
            store.abort(storeRef);
        } catch (RuntimeException e) {
            if (!(e instanceof BerthException gone && gone.kind() == ErrorKind.NOT_FOUND)) {
                failure.addSuppressed(e);
            }
        }
    }

    private static List<String> labelPaths(Map<String, String> labels) {
        List<String> paths = new ArrayList<>();
        labels.keySet().forEach(key -> paths.add("labels." + key));
        return paths;
    }

    private static boolean has(Runnable lookup) {
        try {
            lookup.run();
            return true;
        } catch (BerthException e) {
            if (e.kind() == ErrorKind.NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }
}

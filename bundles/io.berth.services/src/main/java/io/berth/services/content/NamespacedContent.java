package io.berth.services.content;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.berth.api.content.ContentStore;
import io.berth.api.content.ContentWriter;
import io.berth.api.content.Digest;
import io.berth.api.content.Info;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.api.metadata.IngestRefs;
import io.berth.api.metadata.LeaseResource;
import io.berth.api.events.EventPublisher;
import io.berth.api.metadata.MetadataStore;
import io.berth.api.metadata.Transaction;
import io.berth.filters.Filter;
import io.berth.proto.containerd.events.ContentCreate;
import io.berth.proto.containerd.events.ContentDelete;
import io.berth.services.events.ProtoEvents;

/**
 * The content store as one namespace sees it, as containerd's metadata layer presents it: a blob is
 * visible only once the namespace references it, labels are the namespace's own, and ingests are the
 * namespace's own. The blobs themselves are shared between namespaces. As there, a committed blob and a
 * removed reference are published as {@code /content/create} and {@code /content/delete}.
 */
public final class NamespacedContent {
    private final ContentStore store;
    private final MetadataStore metadata;
    private final EventPublisher events;

    public NamespacedContent(ContentStore store, MetadataStore metadata, EventPublisher events) {
        this.store = store;
        this.metadata = metadata;
        this.events = events;
    }

    public Info info(String namespace, Digest digest) {
        return metadata.read(tx -> tx.contents().get(namespace, digest));
    }

    public boolean references(String namespace, Digest digest) {
        try {
            info(namespace, digest);
            return true;
        } catch (BerthException e) {
            if (e.kind() == ErrorKind.NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    Info update(String namespace, Digest digest, Map<String, String> labels, List<String> fieldPaths) {
        return metadata.write(tx -> tx.contents().update(namespace, digest, labels, fieldPaths));
    }

    List<Info> list(String namespace, Filter filter) {
        List<Info> all = metadata.read(tx -> tx.contents().list(namespace));
        return all.stream().filter(info -> filter.match(ContentMessages.fields(info))).toList();
    }

    /** Removes only the namespace's reference: garbage collection removes blobs no namespace references. */
    void delete(String namespace, Digest digest) {
        metadata.write(tx -> {
            tx.contents().remove(namespace, digest);
            return null;
        });
        ProtoEvents.publish(events, namespace, "/content/delete",
                ContentDelete.newBuilder().setDigest(digest.toString()).build());
    }

    /** Reads as containerd does: an offset or size below 0 counts as 0, a size of 0 reads to the end. */
    InputStream read(String namespace, Digest digest, long offset, long size) {
        info(namespace, digest);
        return store.read(digest, Math.max(0, offset), Math.max(0, size));
    }

    io.berth.api.content.Status status(String namespace, String ref) {
        try {
            return store.status(IngestRefs.toStore(namespace, ref));
        } catch (BerthException e) {
            throw inTheClientsRef(e, "could not get status for ref \"" + ref + "\": ", ref);
        }
    }

    /** The namespace's ingests that the filter accepts, each with the client's ref. */
    List<Map.Entry<String, io.berth.api.content.Status>> listStatuses(String namespace, Filter filter) {
        List<Map.Entry<String, io.berth.api.content.Status>> found = new ArrayList<>();
        for (io.berth.api.content.Status status : store.listStatuses(s -> true)) {
            IngestRefs.fromStore(namespace, status.ref())
                    .filter(ref -> filter.match(ContentMessages.fields(ref)))
                    .ifPresent(ref -> found.add(Map.entry(ref, status)));
        }
        return found;
    }

    public void abort(String namespace, String ref) {
        try {
            store.abort(IngestRefs.toStore(namespace, ref));
        } catch (BerthException e) {
            throw inTheClientsRef(e, "", ref);
        }
    }

    /** The store's NOT_FOUND names its own key for the ingest; the client is told of its ref, in containerd's words. */
    private static BerthException inTheClientsRef(BerthException e, String context, String ref) {
        if (e.kind() != ErrorKind.NOT_FOUND) {
            return e;
        }
        return new BerthException(ErrorKind.NOT_FOUND, context + "reference " + ref + ": not found", e);
    }

    /**
     * Opens or resumes the namespace's ingest, held by the lease when there is one. The expected digest is left
     * to the commit, as containerd does: the store would refuse a blob another namespace holds, yet this
     * namespace must still write it to see it.
     *
     * @throws BerthException NOT_FOUND when the lease does not exist
     */
    public ContentWriter writer(String namespace, Optional<String> lease, String ref, long total) {
        lease.ifPresent(id -> metadata.write(tx -> {
            tx.leases().addResource(namespace, id, new LeaseResource(ref, LeaseResource.INGESTS));
            return null;
        }));
        return store.writer(IngestRefs.toStore(namespace, ref), total, null);
    }

    /**
     * Lets the lease hold a blob the namespace references already instead of the ingest {@code ref}, as containerd
     * does for a writer that finds its expected blob present: the client's lease then keeps it as if written.
     */
    public void holdExisting(String namespace, Optional<String> lease, String ref, Digest digest) {
        lease.ifPresent(id -> metadata.write(tx -> {
            holdBlob(tx, namespace, id, ref, digest);
            return null;
        }));
    }

    private static void holdBlob(Transaction tx, String namespace, String lease, String ref, Digest digest) {
        tx.leases().addResource(namespace, lease, new LeaseResource(digest.toString(), LeaseResource.CONTENT));
        tx.leases().deleteResource(namespace, lease, new LeaseResource(ref, LeaseResource.INGESTS));
    }

    /**
     * Commits the ingest and adds the namespace's reference with the labels; the lease, when there is one, then
     * holds the blob instead of the ingest. A blob that another namespace already committed is verified the same
     * way and then only referenced. The store's commit runs in the metadata transaction that adds the reference,
     * so that garbage collection, which runs in one too, never sees the blob unreferenced.
     *
     * @return the committed blob's digest
     * @throws BerthException ALREADY_EXISTS when the namespace references the blob already,
     *         FAILED_PRECONDITION when the size or digest differ from those expected
     */
    public Digest commit(String namespace, Optional<String> lease, String ref, ContentWriter writer, long total,
                  Digest expected, Map<String, String> labels) {
        if (expected != null && references(namespace, expected)) {
            throw BerthException.alreadyExists("content %s: already exists", expected);
        }
        long size = writer.offset();
        if (total > 0 && total != size) {
            // In containerd's words, which name the client's ref; the store's own would name its key.
            throw BerthException.failedPrecondition("\"%s\" failed size validation: %d != %d", ref, size, total);
        }
        // The commit checks the expected digest, whichever algorithm it names; the writer hashes with its own.
        Digest digest = expected != null ? expected : writer.digest();
        metadata.write(tx -> {
            try {
                writer.commit(total, expected);
            } catch (BerthException e) {
                if (e.kind() != ErrorKind.ALREADY_EXISTS) {
                    throw e;
                }
            }
            tx.contents().add(namespace, digest, size, labels);
            lease.ifPresent(id -> holdBlob(tx, namespace, id, ref, digest));
            return null;
        });
        ProtoEvents.publish(events, namespace, "/content/create",
                ContentCreate.newBuilder().setDigest(digest.toString()).setSize(size).build());
        return digest;
    }
}

package io.berth.services.content;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.Optional;

import io.berth.api.content.ContentWriter;
import io.berth.api.content.Digest;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.proto.containerd.types.Descriptor;

/**
 * A blob a service makes (a diff, a checkpoint) written into a namespace's content through one ingest under the
 * request's lease. A blob the namespace holds already is answered as it is, and the lease then holds it. On a
 * failure the ingest goes if the service named it; a client's stays for the client to see.
 */
public final class IngestBlob {
    /** What writes the blob's bytes, and what it says of them. */
    @FunctionalInterface
    public interface Body<T> {
        T writeTo(OutputStream out) throws IOException;
    }

    private static final int BUFFER = 64 * 1024;

    private final NamespacedContent content;
    private final String namespace;
    private final Optional<String> lease;
    private final String ref;
    private final boolean ownRef;
    private final ContentWriter writer;

    private IngestBlob(NamespacedContent content, String namespace, Optional<String> lease, String ref,
                       boolean ownRef) {
        this.content = content;
        this.namespace = namespace;
        this.lease = lease;
        this.ref = ref;
        this.ownRef = ownRef;
        this.writer = content.writer(namespace, lease, ref, 0);
    }

    /**
     * Opens the ingest {@code ref}, started over if it holds anything.
     *
     * @param ownRef whether the service named the ref itself, so that a failure removes the ingest
     */
    public static IngestBlob open(NamespacedContent content, String namespace, Optional<String> lease, String ref,
                                  boolean ownRef) {
        IngestBlob blob = new IngestBlob(content, namespace, lease, ref, ownRef);
        if (blob.writer.offset() > 0) {
            blob.writer.truncate(0);
        }
        return blob;
    }

    /**
     * Writes the blob's bytes.
     *
     * @param what what the bytes are, for the message of a failure
     * @throws BerthException what the body throws, or INTERNAL when it fails to write
     */
    public <T> T write(String what, Body<T> body) {
        try (OutputStream out = new BufferedOutputStream(new ContentWriterStream(writer), BUFFER)) {
            return body.writeTo(out);
        } catch (IOException e) {
            discard();
            throw new BerthException(ErrorKind.INTERNAL, "writing " + what + " to ingest " + ref + ": "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            discard();
            throw e;
        }
    }

    /** Commits what was written as a blob of {@code mediaType} with {@code labels}, and describes it. */
    public Descriptor commit(String mediaType, Map<String, String> labels) {
        Digest digest = writer.digest();
        long size = writer.offset();
        try {
            content.commit(namespace, lease, ref, writer, 0, digest, labels);
        } catch (BerthException e) {
            if (e.kind() != ErrorKind.ALREADY_EXISTS) {
                discard();
                throw e;
            }
            writer.close();
            content.holdExisting(namespace, lease, ref, digest);
            content.abort(namespace, ref);
        }
        return Descriptor.newBuilder().setMediaType(mediaType).setDigest(digest.toString()).setSize(size).build();
    }

    /** Ends the writer; an ingest the service named itself goes too. */
    private void discard() {
        writer.close();
        if (ownRef) {
            try {
                content.abort(namespace, ref);
            } catch (BerthException e) {
                if (e.kind() != ErrorKind.NOT_FOUND) {
                    throw e;
                }
            }
        }
    }
}

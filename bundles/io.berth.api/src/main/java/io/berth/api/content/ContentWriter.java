package io.berth.api.content;

import java.nio.ByteBuffer;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One open ingest. It holds its ref's lock until it is committed or closed; closing without a commit
 * keeps what was written, so a later {@link ContentStore#writer} with the same ref resumes at its offset.
 * Not safe for concurrent use.
 */
@ProviderType
public interface ContentWriter extends AutoCloseable {
    /**
     * Appends all remaining bytes of {@code data} and hashes them.
     *
     * Bytes past the size announced when the writer was opened are taken, as in containerd; the commit refuses them.
     *
     * @throws io.berth.api.errors.BerthException FAILED_PRECONDITION when the writer is committed or closed
     */
    void write(ByteBuffer data);

    /** Appends {@code length} bytes of {@code data} from {@code offset}; see {@link #write(ByteBuffer)}. */
    default void write(byte[] data, int offset, int length) {
        write(ByteBuffer.wrap(data, offset, length));
    }

    /** Appends all of {@code data}; see {@link #write(ByteBuffer)}. */
    default void write(byte[] data) {
        write(ByteBuffer.wrap(data));
    }

    /** How many bytes the ingest holds, including those written before it was resumed. */
    long offset();

    /** The digest of everything written so far. */
    Digest digest();

    /** The ingest's progress. */
    Status status();

    /**
     * Discards everything written and starts again at offset 0.
     *
     * @throws io.berth.api.errors.BerthException INVALID_ARGUMENT for any size but 0, as in containerd
     */
    void truncate(long size);

    /**
     * Makes the content a blob, verified and durable, and ends the writer whatever the outcome.
     *
     * @param size the expected size, or 0 to check only the size announced when the writer was opened (if any)
     * @param expected the expected digest, or null to check only the one announced when it was opened (if any);
     *        it may use another algorithm than the one the writer hashes with, and the blob is stored under it
     * @throws io.berth.api.errors.BerthException FAILED_PRECONDITION naming both values when the size or digest
     *         differ (the ingest is kept, to resume or abort); ALREADY_EXISTS when the blob is already
     *         present (the ingest is removed)
     */
    void commit(long size, Digest expected);

    /** Ends the writer without committing; the ingest stays for resumption. Does nothing when already ended. */
    @Override
    void close();
}

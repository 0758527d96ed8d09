package io.berth.api.content;

import java.nio.ByteBuffer;

import org.osgi.annotation.versioning.ProviderType;

/** Random access to one committed blob. Safe for concurrent reads; close it when done. */
@ProviderType
public interface ReaderAt extends AutoCloseable {
    /** The blob's length in bytes. */
    long size();

    /**
     * Reads bytes starting at {@code position} into {@code dst}, as many as fit or remain.
     *
     * @return how many bytes were read, or -1 when {@code position} is at or past the end
     */
    int read(ByteBuffer dst, long position);

    @Override
    void close();
}

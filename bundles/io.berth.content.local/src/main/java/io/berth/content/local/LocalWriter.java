package io.berth.content.local;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Optional;

import io.berth.api.content.ContentWriter;
import io.berth.api.content.Digest;
import io.berth.api.content.DigestAlgorithm;
import io.berth.api.content.Status;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;

/**
 * Writes one ingest's data file and hashes the bytes as they pass, so committing needs no second read.
 * Holds the ingest's lock from opening until commit or close.
 */
final class LocalWriter implements ContentWriter {
    private final Blobs blobs;
    private final RefLocks locks;
    private final IngestDir ingest;
    private final String ingestName;
    private final String ref;
    private final DigestAlgorithm algorithm;
    private final MessageDigest hasher;
    private final Digest expected;
    private final Instant startedAt;
    private final long total;
    /** Null once committed or closed. */
    private FileChannel channel;
    private long offset;
    private Instant updatedAt;

    LocalWriter(Blobs blobs, RefLocks locks, IngestDir ingest, String ingestName, Status resumed,
                DigestAlgorithm algorithm, MessageDigest hasher, Digest expected, FileChannel channel) {
        this.blobs = blobs;
        this.locks = locks;
        this.ingest = ingest;
        this.ingestName = ingestName;
        this.ref = resumed.ref();
        this.algorithm = algorithm;
        this.hasher = hasher;
        this.expected = expected;
        this.startedAt = resumed.startedAt();
        this.updatedAt = resumed.updatedAt();
        this.total = resumed.total();
        this.offset = resumed.offset();
        this.channel = channel;
    }

    @Override
    public void write(ByteBuffer data) {
        FileChannel open = requireOpen("write to");
        // Bytes past the announced total are taken, as containerd takes them: the commit refuses the size.
        int length = data.remaining();
        ByteBuffer hashed = data.duplicate();
        try {
            while (data.hasRemaining()) {
                open.write(data);
            }
        } catch (IOException e) {
            // What reached the file is unknown: end here, and a resumed writer re-hashes the file.
            release();
            throw IoFailures.of("cannot write to ref " + ref, e);
        }
        hasher.update(hashed);
        offset += length;
        updatedAt = Instant.now();
    }

    @Override
    public long offset() {
        return offset;
    }

    @Override
    public Digest digest() {
        try {
            return Digest.of(algorithm, ((MessageDigest) hasher.clone()).digest());
        } catch (CloneNotSupportedException e) {
            throw new BerthException(ErrorKind.INTERNAL, "the JDK's " + algorithm.id() + " cannot report a digest "
                    + "before the end of ref " + ref, e);
        }
    }

    @Override
    public Status status() {
        return new Status(ref, offset, total, Optional.ofNullable(expected), startedAt, updatedAt);
    }

    @Override
    public void truncate(long size) {
        FileChannel open = requireOpen("truncate");
        if (size != 0) {
            throw BerthException.invalidArgument("ref %s can only be truncated to 0 bytes, not %d", ref, size);
        }
        try {
            open.truncate(0);
            open.position(0);
        } catch (IOException e) {
            release();
            throw IoFailures.of("cannot truncate ref " + ref, e);
        }
        hasher.reset();
        offset = 0;
        updatedAt = Instant.now();
    }

    @Override
    public void commit(long size, Digest expectedDigest) {
        FileChannel open = requireOpen("commit");
        channel = null;
        try {
            open.force(true);
            long written = open.size();
            long wantedSize = size > 0 ? size : total;
            if (wantedSize > 0 && wantedSize != written) {
                throw BerthException.failedPrecondition("unexpected commit size %d, expected %d", written, wantedSize);
            }
            Digest wanted = expectedDigest != null ? expectedDigest : expected;
            // A digest of another algorithm than the one hashed while writing is checked by reading the data again.
            Digest actual = wanted != null && wanted.algorithm() != algorithm
                    ? Ingests.hash(open, wanted.algorithm())
                    : Digest.of(algorithm, hasher.digest());
            open.close();
            if (wanted != null && !wanted.equals(actual)) {
                throw BerthException.failedPrecondition("unexpected commit digest %s, expected %s", actual, wanted);
            }
            blobs.publish(ingest, actual);
        } catch (IOException e) {
            throw IoFailures.of("cannot commit ref " + ref, e);
        } finally {
            closeQuietly(open);
            locks.unlock(ingestName);
        }
    }

    @Override
    public void close() {
        FileChannel open = channel;
        if (open == null) {
            return;
        }
        try {
            // Synced so that a resumed writer finds what this one reported as written.
            open.force(false);
            ingest.writeTimestamp(Layout.UPDATED_AT, updatedAt);
        } catch (IOException e) {
            throw IoFailures.of("cannot close ref " + ref, e);
        } finally {
            release();
        }
    }

    private FileChannel requireOpen(String action) {
        if (channel == null) {
            throw BerthException.failedPrecondition("cannot %s ref %s: its writer was committed or closed", action, ref);
        }
        return channel;
    }

    private void release() {
        closeQuietly(channel);
        channel = null;
        locks.unlock(ingestName);
    }

    private static void closeQuietly(FileChannel open) {
        if (open == null) {
            return;
        }
        try {
            open.close();
        } catch (IOException ignored) {
            // Nothing to keep from a channel being given up; the data file is re-read on resumption.
        }
    }
}

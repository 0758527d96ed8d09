package io.berth.api.content;

import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.osgi.annotation.versioning.ProviderType;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;

/**
 * Content-addressed blobs (containerd's {@code content.Store}): every blob is verified against its digest
 * before it becomes visible, and is written through an ingest keyed by a client-chosen ref that survives
 * disconnects and restarts. Filters in containerd's syntax reach {@link #walk} and {@link #listStatuses} as
 * predicates over {@link Info#field} and {@link Status#field}.
 *
 * <p>Every failure is a {@link BerthException} whose kind says what the caller can do about it.
 */
@ProviderType
public interface ContentStore {
    /**
     * The committed blob {@code digest}.
     *
     * @throws BerthException NOT_FOUND when there is none
     */
    Info info(Digest digest);

    /**
     * Changes a blob's labels: all of them when {@code fieldpaths} is empty or holds {@code labels},
     * else only the {@code labels.<key>} named (an absent or empty value removes the label).
     *
     * @throws BerthException NOT_FOUND for a missing blob, INVALID_ARGUMENT for another field,
     *         FAILED_PRECONDITION for a store that keeps no labels
     */
    Info update(Info info, List<String> fieldpaths);

    /** Calls {@code visitor} with each committed blob that {@code filter} accepts, in no particular order. */
    void walk(Predicate<? super Info> filter, Consumer<? super Info> visitor);

    /**
     * Removes the blob {@code digest}.
     *
     * @throws BerthException NOT_FOUND when there is none
     */
    void delete(Digest digest);

    /**
     * Opens the blob {@code digest} for random access.
     *
     * @throws BerthException NOT_FOUND when there is none
     */
    ReaderAt readerAt(Digest digest);

    /**
     * Reads {@code size} bytes of the blob {@code digest} from {@code offset}, as containerd's Read does:
     * a size of 0, or one that runs past the end, reads to the end.
     *
     * @throws BerthException NOT_FOUND for a missing blob, INVALID_ARGUMENT for a negative offset or size,
     *         OUT_OF_RANGE for an offset past the end
     */
    default InputStream read(Digest digest, long offset, long size) {
        if (offset < 0 || size < 0) {
            throw BerthException.invalidArgument("read of %s needs a non-negative offset and size, got %d and %d",
                    digest, offset, size);
        }
        ReaderAt reader = readerAt(digest);
        long length = reader.size();
        if (offset > length) {
            reader.close();
            throw new BerthException(ErrorKind.OUT_OF_RANGE, "read past object length %d bytes".formatted(length));
        }
        long end = size == 0 || size > length - offset ? length : offset + size;
        return new ReaderAtInputStream(reader, offset, end);
    }

    /**
     * Opens the ingest {@code ref}, or resumes it at its stored offset when it exists.
     *
     * @param ref the ingest's key; any non-empty text, it never becomes a path
     * @param expectedSize the size the content will have, or 0 when unknown; a commit of another size is refused
     * @param expectedDigest the digest it will have, or null when unknown; it picks the hash algorithm
     * @throws BerthException INVALID_ARGUMENT for an empty ref or a negative size; UNAVAILABLE when another
     *         writer holds the ref; ALREADY_EXISTS when {@code expectedDigest} is already committed
     */
    ContentWriter writer(String ref, long expectedSize, Digest expectedDigest);

    /**
     * The progress of the ingest {@code ref}.
     *
     * @throws BerthException NOT_FOUND when there is no such ingest
     */
    Status status(String ref);

    /** The ingests that {@code filter} accepts, in no particular order. */
    List<Status> listStatuses(Predicate<? super Status> filter);

    /**
     * Removes the ingest {@code ref} and what was written to it.
     *
     * @throws BerthException NOT_FOUND when there is no such ingest; UNAVAILABLE while a writer holds it
     */
    void abort(String ref);

    /**
     * Removes every ingest last written before {@code olderThan} that no writer holds and {@code keep} does not
     * accept by its ref, and the leftovers of interrupted ones. For garbage collection, which keeps leased ingests.
     *
     * @return how many ingests were removed
     */
    int cleanupIngests(Instant olderThan, Predicate<String> keep);
}

package io.berth.content.local;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import io.berth.api.content.ContentWriter;
import io.berth.api.content.Digest;
import io.berth.api.content.DigestAlgorithm;
import io.berth.api.content.Status;
import io.berth.api.errors.BerthException;
import io.berth.linux.Trees;

/** The ingests under {@code ingest/}: opening or resuming writers, their status, abort and cleanup. */
final class Ingests {
    /** Large enough that re-hashing a resumed ingest runs at the disk's and the hash's speed. */
    private static final int REHASH_BUFFER = 1 << 20;

    private final Layout layout;
    private final Blobs blobs;
    private final RefLocks locks = new RefLocks();

    Ingests(Layout layout, Blobs blobs) {
        this.layout = layout;
        this.blobs = blobs;
    }

    /** Removes what interrupted aborts left: no writer can be using it. */
    void removeLeftovers() throws IOException {
        for (Path entry : entries()) {
            if (!Layout.isIngestName(entry.getFileName().toString())) {
                Trees.deleteRecursively(entry);
            }
        }
    }

    ContentWriter open(String ref, long total, Digest expected) {
        requireRef(ref);
        if (total < 0) {
            throw BerthException.invalidArgument("expected size of ref %s must not be negative, got %d", ref, total);
        }
        if (expected != null && blobs.exists(expected)) {
            throw Blobs.alreadyExists(expected);
        }
        String name = Layout.ingestName(ref);
        locks.lock(name, ref);
        try {
            return openLocked(ref, name, total, expected);
        } catch (IOException e) {
            locks.unlock(name);
            throw IoFailures.of("cannot open ref " + ref, e);
        } catch (RuntimeException e) {
            locks.unlock(name);
            throw e;
        }
    }

    private ContentWriter openLocked(String ref, String name, long total, Digest expected) throws IOException {
        Files.createDirectories(layout.ingests());
        IngestDir ingest = new IngestDir(layout.ingests().resolve(name));
        DigestAlgorithm algorithm = expected == null ? DigestAlgorithm.SHA256 : expected.algorithm();
        MessageDigest hasher = algorithm.newMessageDigest();
        Optional<Status> stored = ingest.read().filter(status -> resumable(status, ref, total));
        Status start;
        if (stored.isPresent()) {
            start = stored.get();
            if (start.total() == 0 && total > 0) {
                ingest.writeTotal(total);
                start = new Status(ref, start.offset(), total, Optional.empty(), start.startedAt(), start.updatedAt());
            }
        } else {
            // New, or unusable (incomplete, another total): start over, as containerd does.
            Instant now = Instant.now();
            ingest.create(ref, total, now);
            start = new Status(ref, 0, total, Optional.empty(), now, now);
        }
        FileChannel channel = FileChannel.open(ingest.data(), StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            long offset = rehash(channel, hasher);
            channel.position(offset);
            Status resumed = new Status(ref, offset, start.total(), Optional.empty(), start.startedAt(),
                    start.updatedAt());
            return new LocalWriter(blobs, locks, ingest, name, resumed, algorithm, hasher, expected, channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static boolean resumable(Status stored, String ref, long total) {
        // A different ref means a damaged ref file: the name is the ref's hash.
        return stored.ref().equals(ref) && (total == 0 || stored.total() == 0 || stored.total() == total);
    }

    /** The digest of everything in the data file, by another algorithm than the writer's. */
    static Digest hash(FileChannel channel, DigestAlgorithm algorithm) throws IOException {
        MessageDigest hasher = algorithm.newMessageDigest();
        rehash(channel, hasher);
        return Digest.of(algorithm, hasher.digest());
    }

    /** The hash state is not stored: it is rebuilt from the data written so far. */
    private static long rehash(FileChannel channel, MessageDigest hasher) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocateDirect(REHASH_BUFFER);
        long position = 0;
        int read;
        while ((read = channel.read(buffer, position)) >= 0) {
            buffer.flip();
            hasher.update(buffer);
            buffer.clear();
            position += read;
        }
        return position;
    }

    Status status(String ref) {
        requireRef(ref);
        try {
            return new IngestDir(layout.ingests().resolve(Layout.ingestName(ref))).read()
                    .orElseThrow(() -> notFound(ref));
        } catch (IOException e) {
            throw IoFailures.of("cannot read the status of ref " + ref, e);
        }
    }

    List<Status> list(Predicate<? super Status> filter) {
        List<Status> statuses = new ArrayList<>();
        try {
            for (Path entry : entries()) {
                if (Layout.isIngestName(entry.getFileName().toString())) {
                    new IngestDir(entry).read().filter(filter).ifPresent(statuses::add);
                }
            }
        } catch (IOException e) {
            throw IoFailures.of("cannot list the ingests in " + layout.ingests(), e);
        }
        return statuses;
    }

    void abort(String ref) {
        requireRef(ref);
        String name = Layout.ingestName(ref);
        locks.lock(name, ref);
        try {
            if (!remove(layout.ingests().resolve(name))) {
                throw notFound(ref);
            }
        } catch (IOException e) {
            throw IoFailures.of("cannot abort ref " + ref, e);
        } finally {
            locks.unlock(name);
        }
    }

    int cleanup(Instant olderThan, Predicate<String> keep) {
        int removed = 0;
        try {
            for (Path entry : entries()) {
                String name = entry.getFileName().toString();
                if (!Layout.isIngestName(name)) {
                    Trees.deleteRecursively(entry);
                } else if (locks.tryLock(name)) {
                    try {
                        Optional<Status> status = new IngestDir(entry).read();
                        boolean stale = status.isEmpty()
                                || status.get().updatedAt().isBefore(olderThan) && !keep.test(status.get().ref());
                        if (stale && remove(entry)) {
                            removed++;
                        }
                    } finally {
                        locks.unlock(name);
                    }
                }
            }
        } catch (IOException e) {
            throw IoFailures.of("cannot clean up the ingests in " + layout.ingests(), e);
        }
        return removed;
    }

    /**
     * Moves an ingest aside before deleting it, so a crash halfway leaves a temporary directory
     * (removed later) rather than a damaged ingest.
     *
     * @return false when there was no such ingest
     */
    private static boolean remove(Path ingest) throws IOException {
        Path aside = ingest.resolveSibling(ingest.getFileName() + "." + UUID.randomUUID() + Layout.TEMPORARY_SUFFIX);
        try {
            Files.move(ingest, aside, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            return false;
        }
        Trees.deleteRecursively(aside);
        return true;
    }

    private List<Path> entries() throws IOException {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(layout.ingests())) {
            stream.forEach(entries::add);
        } catch (NoSuchFileException nothingIngestedYet) {
            return List.of();
        }
        return entries;
    }

    private static void requireRef(String ref) {
        if (ref == null || ref.isEmpty()) {
            throw BerthException.invalidArgument("ingest ref must not be empty");
        }
    }

    private static BerthException notFound(String ref) {
        return BerthException.notFound("ingest ref %s not found", ref);
    }
}

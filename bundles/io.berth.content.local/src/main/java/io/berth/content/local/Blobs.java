package io.berth.content.local;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

import io.berth.api.content.Digest;
import io.berth.api.content.DigestAlgorithm;
import io.berth.api.content.Info;
import io.berth.api.content.ReaderAt;
import io.berth.api.errors.BerthException;
import io.berth.linux.Trees;

/** The committed blobs: one read-only file per digest, its times standing for created (mtime) and updated (atime). */
final class Blobs {
    private static final Set<PosixFilePermission> WRITE_AND_EXECUTE = EnumSet.of(
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_EXECUTE);

    private final Layout layout;

    Blobs(Layout layout) {
        this.layout = layout;
    }

    boolean exists(Digest digest) {
        return Files.isRegularFile(layout.blob(digest));
    }

    Info info(Digest digest) {
        try {
            return info(digest, Files.readAttributes(layout.blob(digest), BasicFileAttributes.class));
        } catch (NoSuchFileException e) {
            throw notFound(digest);
        } catch (IOException e) {
            throw IoFailures.of("cannot read the attributes of content " + digest, e);
        }
    }

    void walk(Predicate<? super Info> filter, Consumer<? super Info> visitor) {
        for (DigestAlgorithm algorithm : DigestAlgorithm.values()) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(layout.blobs(algorithm))) {
                for (Path entry : entries) {
                    String name = entry.getFileName().toString();
                    // Anything not named by a digest is not content (a stray or foreign file): skipped.
                    if (Layout.isHex(name, algorithm.hexLength())) {
                        visit(new Digest(algorithm, name), entry, filter, visitor);
                    }
                }
            } catch (NoSuchFileException noBlobsOfThisAlgorithm) {
                // Nothing was ever committed with this algorithm.
            } catch (IOException e) {
                throw IoFailures.of("cannot list the " + algorithm.id() + " blobs in " + layout.root(), e);
            }
        }
    }

    private void visit(Digest digest, Path file, Predicate<? super Info> filter, Consumer<? super Info> visitor)
            throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException deletedMeanwhile) {
            return;
        }
        if (attributes.isRegularFile()) {
            Info info = info(digest, attributes);
            if (filter.test(info)) {
                visitor.accept(info);
            }
        }
    }

    void delete(Digest digest) {
        try {
            if (!Files.deleteIfExists(layout.blob(digest))) {
                throw notFound(digest);
            }
        } catch (IOException e) {
            throw IoFailures.of("cannot delete content " + digest, e);
        }
    }

    ReaderAt open(Digest digest) {
        try {
            return new BlobReader(digest, FileChannel.open(layout.blob(digest), StandardOpenOption.READ));
        } catch (NoSuchFileException e) {
            throw notFound(digest);
        } catch (IOException e) {
            throw IoFailures.of("cannot open content " + digest, e);
        }
    }

    /**
     * Makes a verified and synced ingest the blob {@code digest}: one rename, so the blob appears whole or not
     * at all; the directory is synced so the rename survives a crash; then the ingest is removed.
     *
     * @throws BerthException ALREADY_EXISTS when the blob is present (the ingest is removed all the same)
     */
    void publish(IngestDir ingest, Digest digest) throws IOException {
        Path target = layout.blob(digest);
        Files.createDirectories(target.getParent());
        if (Files.exists(target)) {
            Trees.deleteRecursively(ingest.path());
            throw alreadyExists(digest);
        }
        Path data = ingest.data();
        makeReadOnly(data);
        FileTime committedAt = FileTime.from(Instant.now());
        Files.getFileAttributeView(data, BasicFileAttributeView.class).setTimes(committedAt, committedAt, null);
        Files.move(data, target, StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel directory = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
            directory.force(true);
        }
        Trees.deleteRecursively(ingest.path());
    }

    static BerthException alreadyExists(Digest digest) {
        return BerthException.alreadyExists("content %s already exists", digest);
    }

    private static BerthException notFound(Digest digest) {
        return BerthException.notFound("content %s not found", digest);
    }

    private static Info info(Digest digest, BasicFileAttributes attributes) {
        return new Info(digest, attributes.size(), attributes.lastModifiedTime().toInstant(),
                attributes.lastAccessTime().toInstant(), Map.of());
    }

    /** Committed content never changes; a read-only mode guards it against accidental writes. */
    private static void makeReadOnly(Path file) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view != null) {
            Set<PosixFilePermission> permissions = view.readAttributes().permissions();
            permissions.removeAll(WRITE_AND_EXECUTE);
            view.setPermissions(permissions);
        }
    }
}

package io.berth.snapshots.btrfs;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import io.berth.api.errors.BerthException;
import io.berth.api.snapshots.Kind;
import io.berth.linux.Trees;
import io.berth.snapshots.storage.SnapshotTrees;

/**
 * The snapshots' subvolumes, each {@code snapshots/<id>}. A removed snapshot's subvolume is first renamed to
 * {@code snapshots/removing-<id>} in one step, so that a crash mid-deletion leaves nothing that looks alive. The
 * rename stays in {@code snapshots/} because btrfs refuses to move a read-only subvolume to another directory.
 */
final class SnapshotSubvolumes implements SnapshotTrees {
    private static final String REMOVING = "removing-";
    /** The inode number of the top directory of every subvolume (BTRFS_FIRST_FREE_OBJECTID), and of no other. */
    private static final long SUBVOLUME_INODE = 256;

    private final Path snapshots;

    /**
     * @throws BerthException FAILED_PRECONDITION when {@code root} is not on btrfs
     * @throws IOException when the btrfs tool cannot run or the directories cannot be made
     */
    SnapshotSubvolumes(Path root) throws IOException {
        requireBtrfs(root);
        BtrfsCommand.version();
        this.snapshots = root.resolve("snapshots");
        Files.createDirectories(snapshots);
        // Snapshots hold setuid programs and private files: only root walks into them.
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
    }

    private static void requireBtrfs(Path root) throws IOException {
        Optional<String> unusable = unusable(root);
        if (unusable.isPresent()) {
            throw BerthException.failedPrecondition("%s", unusable.get());
        }
    }

    /**
     * Why {@code root} cannot hold btrfs snapshots, if it cannot: the filesystem it is on, or would be made on
     * when it does not exist yet, is not btrfs.
     */
    static Optional<String> unusable(Path root) throws IOException {
        Path existing = root.toAbsolutePath();
        while (!Files.exists(existing)) {
            existing = existing.getParent();
        }
        String type = Files.getFileStore(existing).type();
        return type.equals("btrfs") ? Optional.empty() : Optional.of(("%s is on %s, not btrfs: the btrfs snapshotter "
                + "keeps its snapshots as btrfs subvolumes, so root_path must be a directory on btrfs")
                .formatted(root, type));
    }

    @Override
    public Path tree(long id) {
        return snapshots.resolve(Long.toString(id));
    }

    /** An empty subvolume, read-only for a view. */
    @Override
    public void create(long id, Kind kind) throws IOException {
        boolean readOnly = kind == Kind.VIEW;
        deleteLeftover(id);
        BtrfsCommand.create(tree(id));
        if (readOnly) {
            try {
                BtrfsCommand.setReadOnly(tree(id), true);
            } catch (IOException e) {
                deleteSuppressing(tree(id), e);
                throw e;
            }
        }
    }

    /** A snapshot of {@code parent}'s subvolume, sharing its blocks until either changes them; read-only for a view. */
    @Override
    public void branch(long parent, long id, Kind kind) throws IOException {
        deleteLeftover(id);
        BtrfsCommand.snapshot(tree(parent), tree(id), kind == Kind.VIEW);
    }

    /**
     * Deletes what a creation rolled back after its btrfs call left at {@code id}, the id of a record just made: the
     * rollback gives the id out again, and btrfs would put a snapshot inside an existing directory instead of failing.
     */
    private void deleteLeftover(long id) throws IOException {
        delete(tree(id));
    }

    /** A committed snapshot's subvolume becomes read-only where it is. */
    @Override
    public void seal(long id) throws IOException {
        BtrfsCommand.setReadOnly(tree(id), true);
    }

    @Override
    public void unseal(long id) throws IOException {
        BtrfsCommand.setReadOnly(tree(id), false);
    }

    /**
     * Renames a subvolume out of the live names in one step, within {@code snapshots/}: btrfs refuses to move a
     * read-only subvolume to another directory.
     */
    @Override
    public Path moveAside(long id) throws IOException {
        return moveAside(tree(id));
    }

    @Override
    public void moveBack(Path aside, long id) throws IOException {
        Files.move(aside, tree(id), StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void deleteAside(Path aside) throws IOException {
        delete(aside);
    }

    /** Moves aside every entry whose name is neither one of {@code live} nor already aside. */
    @Override
    public void moveAsideAllBut(Set<String> live) throws IOException {
        for (Path entry : entries()) {
            String name = entry.getFileName().toString();
            if (!live.contains(name) && !name.startsWith(REMOVING)) {
                moveAside(entry);
            }
        }
    }

    @Override
    public void deleteRemoved() throws IOException {
        for (Path entry : entries()) {
            if (entry.getFileName().toString().startsWith(REMOVING)) {
                delete(entry);
            }
        }
    }

    /** Deletes a subvolume through btrfs, and anything else (a crash's half-made directory) file by file. */
    private static void delete(Path entry) throws IOException {
        if (!Files.exists(entry, NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isDirectory(entry, NOFOLLOW_LINKS)
                && (Long) Files.getAttribute(entry, "unix:ino", NOFOLLOW_LINKS) == SUBVOLUME_INODE) {
            BtrfsCommand.delete(entry);
        } else {
            Trees.deleteRecursively(entry);
        }
    }

    private Path moveAside(Path entry) throws IOException {
        Path aside = snapshots.resolve(REMOVING + entry.getFileName());
        // A leftover of the same name from an interrupted run is no less dead.
        delete(aside);
        Files.move(entry, aside, StandardCopyOption.ATOMIC_MOVE);
        return aside;
    }

    private List<Path> entries() throws IOException {
        try (Stream<Path> entries = Files.list(snapshots)) {
            return entries.toList();
        }
    }

    private static void deleteSuppressing(Path subvolume, IOException failure) {
        try {
            delete(subvolume);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}

package io.berth.snapshots.nativefs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

import io.berth.api.snapshots.Kind;
import io.berth.linux.Trees;
import io.berth.snapshots.storage.SnapshotTrees;

/**
 * The snapshotter's directories: {@code snapshots/<id>} holds each snapshot's tree, and {@code removing/} the trees
 * of removed snapshots until they are deleted, so that a crash mid-deletion leaves nothing under
 * {@code snapshots/} that looks alive.
 */
final class SnapshotDirs implements SnapshotTrees {
    private final Path snapshots;
    private final Path removing;

    SnapshotDirs(Path root) throws IOException {
        this.snapshots = root.resolve("snapshots");
        this.removing = root.resolve("removing");
        Files.createDirectories(snapshots);
        Files.createDirectories(removing);
        // Snapshots hold setuid programs and private files: only root walks into them.
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
    }

    @Override
    public Path tree(long id) {
        return snapshots.resolve(Long.toString(id));
    }

    @Override
    public void create(long id, Kind kind) throws IOException {
        Files.createDirectory(tree(id));
        Files.setPosixFilePermissions(tree(id), PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** A full copy of {@code parent}'s tree, for a view as well. */
    @Override
    public void branch(long parent, long id, Kind kind) throws IOException {
        try {
            TreeCopy.copy(tree(parent), tree(id));
        } catch (IOException | RuntimeException e) {
            Trees.deleteRecursively(tree(id));
            throw e;
        }
    }

    /** Moves a tree from {@code snapshots/} to {@code removing/}. */
    @Override
    public Path moveAside(long id) throws IOException {
        Path aside = removing.resolve(Long.toString(id));
        Files.move(tree(id), aside, StandardCopyOption.ATOMIC_MOVE);
        return aside;
    }

    @Override
    public void moveBack(Path aside, long id) throws IOException {
        Files.move(aside, tree(id), StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void deleteAside(Path aside) throws IOException {
        Trees.deleteRecursively(aside);
    }

    @Override
    public void moveAsideAllBut(Set<String> live) throws IOException {
        try (Stream<Path> entries = Files.list(snapshots)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (!live.contains(name)) {
                    Path aside = removing.resolve(name);
                    Trees.deleteRecursively(aside);
                    Files.move(entry, aside, StandardCopyOption.ATOMIC_MOVE);
                }
            }
        }
    }

    @Override
    public void deleteRemoved() throws IOException {
        try (Stream<Path> entries = Files.list(removing)) {
            for (Path entry : entries.toList()) {
                Trees.deleteRecursively(entry);
            }
        }
    }
}

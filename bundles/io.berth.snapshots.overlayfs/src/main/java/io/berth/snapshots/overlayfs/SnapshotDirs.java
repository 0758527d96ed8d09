package io.berth.snapshots.overlayfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import io.berth.api.snapshots.Kind;
import io.berth.api.snapshots.Usage;
import io.berth.linux.Posix;
import io.berth.linux.TreeUsage;
import io.berth.linux.Trees;

/** The directories of snapshots: made whole or not at all, moved aside before they are deleted. */
final class SnapshotDirs {
    private final Layout layout;

    SnapshotDirs(Layout layout) throws IOException {
        this.layout = layout;
        makePrivate(layout.root());
        makePrivate(layout.snapshots());
        Files.createDirectories(layout.empty());
        Files.setPosixFilePermissions(layout.empty(), PosixFilePermissions.fromString("r-xr-xr-x"));
    }

    private static void makePrivate(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }

    /**
     * Builds the directories of snapshot {@code id} aside and renames them into place. A directory already under
     * its name is a leftover: the id came back because the transaction that first took it was rolled back.
     *
     * @param parentIds the committed ancestors, nearest first; the new upper directory takes the nearest one's owner
     */
    void create(long id, Kind kind, List<Long> parentIds) throws IOException {
        Path building = layout.building(id);
        try {
            Trees.deleteRecursively(building);
            Files.createDirectory(building);
            Path fs = Posix.createDirectory(building.resolve("fs"), 0755);
            if (kind == Kind.ACTIVE) {
                Posix.createDirectory(building.resolve("work"), 0711);
            }
            if (!parentIds.isEmpty()) {
                takeOwner(fs, layout.fs(parentIds.getFirst()));
            }
            Path target = layout.snapshot(id);
            Trees.deleteRecursively(target);
            Files.move(building, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            try {
                Trees.deleteRecursively(building);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** Gives {@code dir} the owner of {@code from}; a change of owner is a metadata write, made only when needed. */
    private static void takeOwner(Path dir, Path from) throws IOException {
        Map<String, Object> wanted = Files.readAttributes(from, "unix:uid,gid", LinkOption.NOFOLLOW_LINKS);
        if (!wanted.equals(Files.readAttributes(dir, "unix:uid,gid", LinkOption.NOFOLLOW_LINKS))) {
            Posix.lchown(dir, (int) wanted.get("uid"), (int) wanted.get("gid"));
        }
    }

    /** Renames the directory of snapshot {@code id} to its removal name, which only cleanup and deletion touch. */
    Path moveAside(long id) throws IOException {
        return moveAside(layout.snapshot(id));
    }

    private Path moveAside(Path entry) throws IOException {
        Path aside = layout.removing(entry);
        if (!aside.equals(entry)) {
            Trees.deleteRecursively(aside);
            Files.move(entry, aside, StandardCopyOption.ATOMIC_MOVE);
        }
        return aside;
    }

    /** Moves aside every entry of the snapshots directory that is not the directory of one of {@code ids}. */
    List<Path> moveAsideAllBut(Set<Long> ids) throws IOException {
        Set<Path> kept = new HashSet<>();
        ids.forEach(id -> kept.add(layout.snapshot(id)));
        List<Path> aside = new ArrayList<>();
        try (Stream<Path> entries = Files.list(layout.snapshots())) {
            for (Path entry : entries.filter(entry -> !kept.contains(entry)).toList()) {
                aside.add(moveAside(entry));
            }
        }
        return aside;
    }

    /** The space and inodes the upper directory of {@code id} uses, as containerd's overlayfs snapshotter counts. */
    Usage usage(long id) throws IOException {
        TreeUsage usage = TreeUsage.of(layout.fs(id));
        return new Usage(usage.size(), usage.inodes());
    }
}

package io.berth.snapshots.nativefs;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;

import io.berth.linux.Posix;

/**
 * Copies a tree exactly: contents, owners, modes with setuid, setgid and sticky bits, access and modification
 * times, xattrs, symlinks as they are written, hard links within the tree as hard links, device nodes and fifos.
 * Sockets are left out, as they mean nothing without the process that made them.
 */
final class TreeCopy extends SimpleFileVisitor<Path> {
    private static final int S_IFMT = 0170000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFLNK = 0120000;
    private static final int S_IFSOCK = 0140000;

    private final Path source;
    private final Path target;
    /** The first copy of each inode with more than one link, by "device:inode" of the source. */
    private final Map<String, Path> linked = new HashMap<>();

    private TreeCopy(Path source, Path target) {
        this.source = source;
        this.target = target;
    }

    /** Copies {@code source} into the new directory {@code target}, which must not exist. */
    static void copy(Path source, Path target) throws IOException {
        Files.walkFileTree(source, new TreeCopy(source, target));
    }

    @Override
    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        Files.createDirectory(copyOf(dir));
        return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
        if (failure != null) {
            throw failure;
        }
        // Last, so that the copy of its entries does not change its times and a read-only mode does not stop them.
        copyMetadata(dir, copyOf(dir), stat(dir));
        return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Map<String, Object> stat = stat(file);
        int mode = (Integer) stat.get("mode");
        int type = mode & S_IFMT;
        if (type == S_IFSOCK) {
            return FileVisitResult.CONTINUE;
        }
        Path copy = copyOf(file);
        if ((Integer) stat.get("nlink") > 1) {
            String inode = stat.get("dev") + ":" + stat.get("ino");
            Path first = linked.putIfAbsent(inode, copy);
            if (first != null) {
                Files.createLink(copy, first);
                return FileVisitResult.CONTINUE;
            }
        }
        if (type == S_IFREG) {
            Files.copy(file, copy, NOFOLLOW_LINKS);
        } else if (type == S_IFLNK) {
            Posix.symlink(Files.readSymbolicLink(file).toString(), copy);
        } else {
            long device = (Long) stat.get("rdev");
            Posix.mknod(copy, type | (mode & 07777), Posix.major(device), Posix.minor(device));
        }
        copyMetadata(file, copy, stat);
        return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFileFailed(Path file, IOException failure) throws IOException {
        throw failure;
    }

    private Path copyOf(Path path) {
        return target.resolve(source.relativize(path).toString());
    }

    private static Map<String, Object> stat(Path path) throws IOException {
        return Files.readAttributes(path, "unix:mode,uid,gid,nlink,dev,ino,rdev,lastAccessTime,lastModifiedTime",
                NOFOLLOW_LINKS);
    }

    /** Owner first: chown clears setuid and setgid bits and file capabilities, which come after. */
    private static void copyMetadata(Path from, Path to, Map<String, Object> stat) throws IOException {
        int mode = (Integer) stat.get("mode");
        Posix.lchown(to, (Integer) stat.get("uid"), (Integer) stat.get("gid"));
        if ((mode & S_IFMT) != S_IFLNK) {
            Posix.chmod(to, mode & 07777);
        }
        for (String name : Posix.llistxattr(from)) {
            Posix.lsetxattr(to, name, Posix.lgetxattr(from, name));
        }
        Posix.lutimes(to, ((FileTime) stat.get("lastAccessTime")).toInstant(),
                ((FileTime) stat.get("lastModifiedTime")).toInstant());
    }
}

package io.berth.linux;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;

/**
 * The disk space and inodes of a tree as containerd's snapshotters measure them, and du: each inode once however
 * many hard links it has, with the bytes the file system allocated to it.
 *
 * @param size the bytes allocated to the tree's inodes, its top included
 * @param inodes files, directories and other inodes, the tree's top included
 */
public record TreeUsage(long size, long inodes) {

    /** Walks {@code tree} without following symlinks; what vanishes during the walk counts for nothing. */
    public static TreeUsage of(Path tree) throws IOException {
        Counter counter = new Counter();
        Files.walkFileTree(tree, counter);
        return new TreeUsage(counter.size, counter.inodes.size());
    }

    private static final class Counter extends SimpleFileVisitor<Path> {
        private record Key(long device, long number) {
        }

        private final Set<Key> inodes = new HashSet<>();
        private long size;

        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
            count(dir);
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
            count(file);
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException failure) throws IOException {
            if (failure instanceof NoSuchFileException) {
                return FileVisitResult.CONTINUE;
            }
            throw failure;
        }

        private void count(Path path) throws IOException {
            Posix.Inode inode;
            try {
                inode = Posix.inode(path);
            } catch (Posix.PosixException e) {
                if (e.noSuchFile()) {
                    // A tree in use changes while it is measured; what is gone uses nothing.
                    return;
                }
                throw e;
            }
            if (inodes.add(new Key(inode.device(), inode.number()))) {
                size += inode.allocatedBytes();
            }
        }
    }
}

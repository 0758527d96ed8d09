package io.berth.linux;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The bytes and inodes of a tree, each inode counted once however many hard links it has.
 *
 * @param size the apparent sizes of the tree's inodes, in bytes
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
        private final Set<String> inodes = new HashSet<>();
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
            Map<String, Object> stat;
            try {
                stat = Files.readAttributes(path, "unix:dev,ino,size", NOFOLLOW_LINKS);
            } catch (NoSuchFileException deleted) {
                // A tree in use changes while it is measured; what is gone uses nothing.
                return;
            }
            if (inodes.add(stat.get("dev") + ":" + stat.get("ino"))) {
                size += (Long) stat.get("size");
            }
        }
    }
}

package io.berth.snapshots.nativefs;

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

import io.berth.api.snapshots.Usage;

/** The bytes and inodes of a tree, each inode counted once however many hard links it has. */
final class TreeUsage extends SimpleFileVisitor<Path> {
    private final Set<String> inodes = new HashSet<>();
    private long size;

    private TreeUsage() {
    }

    static Usage of(Path tree) throws IOException {
        TreeUsage usage = new TreeUsage();
        Files.walkFileTree(tree, usage);
        return new Usage(usage.size, usage.inodes.size());
    }

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
            // An active snapshot changes while it is measured; what is gone uses nothing.
            return;
        }
        if (inodes.add(stat.get("dev") + ":" + stat.get("ino"))) {
            size += (Long) stat.get("size");
        }
    }
}

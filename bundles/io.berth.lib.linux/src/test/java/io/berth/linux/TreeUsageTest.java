package io.berth.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sizes checked against GNU du, which counts as containerd does: allocated blocks, each inode once. */
class TreeUsageTest {
    @TempDir
    Path dir;

    /** {@code du -s -B1}: the bytes allocated to the tree, its top included, hard links once, symlinks not followed. */
    private static long du(Path tree) throws IOException, InterruptedException {
        Process du = new ProcessBuilder("du", "-s", "-B1", tree.toString()).redirectErrorStream(true).start();
        String out = new String(du.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, du.waitFor(), out);
        return Long.parseLong(out.split("\\s+")[0]);
    }

    @Test
    void countsEveryInodeAndItsBlocksOnceHoweverManyLinksItHas() throws Exception {
        Path tree = Files.createDirectories(dir.resolve("tree/sub"));
        TreeUsage empty = TreeUsage.of(dir.resolve("tree"));
        Files.write(tree.resolve("data"), new byte[100_000]);
        Files.createLink(tree.resolve("again"), tree.resolve("data"));
        Files.writeString(dir.resolve("tree/small"), "12345");

        TreeUsage usage = TreeUsage.of(dir.resolve("tree"));

        assertEquals(2, empty.inodes(), "the tree and its subdirectory");
        assertEquals(empty.inodes() + 2, usage.inodes());
        assertEquals(du(dir.resolve("tree")), usage.size());
        assertTrue(usage.size() >= empty.size() + 100_005, empty + " then " + usage);
    }

    @Test
    void aSparseFileCountsTheBlocksItHasNotItsLength() throws Exception {
        Path tree = Files.createDirectories(dir.resolve("tree"));
        try (RandomAccessFile sparse = new RandomAccessFile(tree.resolve("sparse").toFile(), "rw")) {
            sparse.setLength(64L << 20);
        }

        TreeUsage usage = TreeUsage.of(tree);

        assertEquals(2, usage.inodes());
        assertEquals(du(tree), usage.size());
        assertTrue(usage.size() < 1 << 20, usage.toString());
    }

    @Test
    void aSymlinkCountsAsItselfNotAsItsTarget() throws Exception {
        Path tree = Files.createDirectories(dir.resolve("tree"));
        Files.write(dir.resolve("outside"), new byte[50_000]);
        TreeUsage before = TreeUsage.of(tree);
        Files.createSymbolicLink(tree.resolve("link"), dir.resolve("outside"));

        TreeUsage usage = TreeUsage.of(tree);

        assertEquals(before.inodes() + 1, usage.inodes());
        assertEquals(du(tree), usage.size());
        assertTrue(usage.size() < before.size() + 50_000, before + " then " + usage);
    }
}

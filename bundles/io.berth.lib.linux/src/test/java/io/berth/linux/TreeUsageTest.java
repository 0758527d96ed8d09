package io.berth.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeUsageTest {
    @TempDir
    Path dir;

    @Test
    void countsEveryInodeAndItsBytesOnceHoweverManyLinksItHas() throws IOException {
        Path tree = Files.createDirectories(dir.resolve("tree/sub"));
        TreeUsage empty = TreeUsage.of(dir.resolve("tree"));
        Files.write(tree.resolve("data"), new byte[100_000]);
        Files.createLink(tree.resolve("again"), tree.resolve("data"));
        Files.writeString(dir.resolve("tree/small"), "12345");

        TreeUsage usage = TreeUsage.of(dir.resolve("tree"));

        assertEquals(2, empty.inodes(), "the tree and its subdirectory");
        assertEquals(empty.inodes() + 2, usage.inodes());
        assertEquals(empty.size() + 100_005, usage.size());
    }

    @Test
    void aSymlinkCountsAsItselfNotAsItsTarget() throws IOException {
        Path tree = Files.createDirectories(dir.resolve("tree"));
        Files.write(dir.resolve("outside"), new byte[50_000]);
        TreeUsage before = TreeUsage.of(tree);
        Files.createSymbolicLink(tree.resolve("link"), dir.resolve("outside"));

        TreeUsage usage = TreeUsage.of(tree);

        assertEquals(before.inodes() + 1, usage.inodes());
        assertEquals(before.size() + dir.resolve("outside").toString().length(), usage.size());
    }
}

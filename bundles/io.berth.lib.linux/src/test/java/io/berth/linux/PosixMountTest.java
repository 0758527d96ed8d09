package io.berth.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.security.auth.module.UnixSystem;

class PosixMountTest {
    @TempDir
    Path dir;

    @BeforeEach
    void needsRoot() {
        Assumptions.assumeTrue(new UnixSystem().getUid() == 0,
                "mount(2) needs root; CI runs the tests as root");
    }

    @Test
    void aBindMountShowsItsSourceReadOnlyWhenRemountedSoAndGoesWithUmount() throws IOException {
        Path source = Files.createDirectories(dir.resolve("source"));
        Files.writeString(source.resolve("file"), "hello");
        Path target = Files.createDirectories(dir.resolve("target"));

        Posix.mount(source.toString(), target, null, Posix.MS_BIND, null);
        try {
            assertEquals("hello", Files.readString(target.resolve("file")));
            Posix.mount("", target, null, Posix.MS_BIND | Posix.MS_REMOUNT | Posix.MS_RDONLY, null);
            assertThrows(IOException.class, () -> Files.writeString(target.resolve("other"), "no"));
        } finally {
            Posix.umount2(target, 0);
        }
        assertFalse(Files.exists(target.resolve("file")));
    }

    @Test
    void anOverlayMergesItsLayersAndWritesToTheUpperOne() throws IOException {
        Path lower = Files.createDirectories(dir.resolve("lower"));
        Path upper = Files.createDirectories(dir.resolve("upper"));
        Path work = Files.createDirectories(dir.resolve("work"));
        Path merged = Files.createDirectories(dir.resolve("merged"));
        Files.writeString(lower.resolve("below"), "lower");
        Posix.mount("overlay", merged, "overlay", 0,
                "lowerdir=" + lower + ",upperdir=" + upper + ",workdir=" + work);
        try {
            assertEquals("lower", Files.readString(merged.resolve("below")));
            Files.writeString(merged.resolve("above"), "upper");
        } finally {
            Posix.umount2(merged, Posix.MNT_DETACH);
        }
        assertTrue(Files.exists(upper.resolve("above")));
        assertFalse(Files.exists(lower.resolve("above")));
    }

    @Test
    void unmountTopmostTakesStackedMountsOffOneByOneAndThenSaysThereIsNothingLeft() throws IOException {
        Path target = Files.createDirectories(dir.resolve("target"));
        Files.writeString(target.resolve("beneath"), "dir");
        Posix.mount("none", target, "tmpfs", 0, null);
        Files.writeString(target.resolve("first"), "tmpfs 1");
        Posix.mount("none", target, "tmpfs", 0, null);

        assertTrue(Posix.unmountTopmost(target));
        assertEquals("tmpfs 1", Files.readString(target.resolve("first")), "the lower mount is still there");
        assertTrue(Posix.unmountTopmost(target));
        assertEquals("dir", Files.readString(target.resolve("beneath")));
        assertFalse(Posix.unmountTopmost(target), "a plain directory");
        assertFalse(Posix.unmountTopmost(dir.resolve("missing")), "no such path");
    }

    @Test
    void unmountTopmostReportsOtherFailures() {
        IOException failure = assertThrows(IOException.class,
                () -> Posix.unmountTopmost(dir.resolve("x".repeat(300))));
        assertTrue(failure.getMessage().contains("umount2"), failure.getMessage());
    }

    @Test
    void aFailedMountNamesTheCallThePathAndTheError() {
        IOException failure = assertThrows(IOException.class,
                () -> Posix.mount("none", dir.resolve("missing"), "tmpfs", 0, null));
        assertTrue(failure.getMessage().contains("missing") && failure.getMessage().contains("No such file"),
                failure.getMessage());
    }
}

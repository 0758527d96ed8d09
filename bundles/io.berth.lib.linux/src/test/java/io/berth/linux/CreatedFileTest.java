package io.berth.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CreatedFileTest {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    @TempDir
    Path dir;

    @Test
    void writesDataAndSetsOwnerModeAndTimesThroughTheDescriptor() throws IOException {
        assumeTrue((int) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0, "chown needs root");
        byte[] data = new byte[3 << 20];
        new Random(7).nextBytes(data);
        Path path = dir.resolve("file");
        Instant atime = Instant.parse("2022-01-02T03:04:05.123456789Z");
        Instant mtime = Instant.parse("2021-01-02T03:04:05.5Z");
        try (CreatedFile file = CreatedFile.create(path, 0600)) {
            file.write(data, 0, 1000);
            file.write(data, 1000, data.length - 1000);
            file.chown(1234, 5678);
            file.chmod(04751);
            file.setTimes(atime, mtime);
        }
        // Times first: reading the data would update the access time.
        assertEquals(FileTime.from(mtime), Files.getLastModifiedTime(path, NOFOLLOW));
        assertEquals(FileTime.from(atime), Files.getAttribute(path, "lastAccessTime", NOFOLLOW));
        assertArrayEquals(data, Files.readAllBytes(path));
        assertEquals(1234, Files.getAttribute(path, "unix:uid", NOFOLLOW));
        assertEquals(5678, Files.getAttribute(path, "unix:gid", NOFOLLOW));
        assertEquals(04751, (int) Files.getAttribute(path, "unix:mode", NOFOLLOW) & 07777, "setuid is kept");
    }

    @Test
    void createsWithTheModeLessTheUmask() throws IOException {
        Path path = dir.resolve("read-only");
        try (CreatedFile file = CreatedFile.create(path, 0444)) {
            file.write(new byte[] { 1, 2, 3 }, 0, 3);
        }
        assertEquals(0444, (int) Files.getAttribute(path, "unix:mode", NOFOLLOW) & 07777,
                "the descriptor writes although the mode has no write bit");
        assertArrayEquals(new byte[] { 1, 2, 3 }, Files.readAllBytes(path));
    }

    @Test
    void refusesAnExistingNameAndNeverFollowsASymlink() throws IOException {
        Path existing = Files.writeString(dir.resolve("existing"), "kept");
        assertThrows(Posix.PosixException.class, () -> CreatedFile.create(existing, 0644));
        assertEquals("kept", Files.readString(existing));

        Path dangling = Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("target"));
        assertThrows(Posix.PosixException.class, () -> CreatedFile.create(dangling, 0644));
        assertFalse(Files.exists(dir.resolve("target"), NOFOLLOW), "the symlink's target is not created");
    }

    @Test
    void mkdirGivesTheModeLessTheUmaskAndRefusesAnExistingName() throws IOException {
        Path made = dir.resolve("made");
        Posix.mkdir(made, 0700);
        assertEquals(0700, (int) Files.getAttribute(made, "unix:mode", NOFOLLOW) & 07777);
        assertThrows(Posix.PosixException.class, () -> Posix.mkdir(made, 0700));
    }
}

package io.berth.snapshots.nativefs;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.berth.linux.Posix;

class TreeCopyTest {
    private static final Instant PAST = Instant.parse("2001-02-03T04:05:06.123456789Z");

    @TempDir
    Path dir;
    Path source;
    Path copy;

    @BeforeEach
    void asRoot() throws IOException {
        int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid", NOFOLLOW_LINKS);
        Assumptions.assumeTrue(uid == 0, "owners and device nodes need root; CI runs tests as root");
        source = Files.createDirectory(dir.resolve("source"));
        copy = dir.resolve("copy");
    }

    @Test
    void hardLinksWithinTheTreeStayHardLinks() throws IOException {
        Files.writeString(source.resolve("one"), "shared");
        Files.createDirectory(source.resolve("sub"));
        Files.createLink(source.resolve("sub/two"), source.resolve("one"));
        Files.writeString(source.resolve("alone"), "alone");

        TreeCopy.copy(source, copy);

        assertEquals(inode(copy.resolve("one")), inode(copy.resolve("sub/two")));
        assertEquals(2, Files.getAttribute(copy.resolve("one"), "unix:nlink"));
        assertNotEquals(inode(source.resolve("one")), inode(copy.resolve("one")));
        assertEquals("alone", Files.readString(copy.resolve("alone")));
    }

    @Test
    void deviceNodesFifosAndSymlinksAreMadeAgain() throws IOException {
        Posix.mknod(source.resolve("null"), Posix.S_IFCHR | 0666, 1, 3);
        Posix.mknod(source.resolve("loop"), Posix.S_IFBLK | 0660, 7, 300);
        Posix.mknod(source.resolve("pipe"), Posix.S_IFIFO | 0644, 0, 0);
        // mknod applies the umask; chmod sets the mode the copy must keep.
        Posix.chmod(source.resolve("null"), 0666);
        Posix.symlink("../outside//dangling", source.resolve("link"));
        Posix.lchown(source.resolve("link"), 5, 6);

        TreeCopy.copy(source, copy);

        assertEquals(Posix.makedev(1, 3), Files.getAttribute(copy.resolve("null"), "unix:rdev", NOFOLLOW_LINKS));
        assertEquals(Posix.makedev(7, 300), Files.getAttribute(copy.resolve("loop"), "unix:rdev", NOFOLLOW_LINKS));
        assertEquals(Posix.S_IFCHR | 0666, mode(copy.resolve("null")));
        assertEquals(Posix.S_IFIFO | 0644, mode(copy.resolve("pipe")));
        assertEquals(Files.readSymbolicLink(source.resolve("link")), Files.readSymbolicLink(copy.resolve("link")));
        assertEquals(5, Files.getAttribute(copy.resolve("link"), "unix:uid", NOFOLLOW_LINKS));
        assertFalse(Files.exists(dir.resolve("outside")), "a symlink is copied, never followed");
    }

    @Test
    void ownersModesTimesAndXattrsAreKept() throws IOException {
        Path program = source.resolve("program");
        Files.writeString(program, "binary");
        Posix.lchown(program, 0, 50);
        Posix.chmod(program, 06711);
        byte[] capability = "capability bytes".getBytes(StandardCharsets.UTF_8);
        Posix.lsetxattr(program, "trusted.berth.test", capability);
        Posix.lsetxattr(program, "user.comment", "note".getBytes(StandardCharsets.UTF_8));
        Posix.lutimes(program, PAST, PAST);
        Path locked = Files.createDirectory(source.resolve("locked"));
        Files.writeString(locked.resolve("inside"), "inside");
        Posix.lchown(locked, 1000, 1000);
        Posix.chmod(locked, 0500);
        Posix.lutimes(locked, PAST, PAST);

        TreeCopy.copy(source, copy);

        Path copied = copy.resolve("program");
        assertEquals(06711, mode(copied) & 07777);
        assertEquals(50, Files.getAttribute(copied, "unix:gid"));
        assertArrayEquals(capability, Posix.lgetxattr(copied, "trusted.berth.test"));
        assertEquals("note", new String(Posix.lgetxattr(copied, "user.comment"), StandardCharsets.UTF_8));
        assertEquals(FileTime.from(PAST), Files.getLastModifiedTime(copied));
        assertEquals(0500, mode(copy.resolve("locked")) & 07777);
        assertEquals(1000, Files.getAttribute(copy.resolve("locked"), "unix:uid"));
        assertEquals(FileTime.from(PAST), Files.getLastModifiedTime(copy.resolve("locked")));
        assertEquals("inside", Files.readString(copy.resolve("locked/inside")));
    }

    private static Object inode(Path path) throws IOException {
        return Files.getAttribute(path, "unix:ino", NOFOLLOW_LINKS);
    }

    private static int mode(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:mode", NOFOLLOW_LINKS);
    }
}

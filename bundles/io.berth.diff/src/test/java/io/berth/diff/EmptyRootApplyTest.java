package io.berth.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.berth.api.diff.WhiteoutMode;
import io.berth.linux.Posix;

/**
 * A layer applied to an empty root, as into a new snapshot: what the layer makes there is made without looking
 * first, and owners and modes that the creation gave already are not set again. The results must be those of
 * an apply that looks and sets everything.
 */
class EmptyRootApplyTest {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    @TempDir
    Path tmp;
    private Sandbox sandbox;
    private Path root;

    @BeforeEach
    void sandbox() throws IOException {
        assumeTrue(Machine.isRoot(), "layer apply tests set owners: they need root");
        sandbox = new Sandbox(tmp);
        root = sandbox.root;
    }

    @Test
    void entriesReplaceWhatTheSameLayerMadeBefore() throws IOException {
        sandbox.apply(new Layer()
                .dir("d/", 0755).file("d/child", "gone", 0644)
                .file("d", "a file over a directory", 0644)
                .file("f", "gone", 0644)
                .dir("f/", 0710)
                .file("implied/x/file", "in an implied directory", 0644)
                .dir("implied/", 0700)
                .file("implied/x", "a file over an implied directory", 0640)
                .symlink("s", "real")
                .file("s", "not through the link", 0644)
                .tar(), WhiteoutMode.OVERLAY);

        assertEquals("a file over a directory", Files.readString(root.resolve("d")));
        assertTrue(Files.isDirectory(root.resolve("f"), NOFOLLOW));
        assertEquals(0710, mode(root.resolve("f")));
        assertEquals(0700, mode(root.resolve("implied")), "an explicit entry over an implied directory merges");
        assertEquals("a file over an implied directory", Files.readString(root.resolve("implied/x")));
        assertEquals(0640, mode(root.resolve("implied/x")));
        assertFalse(Files.isSymbolicLink(root.resolve("s")));
        assertEquals("not through the link", Files.readString(root.resolve("s")));
        assertFalse(Files.exists(root.resolve("real"), NOFOLLOW));
        sandbox.assertNothingOutsideRoot();
    }

    @Test
    void namesThroughASymlinkMadeByTheSameLayerLandWhereItPoints() throws IOException {
        sandbox.apply(new Layer()
                .dir("real/", 0755)
                .symlink("link", "real")
                .file("link/sub/file", "through the link", 0644)
                .file("real/sub", "a file over the directory made through the link", 0644)
                .symlink("up", "../../..")
                .file("up/escape", "inside the root", 0644)
                .tar(), WhiteoutMode.OVERLAY);

        assertEquals("a file over the directory made through the link", Files.readString(root.resolve("real/sub")));
        assertEquals("inside the root", Files.readString(root.resolve("escape")));
        assertTrue(Files.isSymbolicLink(root.resolve("link")));
        sandbox.assertNothingOutsideRoot();
    }

    @Test
    void ownersOtherThanTheDaemonsAreSetAndItsOwnKept() throws IOException {
        sandbox.apply(new Layer()
                .dir("home/", 0755, 1000, 1001)
                .file("home/small", "small", 0644, 1002, 1003)
                .zeros("home/large", 3 << 20, 0644, 1004, 1005)
                .symlink("home/link", "small", 1006, 1007)
                .file("home/root-owned", "root", 0644, 0, 0)
                .tar(), WhiteoutMode.OVERLAY);

        assertOwner(1000, 1001, root.resolve("home"));
        assertOwner(1002, 1003, root.resolve("home/small"));
        assertOwner(1004, 1005, root.resolve("home/large"));
        assertOwner(1006, 1007, root.resolve("home/link"));
        assertOwner(0, 0, root.resolve("home/root-owned"));
        assertEquals(FileTime.from(Layer.MTIME), Files.getLastModifiedTime(root.resolve("home/large"), NOFOLLOW));
        assertEquals(FileTime.from(Layer.MTIME), Files.getLastModifiedTime(root.resolve("home/small"), NOFOLLOW));
    }

    @Test
    void modesTheUmaskWouldStripAreExact() throws IOException {
        sandbox.apply(new Layer()
                .dir("open/", 0777)
                .file("open/writable", "w", 0666)
                .zeros("open/large", 2 << 20, 0777, 0, 0)
                .file("open/none", "", 0)
                .file("open/plain", "p", 0644)
                .fifo("open/fifo")
                .tar(), WhiteoutMode.OVERLAY);

        assertEquals(0777, mode(root.resolve("open")));
        assertEquals(0666, mode(root.resolve("open/writable")));
        assertEquals(0777, mode(root.resolve("open/large")));
        assertEquals(0, mode(root.resolve("open/none")));
        assertEquals(0644, mode(root.resolve("open/plain")));
        assertEquals(0600, mode(root.resolve("open/fifo")));
    }

    @Test
    void setuidSetgidAndStickyBitsSurviveTheirOwners() throws IOException {
        sandbox.apply(new Layer()
                .file("bin/su", "su", 04755, 0, 0)
                .file("bin/user-suid", "mine", 04750, 1000, 1000)
                .zeros("bin/large-sgid", 2 << 20, 02755, 1000, 50)
                .dir("tmp/", 01777)
                .tar(), WhiteoutMode.OVERLAY);

        assertEquals(04755, mode(root.resolve("bin/su")));
        assertEquals(04750, mode(root.resolve("bin/user-suid")), "the mode is set after the owner");
        assertEquals(02755, mode(root.resolve("bin/large-sgid")));
        assertEquals(01777, mode(root.resolve("tmp")));
    }

    @Test
    void entriesInASetgidDirectoryGetTheirOwnGroup() throws IOException {
        sandbox.apply(new Layer()
                .dir("shared/", 02775, 0, 50)
                .file("shared/root-file", "r", 0644, 0, 0)
                .dir("shared/sub/", 0755, 0, 0)
                .file("shared/implied/file", "i", 0644, 0, 0)
                .tar(), WhiteoutMode.OVERLAY);

        assertOwner(0, 50, root.resolve("shared"));
        assertOwner(0, 0, root.resolve("shared/root-file"));
        assertOwner(0, 0, root.resolve("shared/sub"));
        assertEquals(0755, mode(root.resolve("shared/sub")), "a directory made in a setgid one inherits no setgid");
        assertOwner(0, 0, root.resolve("shared/implied/file"));
    }

    @Test
    void entriesInASetgidRootGetTheirOwnGroup() throws IOException {
        Posix.lchown(root, 0, 50);
        Posix.chmod(root, 02755);
        sandbox.apply(new Layer()
                .file("file", "f", 0644, 0, 0)
                .dir("dir/", 0755, 0, 0)
                .tar(), WhiteoutMode.OVERLAY);

        assertOwner(0, 0, root.resolve("file"));
        assertOwner(0, 0, root.resolve("dir"));
        assertEquals(0755, mode(root.resolve("dir")));
    }

    private static void assertOwner(int uid, int gid, Path path) throws IOException {
        assertEquals(uid, Files.getAttribute(path, "unix:uid", NOFOLLOW), "owner of " + path);
        assertEquals(gid, Files.getAttribute(path, "unix:gid", NOFOLLOW), "group of " + path);
    }

    private static int mode(Path path) throws IOException {
        return (int) Files.getAttribute(path, "unix:mode", NOFOLLOW) & 07777;
    }
}

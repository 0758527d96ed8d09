package io.berth.diff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.berth.api.content.Digest;
import io.berth.api.content.DigestAlgorithm;
import io.berth.api.diff.Applied;
import io.berth.api.diff.ApplyOptions;
import io.berth.api.diff.LayerApplier;
import io.berth.api.diff.WhiteoutMode;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.linux.Posix;

class LayerApplyTest {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    @TempDir
    Path tmp;
    private Sandbox sandbox;
    private Path root;

    @BeforeEach
    void sandbox() throws IOException {
        assumeTrue(Machine.isRoot(), "layer apply tests set owners and create device nodes: they need root");
        sandbox = new Sandbox(tmp);
        root = sandbox.root;
    }

    private static byte[] everyKind() {
        return new Layer()
                .dir("etc/", 0755)
                .file("etc/hostname", "berth\n", 0644, 1000, 2000)
                .dir("usr/", 0755)
                .dir("usr/bin/", 0755)
                .file("usr/bin/su", "#!/bin/sh\n", 04755)
                .dir("tmp/", 01777)
                .dir("srv/", 02750)
                .symlink("usr/bin/sh", "busybox")
                .file("usr/bin/busybox", "binary", 0755)
                .hardLink("usr/bin/ls", "usr/bin/busybox")
                .file("a/" + "long-name-".repeat(20) + "/file", "deep", 0600)
                .device("dev/null", TarConstants.LF_CHR, 1, 3)
                .device("dev/loop0", TarConstants.LF_BLK, 7, 0)
                .fifo("run/initctl")
                .tar();
    }

    @Test
    void unpacksEveryKindOfEntryWithItsMetadata() throws IOException {
        sandbox.apply(everyKind(), WhiteoutMode.DELETE);

        Path hostname = root.resolve("etc/hostname");
        assertEquals("berth\n", Files.readString(hostname));
        assertEquals(1000, Files.getAttribute(hostname, "unix:uid", NOFOLLOW));
        assertEquals(2000, Files.getAttribute(hostname, "unix:gid", NOFOLLOW));
        assertEquals(0644, mode(hostname));
        assertEquals(FileTime.from(Layer.MTIME), Files.getLastModifiedTime(hostname, NOFOLLOW));

        assertEquals(04755, mode(root.resolve("usr/bin/su")), "setuid is kept");
        assertEquals(01777, mode(root.resolve("tmp")), "sticky bit is kept");
        assertEquals(02750, mode(root.resolve("srv")), "setgid is kept");
        assertEquals(FileTime.from(Layer.MTIME), Files.getLastModifiedTime(root.resolve("usr/bin"), NOFOLLOW),
                "a directory's time is set after its contents");

        Path sh = root.resolve("usr/bin/sh");
        assertTrue(Files.isSymbolicLink(sh));
        assertEquals("busybox", Files.readSymbolicLink(sh).toString());
        assertEquals(FileTime.from(Layer.MTIME), Files.getLastModifiedTime(sh, NOFOLLOW), "a symlink's own time");

        assertEquals(Files.getAttribute(root.resolve("usr/bin/busybox"), "unix:ino"),
                Files.getAttribute(root.resolve("usr/bin/ls"), "unix:ino"), "a hard link shares its target's inode");
        assertEquals("deep", Files.readString(root.resolve("a/" + "long-name-".repeat(20) + "/file")));

        Path nullDevice = root.resolve("dev/null");
        assertEquals(Posix.S_IFCHR, (int) Files.getAttribute(nullDevice, "unix:mode", NOFOLLOW) & 0170000);
        assertEquals(Posix.makedev(1, 3), Files.getAttribute(nullDevice, "unix:rdev", NOFOLLOW));
        assertEquals(0620, mode(nullDevice));
        Path loop = root.resolve("dev/loop0");
        assertEquals(Posix.S_IFBLK, (int) Files.getAttribute(loop, "unix:mode", NOFOLLOW) & 0170000);
        assertEquals(Posix.makedev(7, 0), Files.getAttribute(loop, "unix:rdev", NOFOLLOW));
        assertEquals(Posix.S_IFIFO,
                (int) Files.getAttribute(root.resolve("run/initctl"), "unix:mode", NOFOLLOW) & 0170000);
        sandbox.assertNothingOutsideRoot();
    }

    @Test
    void diffIdIsTheSha256OfTheUncompressedTarWhateverTheCompression() {
        byte[] tar = everyKind();
        Digest expected = Digest.compute(DigestAlgorithm.SHA256, tar);
        WalkingDiffer differ = new WalkingDiffer(1L << 30);
        ApplyOptions options = new ApplyOptions(WhiteoutMode.DELETE, true);

        Applied plain = sandbox.apply(differ, tar, LayerApplier.OCI_TAR, options);
        Applied gzip = sandbox.apply(differ, Layer.gzip(tar), LayerApplier.OCI_TAR_GZIP, options);
        Applied zstd = sandbox.apply(differ, Layer.zstd(tar), LayerApplier.OCI_TAR_ZSTD, options);
        Applied sniffedGzip = sandbox.apply(differ, Layer.gzip(tar), "", options);
        Applied sniffedZstd = sandbox.apply(differ, Layer.zstd(tar), "", options);
        Applied docker = sandbox.apply(differ, Layer.gzip(tar), LayerApplier.DOCKER_TAR_GZIP, options);

        for (Applied applied : new Applied[] { plain, gzip, zstd, sniffedGzip, sniffedZstd, docker }) {
            assertEquals(expected, applied.diffId());
            assertEquals(tar.length, applied.size());
        }
    }

    @Test
    void zstdLayerUnpacks() throws IOException {
        byte[] layer = Layer.zstd(new Layer().file("hello", "from zstd", 0644).tar());
        sandbox.apply(new WalkingDiffer(1L << 30), layer, LayerApplier.OCI_TAR_ZSTD,
                new ApplyOptions(WhiteoutMode.OVERLAY, false));
        assertEquals("from zstd", Files.readString(root.resolve("hello")));
    }

    @Test
    void entriesReplaceWhatIsThereAndDirectoriesMerge() throws IOException {
        sandbox.apply(new Layer()
                .dir("d/", 0755).file("d/kept", "lower", 0644)
                .file("f", "a file", 0644)
                .dir("g/", 0755).file("g/child", "x", 0644)
                .symlink("s", "d")
                .tar(), WhiteoutMode.DELETE);
        sandbox.apply(new Layer()
                .dir("d/", 0700).file("d/new", "upper", 0644)
                .dir("f/", 0755)
                .file("g", "now a file", 0644)
                .file("s", "not through the link", 0644)
                .tar(), WhiteoutMode.DELETE);

        assertEquals("lower", Files.readString(root.resolve("d/kept")), "a directory over a directory merges");
        assertEquals("upper", Files.readString(root.resolve("d/new")));
        assertEquals(0700, mode(root.resolve("d")));
        assertTrue(Files.isDirectory(root.resolve("f"), NOFOLLOW), "a directory replaces a file");
        assertEquals("now a file", Files.readString(root.resolve("g")), "a file replaces a directory tree");
        assertFalse(Files.isSymbolicLink(root.resolve("s")), "the final component's symlink is replaced");
        assertEquals("not through the link", Files.readString(root.resolve("s")));
        assertFalse(Files.exists(root.resolve("d/s")));
    }

    @Test
    void entriesOfOneLayerOverFilesStillBeingWrittenSeeThemWritten() throws IOException {
        Layer layer = new Layer().dir("many/", 0755);
        for (int i = 0; i < 200; i++) {
            layer.file("many/f" + i, "first " + i, 0644);
        }
        sandbox.apply(layer
                .file("many/f1", "written twice", 0600)
                .hardLink("many/linked", "many/f2")
                .dir("many/f3/", 0755).file("many/f3/inside", "under a replaced file", 0644)
                .symlink("many/f4", "f5")
                .file("many/.wh.f6", "", 0644)
                .tar(), WhiteoutMode.DELETE);

        assertEquals("written twice", Files.readString(root.resolve("many/f1")));
        assertEquals(0600, mode(root.resolve("many/f1")));
        assertEquals("first 2", Files.readString(root.resolve("many/linked")));
        assertEquals(2, (int) Files.getAttribute(root.resolve("many/f2"), "unix:nlink"));
        assertEquals("under a replaced file", Files.readString(root.resolve("many/f3/inside")));
        assertEquals("f5", Files.readSymbolicLink(root.resolve("many/f4")).toString());
        assertFalse(Files.exists(root.resolve("many/f6"), NOFOLLOW));
        assertEquals("first 199", Files.readString(root.resolve("many/f199")));
    }

    @Test
    void xattrsIncludingFileCapabilitiesAreSet() throws IOException {
        Path probe = Files.createFile(tmp.resolve("probe"));
        assumeTrue(Machine.supportsXattr(probe, "security.capability"),
                "the temporary filesystem does not store security.* xattrs");
        // VFS_CAP_REVISION_2 with cap_net_bind_service (bit 10) permitted, all in UTF-8-safe bytes.
        String capability = new String(new byte[] { 1, 0, 0, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
                StandardCharsets.ISO_8859_1);
        sandbox.apply(new Layer()
                .fileWithXattr("bin/ping", "ping", "security.capability", capability)
                .fileWithXattr("etc/labelled", "x", "trusted.berth.test", "value")
                .tar(), WhiteoutMode.DELETE);

        assertArrayEquals(capability.getBytes(StandardCharsets.ISO_8859_1),
                Posix.lgetxattr(root.resolve("bin/ping"), "security.capability"));
        assertArrayEquals("value".getBytes(StandardCharsets.UTF_8),
                Posix.lgetxattr(root.resolve("etc/labelled"), "trusted.berth.test"));
    }

    @Test
    void binaryXattrValueIsRefusedRatherThanCorrupted() throws IOException {
        // cap_setuid (bit 7) permitted: a byte commons-compress cannot carry through its UTF-8 PAX decoding.
        byte[] capability = { 1, 0, 0, 2, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
        byte[] layer = new Layer().fileWithRawXattr("bin/su", "security.capability", capability).tar();
        BerthException refused = assertThrows(BerthException.class,
                () -> sandbox.apply(layer, WhiteoutMode.DELETE));
        assertEquals(ErrorKind.NOT_IMPLEMENTED, refused.kind());
        assertTrue(refused.getMessage().contains("security.capability"), refused.getMessage());
    }

    private static int mode(Path path) throws IOException {
        return (int) Files.getAttribute(path, "unix:mode", NOFOLLOW) & 07777;
    }
}

package io.berth.diff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.UUID;

import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.berth.api.diff.ApplyOptions;
import io.berth.api.diff.LayerApplier;
import io.berth.api.diff.WhiteoutMode;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;

/** Layers that try to reach outside their root: each is resolved inside it or refused, and the host is untouched. */
class HostileLayerTest {
    private static final Path HOST_PASSWD = Path.of("/etc/passwd");

    @TempDir
    Path tmp;
    private Sandbox sandbox;
    private Path root;
    /** A name no one uses, looked for at / and around the sandbox after each test. */
    private String escape;
    private byte[] hostPasswd;

    @BeforeEach
    void sandbox() throws IOException {
        assumeTrue(Machine.isRoot(), "hostile layer tests set owners and create device nodes: they need root");
        sandbox = new Sandbox(tmp);
        root = sandbox.root;
        escape = "berth-escape-" + UUID.randomUUID();
        assertFalse(Files.exists(Path.of("/", escape)));
        hostPasswd = Files.readAllBytes(HOST_PASSWD);
    }

    @AfterEach
    void hostUntouched() throws IOException {
        if (sandbox == null) {
            return;
        }
        assertFalse(Files.exists(Path.of("/", escape), LinkOption.NOFOLLOW_LINKS), "nothing written at /");
        assertFalse(Files.exists(tmp.resolve(escape), LinkOption.NOFOLLOW_LINKS));
        assertArrayEquals(hostPasswd, Files.readAllBytes(HOST_PASSWD), "the host's /etc/passwd is untouched");
        sandbox.assertNothingOutsideRoot();
    }

    @Test
    void dotDotNamesStopAtTheRoot() throws IOException {
        sandbox.apply(new Layer().file("../../" + escape, "clamped", 0644).tar(), WhiteoutMode.DELETE);
        assertEquals("clamped", Files.readString(root.resolve(escape)));
    }

    @Test
    void absoluteNamesAreTakenRelativeToTheRoot() throws IOException {
        sandbox.apply(new Layer().file("/" + escape, "rooted", 0644).tar(), WhiteoutMode.DELETE);
        assertEquals("rooted", Files.readString(root.resolve(escape)));
    }

    @Test
    void writesThroughASymlinkToSlashLandInsideTheRoot() throws IOException {
        sandbox.apply(new Layer().symlink("up", "/").file("up/" + escape, "through /", 0644).tar(),
                WhiteoutMode.DELETE);
        assertEquals("through /", Files.readString(root.resolve(escape)));
    }

    @Test
    void writesThroughASymlinkClimbingOutLandInsideTheRoot() throws IOException {
        sandbox.apply(new Layer().symlink("up", "../..").file("up/" + escape, "through ../..", 0644).tar(),
                WhiteoutMode.DELETE);
        assertEquals("through ../..", Files.readString(root.resolve(escape)));
    }

    @Test
    void writesThroughASymlinkToEtcLandInTheRootsEtc() throws IOException {
        sandbox.apply(new Layer().symlink("a", "/etc").file("a/passwd", "root::0:0::/:/bin/sh\n", 0644).tar(),
                WhiteoutMode.DELETE);
        assertEquals("root::0:0::/:/bin/sh\n", Files.readString(root.resolve("etc/passwd")));
        assertTrue(Files.isSymbolicLink(root.resolve("a")));
    }

    @Test
    void symlinkChainsAcrossLayersStayInsideTheRoot() throws IOException {
        sandbox.apply(new Layer().symlink("x", "y/..").symlink("y", "/../../").tar(), WhiteoutMode.DELETE);
        sandbox.apply(new Layer().file("x/" + escape, "chained", 0644).tar(), WhiteoutMode.DELETE);
        assertEquals("chained", Files.readString(root.resolve(escape)));
    }

    @Test
    void hardLinkToAHostFileIsRefused() {
        BerthException refused = assertThrows(BerthException.class, () -> sandbox.apply(
                new Layer().hardLink(escape, "/etc/passwd").tar(), WhiteoutMode.DELETE));
        assertEquals(ErrorKind.INVALID_ARGUMENT, refused.kind());
        assertTrue(refused.getMessage().contains("does not exist in the layer's root"), refused.getMessage());
        assertFalse(Files.exists(root.resolve(escape), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void hardLinkClimbingOutIsRefused() throws IOException {
        Files.writeString(tmp.resolve("outside"), "secret");
        BerthException refused = assertThrows(BerthException.class, () -> sandbox.apply(
                new Layer().hardLink(escape, "../../outside").tar(), WhiteoutMode.DELETE));
        assertEquals(ErrorKind.INVALID_ARGUMENT, refused.kind());
        Files.delete(tmp.resolve("outside"));
    }

    @Test
    void hardLinkToEtcPasswdMeansTheRootsOwn() throws IOException {
        sandbox.apply(new Layer().file("etc/passwd", "layer's own\n", 0644).hardLink(escape, "/etc/passwd").tar(),
                WhiteoutMode.DELETE);
        assertEquals(Files.getAttribute(root.resolve("etc/passwd"), "unix:ino"),
                Files.getAttribute(root.resolve(escape), "unix:ino"));
        assertEquals(1, (int) Files.getAttribute(HOST_PASSWD, "unix:nlink"), "no link to the host's file");
    }

    @Test
    void hardLinkThroughASymlinkOutIsResolvedInsideTheRoot() throws IOException {
        BerthException refused = assertThrows(BerthException.class, () -> sandbox.apply(new Layer()
                .symlink("hostetc", "/etc").hardLink(escape, "hostetc/passwd").tar(), WhiteoutMode.DELETE));
        assertEquals(ErrorKind.INVALID_ARGUMENT, refused.kind());
    }

    @Test
    void deviceNodeIsRefusedWhenNotAllowed() {
        byte[] layer = new Layer().device("dev/sda", TarConstants.LF_BLK, 8, 0).tar();
        BerthException refused = assertThrows(BerthException.class, () -> sandbox.apply(new WalkingDiffer(1L << 30),
                layer, "", new ApplyOptions(WhiteoutMode.OVERLAY, false)));
        assertEquals(ErrorKind.INVALID_ARGUMENT, refused.kind());
        assertTrue(refused.getMessage().contains("device nodes are not allowed"), refused.getMessage());
        assertFalse(Files.exists(root.resolve("dev/sda"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void gzipBombOverTheLimitIsRefused() throws IOException {
        byte[] bomb = Layer.gzip(new Layer().zeros("bomb", 64L << 20).tar());
        assertTrue(bomb.length < 1 << 20, "the bomb is small compressed");
        BerthException refused = assertThrows(BerthException.class, () -> sandbox.apply(new WalkingDiffer(1L << 20),
                bomb, LayerApplier.OCI_TAR_GZIP, new ApplyOptions(WhiteoutMode.DELETE, true)));
        assertEquals(ErrorKind.RESOURCE_EXHAUSTED, refused.kind());
        assertFalse(Files.exists(root.resolve("bomb")));
    }

    @Test
    void manySmallEntriesOverTheLimitAreRefused() throws IOException {
        Layer layer = new Layer();
        for (int i = 0; i < 40; i++) {
            layer.zeros("part" + i, 64 << 10);
        }
        byte[] bomb = Layer.gzip(layer.tar());
        BerthException refused = assertThrows(BerthException.class, () -> sandbox.apply(new WalkingDiffer(1L << 20),
                bomb, "", new ApplyOptions(WhiteoutMode.DELETE, true)));
        assertEquals(ErrorKind.RESOURCE_EXHAUSTED, refused.kind());
        assertTrue(refused.getMessage().contains("1048576"), refused.getMessage());
        long written;
        try (var files = Files.list(root)) {
            written = files.count();
        }
        assertTrue(written < 40, "unpacking stopped at the limit");
    }

    @Test
    void truncatedGzipIsDataLoss() {
        byte[] gzip = Layer.gzip(new Layer().file("a", "some content ".repeat(1000), 0644).tar());
        byte[] truncated = Arrays.copyOf(gzip, gzip.length / 2);
        BerthException refused = assertThrows(BerthException.class, () -> sandbox.apply(new WalkingDiffer(1L << 30),
                truncated, LayerApplier.OCI_TAR_GZIP, new ApplyOptions(WhiteoutMode.DELETE, true)));
        assertEquals(ErrorKind.DATA_LOSS, refused.kind());
        assertTrue(refused.getMessage().startsWith("layer stream is "), refused.getMessage());
    }

    @Test
    void truncatedTarIsDataLoss() {
        byte[] tar = new Layer().file("a", "x".repeat(5000), 0644).tar();
        byte[] truncated = Arrays.copyOf(tar, 2048);
        BerthException refused = assertThrows(BerthException.class, () -> sandbox.apply(new WalkingDiffer(1L << 30),
                truncated, LayerApplier.OCI_TAR, new ApplyOptions(WhiteoutMode.DELETE, true)));
        assertEquals(ErrorKind.DATA_LOSS, refused.kind());
    }

    @Test
    void streamThatIsNotWhatItsMediaTypeSaysIsDataLoss() {
        byte[] notGzip = new Layer().file("a", "plain", 0644).tar();
        BerthException refused = assertThrows(BerthException.class, () -> sandbox.apply(new WalkingDiffer(1L << 30),
                notGzip, LayerApplier.OCI_TAR_ZSTD, new ApplyOptions(WhiteoutMode.DELETE, true)));
        assertEquals(ErrorKind.DATA_LOSS, refused.kind());
        BerthException notGzipEither = assertThrows(BerthException.class, () -> sandbox.apply(
                new WalkingDiffer(1L << 30), notGzip, LayerApplier.OCI_TAR_GZIP,
                new ApplyOptions(WhiteoutMode.DELETE, true)));
        assertEquals(ErrorKind.DATA_LOSS, notGzipEither.kind());
    }

    @Test
    void unknownMediaTypeIsInvalid() {
        BerthException refused = assertThrows(BerthException.class, () -> sandbox.apply(new WalkingDiffer(1L << 30),
                new Layer().tar(), "application/vnd.oci.image.layer.v1.tar+bzip2",
                new ApplyOptions(WhiteoutMode.DELETE, true)));
        assertEquals(ErrorKind.INVALID_ARGUMENT, refused.kind());
        assertTrue(refused.getMessage().contains("tar+bzip2"), refused.getMessage());
    }

    @Test
    void symlinkLoopIsRefused() {
        BerthException refused = assertThrows(BerthException.class, () -> sandbox.apply(new Layer()
                .symlink("a", "b").symlink("b", "a").file("a/" + escape, "x", 0644).tar(), WhiteoutMode.DELETE));
        assertEquals(ErrorKind.INVALID_ARGUMENT, refused.kind());
        assertTrue(refused.getMessage().contains("too many levels of symbolic links"), refused.getMessage());
    }
}

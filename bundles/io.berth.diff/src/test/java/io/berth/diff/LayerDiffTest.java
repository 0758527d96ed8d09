package io.berth.diff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.berth.api.content.Digest;
import io.berth.api.content.DigestAlgorithm;
import io.berth.api.diff.DiffOptions;
import io.berth.api.diff.LayerApplier;
import io.berth.api.diff.LayerDiff;
import io.berth.api.diff.WhiteoutMode;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.linux.Posix;

/** Layers computed from two trees: their entries, their order and digest, and applying them back. */
class LayerDiffTest {
    private static final Instant OLD = Instant.parse("2020-01-02T03:04:05.123456789Z");
    private static final Instant NEW = Instant.parse("2024-05-06T07:08:09.987654321Z");

    @TempDir
    Path tmp;
    private Path lower;
    private Path upper;
    private final WalkingDiffer differ = new WalkingDiffer(1L << 30);

    @BeforeEach
    void trees() throws IOException {
        lower = Files.createDirectories(tmp.resolve("lower"));
        upper = tmp.resolve("upper");
    }

    private static Path write(Path file, String content, Instant mtime) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        Files.setLastModifiedTime(file, FileTime.from(mtime));
        return file;
    }

    /** The lower tree copied as the upper one: unchanged until a test changes it. */
    private void copyLowerToUpper() throws IOException, InterruptedException {
        TreeFixtures.copy(lower, upper);
    }

    private byte[] diff(DiffOptions options) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        differ.diff(lower, upper, options, out);
        return out.toByteArray();
    }

    private byte[] diff() {
        return diff(DiffOptions.of(LayerApplier.OCI_TAR));
    }

    @Test
    void addedModifiedAndDeletedNamesBecomeEntriesInNameOrderWithWhiteouts() throws Exception {
        write(lower.resolve("etc/hostname"), "old", OLD);
        write(lower.resolve("etc/gone"), "bye", OLD);
        write(lower.resolve("etc/passwd"), "root", OLD);
        write(lower.resolve("var/cache/a/b"), "deep", OLD);
        copyLowerToUpper();
        write(upper.resolve("etc/hostname"), "new", NEW);
        Files.delete(upper.resolve("etc/gone"));
        TreeFixtures.copy(lower.resolve("etc/passwd"), upper.resolve("etc/passwd-copy"));
        write(upper.resolve("opt/app/bin/tool"), "#!/bin/sh", NEW);
        io.berth.linux.Trees.deleteRecursively(upper.resolve("var/cache"));

        LayerEntries layer = LayerEntries.read(diff());

        assertEquals(List.of(
                "0 etc/.wh.gone",
                "5 etc/",
                "0 etc/hostname",
                "0 etc/passwd-copy",
                "5 opt/",
                "5 opt/app/",
                "5 opt/app/bin/",
                "0 opt/app/bin/tool",
                "0 var/.wh.cache"), layer.outline(), "unchanged names (etc/passwd) are left out");
        assertEquals("new", layer.content("etc/hostname"));
        assertEquals("root", layer.content("etc/passwd-copy"));
        TarArchiveEntry hostname = layer.entry("etc/hostname");
        assertEquals(NEW.getEpochSecond(), hostname.getLastModifiedTime().toInstant().getEpochSecond());
        assertEquals(0, hostname.getLastModifiedTime().toInstant().getNano(), "tar times are whole seconds");
        assertEquals(0644, hostname.getMode());
        TarArchiveEntry whiteout = layer.entry("etc/.wh.gone");
        assertEquals(0, whiteout.getSize());
        assertEquals(Instant.EPOCH, whiteout.getLastModifiedTime().toInstant(), "whiteouts carry a fixed time");
    }

    @Test
    void equalTreesGiveByteForByteEqualLayersAndAnEmptyDiffWhenNothingChanged() throws Exception {
        write(lower.resolve("a/b"), "b", OLD);
        copyLowerToUpper();
        assertEquals(List.of(), LayerEntries.read(diff()).outline());

        write(upper.resolve("z/new"), "new", NEW);
        write(upper.resolve("a/c"), "c", NEW);
        Files.delete(upper.resolve("a/b"));
        Path elsewhere = tmp.resolve("elsewhere");
        TreeFixtures.copy(upper, elsewhere);

        byte[] first = diff(DiffOptions.of(LayerApplier.OCI_TAR_GZIP));
        byte[] second = diff(DiffOptions.of(LayerApplier.OCI_TAR_GZIP));
        ByteArrayOutputStream fromCopy = new ByteArrayOutputStream();
        differ.diff(lower, elsewhere, DiffOptions.of(LayerApplier.OCI_TAR_GZIP), fromCopy);

        assertArrayEquals(first, second);
        assertArrayEquals(first, fromCopy.toByteArray(), "a copy of the upper tree gives the same layer");
        write(upper.resolve("z/new"), "changed", NEW);
        assertNotEquals(Digest.compute(DigestAlgorithm.SHA256, first),
                Digest.compute(DigestAlgorithm.SHA256, diff(DiffOptions.of(LayerApplier.OCI_TAR_GZIP))));
    }

    @Test
    void hardLinksAreWrittenOnceAndTheirOtherNamesLinkToTheFirst() throws Exception {
        write(lower.resolve("keep"), "kept", OLD);
        copyLowerToUpper();
        write(upper.resolve("a-new"), "shared", NEW);
        Files.createLink(upper.resolve("a-new-link"), upper.resolve("a-new"));
        Files.createLink(upper.resolve("zz-link"), upper.resolve("keep"));

        LayerEntries layer = LayerEntries.read(diff());

        assertEquals(List.of(
                "0 a-new",
                "1 a-new-link -> a-new",
                "0 zz-link",
                "1 keep -> zz-link"), layer.outline(),
                "an unchanged name of a changed inode is linked to the name that carries the content");
        assertEquals("shared", layer.content("a-new"));
        assertEquals("kept", layer.content("zz-link"));
    }

    @Test
    void modesOwnersSymlinksDevicesFifosAndXattrsAreCarried() throws Exception {
        assumeTrue(Machine.isRoot(), "owners, device nodes and trusted xattrs need root");
        copyLowerToUpper();
        Path tool = write(upper.resolve("bin/tool"), "run", NEW);
        Posix.lchown(tool, 1000, 2000);
        Posix.chmod(tool, 04755);
        assumeTrue(Machine.supportsXattr(tool, "trusted.berth"), "the temporary directory's filesystem has no xattrs");
        Posix.lsetxattr(tool, "trusted.berth", "note".getBytes(StandardCharsets.UTF_8));
        Posix.symlink("../bin/tool", upper.resolve("bin/link"));
        Posix.mknod(upper.resolve("null"), Posix.S_IFCHR, 1, 3);
        Posix.chmod(upper.resolve("null"), 0666);
        Posix.mknod(upper.resolve("pipe"), Posix.S_IFIFO | 0600, 0, 0);

        LayerEntries layer = LayerEntries.read(diff());

        assertEquals(List.of("5 bin/", "2 bin/link -> ../bin/tool", "0 bin/tool", "3 null", "6 pipe"),
                layer.outline());
        TarArchiveEntry entry = layer.entry("bin/tool");
        assertEquals(04755, entry.getMode());
        assertEquals(1000, entry.getLongUserId());
        assertEquals(2000, entry.getLongGroupId());
        assertEquals("", entry.getUserName());
        assertEquals("note", entry.getExtraPaxHeader("SCHILY.xattr.trusted.berth"));
        TarArchiveEntry device = layer.entry("null");
        assertEquals(1, device.getDevMajor());
        assertEquals(3, device.getDevMinor());
        assertEquals(0666, device.getMode());
    }

    @Test
    void anOpaqueDirectoryOfTheOverlayUpperIsMarkedAndCarriesAllItHolds() throws Exception {
        assumeTrue(Machine.isRoot(), "trusted.overlay.opaque is a trusted xattr: it needs root");
        write(lower.resolve("cache/old"), "old", OLD);
        write(lower.resolve("cache/same"), "same", OLD);
        copyLowerToUpper();
        Files.delete(upper.resolve("cache/old"));
        write(upper.resolve("cache/new"), "new", NEW);
        Path overlayUpper = Files.createDirectories(tmp.resolve("overlay-upper/cache"));
        assumeTrue(Machine.supportsXattr(overlayUpper, Whiteouts.OVERLAY_OPAQUE_XATTR),
                "the temporary directory's filesystem has no trusted xattrs");

        List<String> plain = LayerEntries.read(diff()).outline();
        List<String> opaque = LayerEntries.read(diff(new DiffOptions(LayerApplier.OCI_TAR,
                Optional.of(overlayUpper.getParent()), Optional.empty()))).outline();

        assertEquals(List.of("5 cache/", "0 cache/new", "0 cache/.wh.old"), plain);
        assertEquals(List.of("5 cache/", "0 cache/.wh..wh..opq", "0 cache/new", "0 cache/same"), opaque,
                "behind an opaque directory nothing of the lower tree shows: what stays is written again");
    }

    @Test
    void theSourceDateEpochBoundsEveryTimeAndStampsWhiteouts() throws Exception {
        write(lower.resolve("gone"), "x", OLD);
        copyLowerToUpper();
        Files.delete(upper.resolve("gone"));
        write(upper.resolve("late"), "late", NEW);
        write(upper.resolve("early"), "early", OLD);
        Instant epoch = Instant.parse("2022-02-02T00:00:00Z");

        LayerEntries layer = LayerEntries.read(diff(new DiffOptions(LayerApplier.OCI_TAR, Optional.empty(),
                Optional.of(epoch))));

        assertEquals(epoch, layer.entry("late").getLastModifiedTime().toInstant());
        assertEquals(OLD.getEpochSecond(), layer.entry("early").getLastModifiedTime().toInstant().getEpochSecond());
        assertEquals(epoch, layer.entry(".wh.gone").getLastModifiedTime().toInstant());
    }

    @Test
    void theDiffIdIsTheSha256OfTheTarWhateverTheCompression() throws Exception {
        copyLowerToUpper();
        write(upper.resolve("file"), "content", NEW);
        byte[] tar = diff();
        Digest diffId = Digest.compute(DigestAlgorithm.SHA256, tar);

        for (String mediaType : List.of(LayerApplier.OCI_TAR, LayerApplier.OCI_TAR_GZIP, LayerApplier.OCI_TAR_ZSTD,
                LayerApplier.DOCKER_TAR_GZIP)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            LayerDiff written = differ.diff(lower, upper, DiffOptions.of(mediaType), out);
            assertEquals(diffId, written.diffId(), mediaType);
            assertEquals(tar.length, written.size(), mediaType);
            try (InputStream uncompressed = Decompression.open(new ByteArrayInputStream(out.toByteArray()),
                    mediaType)) {
                assertArrayEquals(tar, uncompressed.readAllBytes(), mediaType);
            }
        }
    }

    @Test
    void anUnknownMediaTypeIsNotImplemented() throws Exception {
        copyLowerToUpper();

        BerthException refused = assertThrows(BerthException.class,
                () -> diff(DiffOptions.of("application/vnd.oci.image.layer.v1.tar+bzip2")));

        assertEquals(ErrorKind.NOT_IMPLEMENTED, refused.kind());
        assertTrue(refused.getMessage().contains("tar+bzip2"), refused.getMessage());
    }

    @Test
    void aTreeThatIsNoDirectoryIsAnInvalidArgument() throws Exception {
        copyLowerToUpper();

        BerthException refused = assertThrows(BerthException.class, () -> differ.diff(lower,
                tmp.resolve("missing"), DiffOptions.of(LayerApplier.OCI_TAR), new ByteArrayOutputStream()));

        assertEquals(ErrorKind.INVALID_ARGUMENT, refused.kind());
    }

    @Test
    void aBinaryXattrIsRefusedRatherThanWrittenWrong() throws Exception {
        assumeTrue(Machine.isRoot(), "security.capability needs root");
        copyLowerToUpper();
        Path tool = write(upper.resolve("ping"), "ping", NEW);
        assumeTrue(Machine.supportsXattr(tool, "security.capability"), "no file capabilities on this filesystem");
        // CAP_SETUID permitted: byte 0x80, which no UTF-8 text holds on its own.
        Posix.lsetxattr(tool, "security.capability",
                new byte[] {1, 0, 0, 2, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});

        BerthException refused = assertThrows(BerthException.class, this::diff);

        assertEquals(ErrorKind.NOT_IMPLEMENTED, refused.kind());
        assertTrue(refused.getMessage().contains("security.capability"), refused.getMessage());
    }

    @Test
    void applyingTheDiffToACopyOfTheLowerTreeGivesTheUpperTree() throws Exception {
        assumeTrue(Machine.isRoot(), "owners and device nodes need root");
        write(lower.resolve("etc/hostname"), "old", OLD);
        write(lower.resolve("etc/keep"), "keep", OLD);
        write(lower.resolve("usr/lib/gone/a"), "a", OLD);
        write(lower.resolve("usr/lib/gone/b"), "b", OLD);
        write(lower.resolve("becomes-dir"), "file", OLD);
        write(lower.resolve("becomes-file/inside"), "inside", OLD);
        write(lower.resolve("mode"), "mode", OLD);
        write(lower.resolve("shared"), "shared", OLD);
        copyLowerToUpper();
        write(upper.resolve("etc/hostname"), "new", NEW);
        io.berth.linux.Trees.deleteRecursively(upper.resolve("usr/lib/gone"));
        Files.delete(upper.resolve("becomes-dir"));
        write(upper.resolve("becomes-dir/now"), "dir", NEW);
        io.berth.linux.Trees.deleteRecursively(upper.resolve("becomes-file"));
        write(upper.resolve("becomes-file"), "file", NEW);
        Posix.chmod(upper.resolve("mode"), 0600);
        Posix.lchown(upper.resolve("mode"), 7, 8);
        Files.createLink(upper.resolve("shared-too"), upper.resolve("shared"));
        write(upper.resolve("new/deep/file"), "deep", NEW);
        Posix.symlink("../etc/hostname", upper.resolve("new/link"));
        Posix.mknod(upper.resolve("new/fifo"), Posix.S_IFIFO | 0640, 0, 0);
        Path applied = tmp.resolve("applied");
        TreeFixtures.copy(lower, applied);

        differ.apply(new ByteArrayInputStream(diff(DiffOptions.of(LayerApplier.OCI_TAR_GZIP))),
                LayerApplier.OCI_TAR_GZIP, applied, WhiteoutMode.DELETE);

        assertEquals(TreeFixtures.describe(upper), TreeFixtures.describe(applied));
        assertFalse(TreeFixtures.exists(applied.resolve("usr/lib/gone")));
    }
}

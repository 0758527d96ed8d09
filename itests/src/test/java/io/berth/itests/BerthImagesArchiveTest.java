package io.berth.itests;

import static io.berth.itests.support.BerthCli.berth;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.berth.itests.support.Command;
import io.berth.itests.support.Ctr;
import io.berth.itests.support.DaemonProcess;
import io.berth.itests.support.TestImages;
import io.berth.itests.support.TestImages.PushedImage;
import io.berth.itests.support.TestRegistry;

/**
 * {@code berth images export} and {@code import}: OCI image layout archives that round-trip between namespaces
 * with the same digests, that Debian's ctr imports, and that berth imports (and unpacks) from ctr's own export; an
 * archive whose blob is not its digest's is refused.
 */
class BerthImagesArchiveTest {
    @TempDir
    Path dir;

    @Test
    void exportImportedIntoAnotherNamespaceKeepsEveryDigestAndSurvivesCollection() throws Exception {
        Ctr.assumeInstalled();
        TestRegistry.assumeInstalled();
        try (TestRegistry registry = TestRegistry.start();
                DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            PushedImage image = TestImages.pushSmall(registry, "berth/archive", "1");
            berth(daemon, "pull", "--plain-http", "--snapshotter", "native", image.reference()).expectSuccess();
            Path archive = dir.resolve("small.tar");

            berth(daemon, "images", "export", archive.toString(), image.reference()).expectSuccess();

            Set<String> expected = new TreeSet<>(List.of("oci-layout", "index.json"));
            image.blobs().forEach(blob -> expected.add("blobs/" + blob.digest().replace(':', '/')));
            assertEquals(expected, files(archive));

            String out = berth(daemon, "-n", "second", "images", "import", "--no-unpack", archive.toString())
                    .expectSuccess().out();

            assertEquals("imported " + image.reference() + " " + image.manifestDigest() + "\n", out);
            Ctr ctr = new Ctr(daemon.socket());
            assertTrue(row(ctr, "second", image.reference()).contains(image.manifestDigest()));
            String content = ctr.run("-n", "second", "content", "ls", "-q").expectSuccess().out();
            for (TestImages.Blob blob : image.blobs()) {
                assertTrue(content.contains(blob.digest()), blob.digest() + " imported: " + content);
            }
            assertTrue(unpackedCell(daemon, "default", image.reference()).equals("true"), "pulled: unpacked");
            assertTrue(unpackedCell(daemon, "second", image.reference()).equals("false"), "imported: not unpacked");
            assertEquals("", ctr.run("-n", "second", "leases", "ls", "-q").expectSuccess().out().strip(),
                    "the import's lease is gone");
            ctr.run("-n", "second", "images", "tag", image.reference(), "scratch:1").expectSuccess();
            ctr.run("-n", "second", "images", "rm", "--sync", "scratch:1").expectSuccess();
            String check = ctr.run("-n", "second", "images", "check").expectSuccess().out();
            assertTrue(check.contains(complete(image)), "after a collection the image still has all its content: " + check);
        }
    }

    @Test
    void ctrImportsOurExportAndWeImportCtrsExport() throws Exception {
        Ctr.assumeInstalled();
        TestRegistry.assumeInstalled();
        try (TestRegistry registry = TestRegistry.start();
                DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            PushedImage image = TestImages.pushSmall(registry, "berth/ctr-archive", "1");
            berth(daemon, "pull", "--plain-http", "--snapshotter", "native", image.reference()).expectSuccess();
            Ctr ctr = new Ctr(daemon.socket());
            Path ours = dir.resolve("ours.tar");
            berth(daemon, "images", "export", ours.toString(), image.reference()).expectSuccess();

            ctr.run("-n", "by-ctr", "images", "import", "--no-unpack", ours.toString()).expectSuccess();

            assertTrue(row(ctr, "by-ctr", image.reference()).contains(image.manifestDigest()));

            Path theirs = dir.resolve("theirs.tar");
            ctr.run("images", "export", theirs.toString(), image.reference()).expectSuccess();

            String out = berth(daemon, "-n", "by-berth", "images", "import", "--snapshotter", "native", theirs.toString())
                    .expectSuccess().out();

            assertEquals("imported " + image.reference() + " " + image.manifestDigest() + "\n"
                    + "unpacked " + image.reference() + " into native\n", out);
            String check = ctr.run("-n", "by-berth", "images", "check").expectSuccess().out();
            assertTrue(check.contains(complete(image)), check);
            assertEquals("true", unpackedCell(daemon, "by-berth", image.reference()));
            List<String> snapshots = ctr.run("-n", "by-berth", "snapshots", "--snapshotter", "native", "ls")
                    .expectSuccess().out().lines().skip(1).filter(line -> !line.isBlank()).toList();
            assertEquals(image.layers().size(), snapshots.size(), snapshots.toString());
            assertTrue(snapshots.stream().allMatch(row -> row.trim().endsWith("Committed")), snapshots.toString());
        }
    }

    @Test
    void archiveWithABlobOfAnotherDigestIsRefusedAndLeavesNoImage() throws Exception {
        Ctr.assumeInstalled();
        TestRegistry.assumeInstalled();
        try (TestRegistry registry = TestRegistry.start();
                DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            PushedImage image = TestImages.pushSmall(registry, "berth/bad-archive", "1");
            berth(daemon, "pull", "--plain-http", "--snapshotter", "native", image.reference()).expectSuccess();
            Path archive = dir.resolve("good.tar");
            berth(daemon, "images", "export", archive.toString(), image.reference()).expectSuccess();
            Path tampered = dir.resolve("tampered.tar");
            flipLastByteOf(archive, "blobs/" + image.layers().getLast().digest().replace(':', '/'), tampered);

            Command.Result result = berth(daemon, "-n", "tampered", "images", "import", tampered.toString());

            assertNotEquals(0, result.exit(), result.out());
            assertTrue(result.err().contains("FailedPrecondition") && result.err().contains(image.layers().getLast().digest()),
                    result.err());
            assertEquals("", new Ctr(daemon.socket()).run("-n", "tampered", "images", "ls", "-q").expectSuccess().out());
        }
    }

    /** The UNPACKED cell of an image's row in {@code berth images ls --unpacked} for the native snapshotter. */
    private static String unpackedCell(DaemonProcess daemon, String namespace, String reference)
            throws IOException, InterruptedException {
        String listed = berth(daemon, "-n", namespace, "images", "ls", "--unpacked", "--snapshotter", "native")
                .expectSuccess().out();
        assertTrue(listed.lines().findFirst().orElse("").endsWith(" UNPACKED "), listed);
        String row = listed.lines().filter(line -> line.startsWith(reference + " ")).findFirst()
                .orElseThrow(() -> new AssertionError(reference + " not listed:\n" + listed));
        String[] cells = row.strip().split("\\s+");
        return cells[cells.length - 1];
    }

    /** What {@code ctr images check} says of an image that has its config and every layer. */
    private static String complete(PushedImage image) {
        int required = image.layers().size() + 1;
        return "complete (" + required + "/" + required + ")";
    }

    private static String row(Ctr ctr, String namespace, String reference) throws IOException, InterruptedException {
        String listed = ctr.run("-n", namespace, "images", "ls").expectSuccess().out();
        return listed.lines().filter(line -> line.startsWith(reference + " ")).findFirst()
                .orElseThrow(() -> new AssertionError(reference + " not in namespace " + namespace + ":\n" + listed));
    }

    private static Set<String> files(Path archive) throws IOException {
        Set<String> names = new TreeSet<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(archive))) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                if (entry.isFile()) {
                    names.add(entry.getName());
                }
            }
        }
        return names;
    }

    /** A copy of {@code archive} where one entry's last byte differs: same size, another digest. */
    private static void flipLastByteOf(Path archive, String name, Path copy) throws IOException {
        boolean flipped = false;
        try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(archive));
                TarArchiveOutputStream out = new TarArchiveOutputStream(Files.newOutputStream(copy))) {
            for (TarArchiveEntry entry; (entry = in.getNextEntry()) != null; ) {
                byte[] content = in.readAllBytes();
                if (entry.getName().equals(name) && content.length > 0) {
                    content[content.length - 1] ^= (byte) 0xff;
                    flipped = true;
                }
                out.putArchiveEntry(entry);
                out.write(content);
                out.closeArchiveEntry();
            }
        }
        assertTrue(flipped, name + " is in the archive");
    }
}

package io.berth.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.berth.itests.support.Command;
import io.berth.itests.support.ContentClient;
import io.berth.itests.support.Ctr;
import io.berth.itests.support.DaemonProcess;
import io.berth.itests.support.Namespaced;
import io.berth.proto.containerd.services.diff.v1.ApplyRequest;
import io.berth.proto.containerd.services.diff.v1.DiffGrpc;
import io.berth.proto.containerd.types.Descriptor;
import io.berth.proto.containerd.types.Mount;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * The images feature in the real daemon: the walking differ, the registry client and the Linux calls resolve
 * and start, and diff.v1 Apply unpacks gzip and zstd layers that ctr ingested into a bind-mounted directory.
 */
class DiffApplyTest {
    private static final Path ZSTD = Path.of("/usr/bin/zstd");
    private static final String TAR_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
    private static final String TAR_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";

    @TempDir
    Path dir;

    @Test
    void theDaemonStartsTheImagesBundlesAndAppliesGzipAndZstdLayers() throws Exception {
        Ctr.assumeInstalled();
        Assumptions.assumeTrue(Files.isExecutable(ZSTD), "zstd is not installed (Debian package zstd)");
        Path snapshot = Files.createDirectories(dir.resolve("snapshot"));
        byte[] first = tar("etc/os-release", "berth\n");
        byte[] second = tar("usr/bin/tool", "zstd\n");
        Path gzipLayer = write("first.tar.gz", gzip(first));
        Path zstdLayer = zstd(write("second.tar", second));

        try (DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            Ctr ctr = new Ctr(daemon.socket());
            String plugins = ctr.run("plugins", "ls").expectSuccess().out();
            assertTrue(plugins.lines().anyMatch(row -> List.of(row.trim().split("\\s+"))
                    .equals(List.of("io.containerd.differ.v1", "walking", "-", "ok"))), plugins);
            assertTrue(plugins.lines().anyMatch(row -> List.of(row.trim().split("\\s+"))
                    .equals(List.of("io.containerd.grpc.v1", "diff", "-", "ok"))), plugins);

            String gzipDigest = ingest(ctr, gzipLayer);
            String zstdDigest = ingest(ctr, zstdLayer);
            Descriptor gzipApplied = diff(daemon).apply(apply(gzipDigest, TAR_GZIP, bind(snapshot))).getApplied();
            Descriptor zstdApplied = diff(daemon).apply(apply(zstdDigest, TAR_ZSTD, bind(snapshot))).getApplied();

            assertEquals("berth\n", Files.readString(snapshot.resolve("etc/os-release")));
            assertEquals("zstd\n", Files.readString(snapshot.resolve("usr/bin/tool")));
            assertEquals(ContentClient.sha256(first), gzipApplied.getDigest());
            assertEquals(first.length, gzipApplied.getSize());
            assertEquals(ContentClient.sha256(second), zstdApplied.getDigest());
            assertEquals("application/vnd.oci.image.layer.v1.tar", zstdApplied.getMediaType());
            assertTrue(nativeLibrariesOfTheFramework(daemon).stream()
                            .anyMatch(library -> library.getFileName().toString().startsWith("libzstd-jni")),
                    "zstd-jni's library is loaded through Bundle-NativeCode, from Felix's cache");
            assertFalse(daemon.log().contains(" ERROR "), daemon.log());
            assertFalse(daemon.log().contains("restricted method"),
                    "bundle code is unnamed-module code, allowed native access:\n" + daemon.log());
            assertEquals(0, daemon.terminate());
        }
    }

    @Test
    void aLayerWhoseHardLinkClimbsOutIsRefusedAndNothingAppearsOutside() throws Exception {
        Ctr.assumeInstalled();
        Path snapshot = Files.createDirectories(dir.resolve("snapshot"));
        Files.writeString(dir.resolve("outside"), "secret");
        TarArchiveEntry link = new TarArchiveEntry("stolen", TarConstants.LF_LINK);
        link.setLinkName("../outside");
        Path layer = write("hostile.tar.gz", gzip(tar("../../escaped", "out?\n", link)));

        try (DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            String digest = ingest(new Ctr(daemon.socket()), layer);

            StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
                    () -> diff(daemon).apply(apply(digest, TAR_GZIP, bind(snapshot))));

            assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode(), refused.getMessage());
            assertTrue(refused.getStatus().getDescription().contains("stolen"), refused.getMessage());
            assertFalse(Files.exists(snapshot.resolve("stolen"), LinkOption.NOFOLLOW_LINKS));
            assertEquals(1, (int) Files.getAttribute(dir.resolve("outside"), "unix:nlink"));
            assertFalse(Files.exists(dir.resolve("escaped"), LinkOption.NOFOLLOW_LINKS));
            assertFalse(Files.exists(dir.getParent().resolve("escaped"), LinkOption.NOFOLLOW_LINKS));
            assertEquals(0, daemon.terminate());
        }
    }

    /** A tar stream of one file followed by entries without content (links). */
    private static byte[] tar(String name, String content, TarArchiveEntry... links) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            byte[] data = content.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
            entry.setMode(0644);
            entry.setSize(data.length);
            tar.putArchiveEntry(entry);
            tar.write(data);
            tar.closeArchiveEntry();
            for (TarArchiveEntry link : links) {
                tar.putArchiveEntry(link);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] gzip(byte[] tar) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(tar);
        }
        return out.toByteArray();
    }

    private Path write(String name, byte[] data) throws IOException {
        return Files.write(dir.resolve(name), data);
    }

    private static Path zstd(Path tar) throws IOException, InterruptedException {
        Command.run(ZSTD, "-q", tar).expectSuccess();
        return tar.resolveSibling(tar.getFileName() + ".zst");
    }

    private static String ingest(Ctr ctr, Path layer) throws IOException, InterruptedException {
        String digest = ContentClient.sha256(Files.readAllBytes(layer));
        ctr.runWithInput(layer, "content", "ingest", "--expected-digest", digest, "layer-" + layer.getFileName())
                .expectSuccess();
        return digest;
    }

    private static DiffGrpc.DiffBlockingStub diff(DaemonProcess daemon) {
        return Namespaced.stub(DiffGrpc.newBlockingStub(daemon.channel()), "default");
    }

    private static ApplyRequest apply(String digest, String mediaType, Mount mount) {
        return ApplyRequest.newBuilder()
                .setDiff(Descriptor.newBuilder().setMediaType(mediaType).setDigest(digest))
                .addMounts(mount).build();
    }

    private static Mount bind(Path source) {
        return Mount.newBuilder().setType("bind").setSource(source.toString())
                .addAllOptions(List.of("rbind", "rw")).build();
    }

    private static List<Path> nativeLibrariesOfTheFramework(DaemonProcess daemon) throws IOException {
        try (Stream<Path> files = Files.walk(daemon.root().resolve("felix-cache"))) {
            return files.filter(file -> file.toString().contains("bundle.jar-lib")).toList();
        }
    }
}

package io.berth.itests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.berth.itests.support.Command;
import io.berth.itests.support.Ctr;
import io.berth.itests.support.DaemonProcess;
import io.berth.itests.support.Distribution;
import io.berth.itests.support.TestRegistry;

/**
 * A registry serves an image whose layer tries to escape: a `..` path, a symlink to the host's /tmp written
 * through, and a hard link to the host's /etc/passwd. `berth pull` refuses it with a clear error; nothing appears
 * on the host, /etc/passwd is unchanged, and the pull's lease is gone.
 */
class HostilePullTest {
    private static final String LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";

    @TempDir
    Path dir;

    @Test
    void aLayerThatEscapesIsRefusedAndTheHostIsUntouched() throws Exception {
        Ctr.assumeInstalled();
        TestRegistry.assumeInstalled();
        String marker = "berth-escape-" + UUID.randomUUID();
        byte[] passwd = Files.readAllBytes(Path.of("/etc/passwd"));
        try (TestRegistry registry = TestRegistry.start();
                DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            String reference = push(registry, "berth/hostile", hostileLayer(marker));

            Command.Result pull = Command.run(Distribution.berth().toString(), "-a", daemon.socket().toString(),
                    "pull", "--plain-http", "--snapshotter", "native", reference);

            assertEquals(1, pull.exit(), pull.out());
            assertTrue(pull.err().contains("InvalidArgument") && pull.err().contains("passwd"), pull.err());
            assertFalse(Files.exists(Path.of("/tmp", marker + "-dots")), "written outside the snapshot");
            assertFalse(Files.exists(Path.of("/tmp", marker + "-through-link")), "written through a symlink");
            assertArrayEquals(passwd, Files.readAllBytes(Path.of("/etc/passwd")));
            Ctr ctr = new Ctr(daemon.socket());
            assertEquals("", ctr.run("leases", "ls", "-q").expectSuccess().out().strip(), "the pull's lease is gone");
            assertEquals("", ctr.run("images", "ls", "-q").expectSuccess().out().strip());
        }
    }

    /** A gzip layer escaping three ways; the hard link last, so the others have been applied when it is refused. */
    private static byte[] hostileLayer(String marker) throws IOException {
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(gzipped))) {
            file(tar, "../../../../../../tmp/" + marker + "-dots", "clamped inside the root");
            TarArchiveEntry link = new TarArchiveEntry("escape", TarArchiveEntry.LF_SYMLINK);
            link.setLinkName("/tmp");
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
            file(tar, "escape/" + marker + "-through-link", "kept inside the root");
            TarArchiveEntry hard = new TarArchiveEntry("passwd", TarArchiveEntry.LF_LINK);
            hard.setLinkName("../../../../../../etc/passwd");
            tar.putArchiveEntry(hard);
            tar.closeArchiveEntry();
        }
        return gzipped.toByteArray();
    }

    private static void file(TarArchiveOutputStream tar, String name, String text) throws IOException {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(data.length);
        tar.putArchiveEntry(entry);
        tar.write(data);
        tar.closeArchiveEntry();
    }

    /** Pushes a one-layer image through the registry's own HTTP API; returns its reference. */
    private static String push(TestRegistry registry, String repository, byte[] layer) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://" + registry.host() + "/v2/" + repository;
        byte[] uncompressed = gunzip(layer);
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\","
                + "\"diff_ids\":[\"" + sha256(uncompressed) + "\"]},\"config\":{}}").getBytes(StandardCharsets.UTF_8);
        for (byte[] blob : List.of(layer, config)) {
            HttpResponse<Void> start = http.send(HttpRequest.newBuilder(URI.create(base + "/blobs/uploads/"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
            String location = start.headers().firstValue("Location").orElseThrow();
            URI upload = URI.create(base).resolve(location);
            String separator = upload.getQuery() == null ? "?" : "&";
            HttpResponse<Void> put = http.send(HttpRequest.newBuilder(URI.create(upload + separator + "digest="
                    + sha256(blob))).PUT(HttpRequest.BodyPublishers.ofByteArray(blob)).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertEquals(201, put.statusCode(), "blob upload");
        }
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
                + sha256(config) + "\",\"size\":" + config.length + "},\"layers\":[{\"mediaType\":\"" + LAYER
                + "\",\"digest\":\"" + sha256(layer) + "\",\"size\":" + layer.length + "}]}";
        HttpResponse<Void> put = http.send(HttpRequest.newBuilder(URI.create(base + "/manifests/1"))
                .header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                .PUT(HttpRequest.BodyPublishers.ofString(manifest)).build(), HttpResponse.BodyHandlers.discarding());
        assertEquals(201, put.statusCode(), "manifest upload");
        return registry.reference(repository, "1");
    }

    private static byte[] gunzip(byte[] gzipped) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            return in.readAllBytes();
        }
    }

    private static String sha256(byte[] data) throws NoSuchAlgorithmException {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}

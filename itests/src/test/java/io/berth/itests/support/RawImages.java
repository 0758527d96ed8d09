package io.berth.itests.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;

import io.berth.itests.support.TestImages.Blob;
import io.berth.itests.support.TestImages.PushedImage;

/**
 * One-layer images pushed through the registry's own HTTP API, as any client pushes them: for layers that
 * no image tool would build, such as hostile ones. Only for a registry open to all.
 */
public final class RawImages {
    public static final String GZIP_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";
    private static final String CONFIG = "application/vnd.oci.image.config.v1+json";
    private static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";

    private RawImages() {
    }

    /** Pushes a linux/amd64 image whose only layer is {@code gzippedTar}; its config names the layer's diff id. */
    public static PushedImage pushGzipLayer(TestRegistry registry, String repository, String tag, byte[] gzippedTar)
            throws IOException, InterruptedException {
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\","
                + "\"diff_ids\":[\"" + diffId(gzippedTar) + "\"]},\"config\":{}}").getBytes(StandardCharsets.UTF_8);
        Blob layer = new Blob(GZIP_LAYER, sha256(gzippedTar), gzippedTar.length);
        Blob configBlob = new Blob(CONFIG, sha256(config), config.length);
        String base = "http://" + registry.host() + "/v2/" + repository;
        try (HttpClient http = HttpClient.newHttpClient()) {
            pushBlob(http, base, gzippedTar);
            pushBlob(http, base, config);
            byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MANIFEST + "\",\"config\":"
                    + descriptor(configBlob) + ",\"layers\":[" + descriptor(layer) + "]}")
                    .getBytes(StandardCharsets.UTF_8);
            HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(base + "/manifests/" + tag))
                    .header("Content-Type", MANIFEST).PUT(HttpRequest.BodyPublishers.ofByteArray(manifest)).build(),
                    HttpResponse.BodyHandlers.ofString());
            expect(201, put);
            return new PushedImage(registry.reference(repository, tag),
                    new Blob(MANIFEST, sha256(manifest), manifest.length), configBlob, List.of(layer));
        }
    }

    private static void pushBlob(HttpClient http, String base, byte[] blob) throws IOException, InterruptedException {
        HttpResponse<String> start = http.send(HttpRequest.newBuilder(URI.create(base + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        expect(202, start);
        URI upload = URI.create(base).resolve(start.headers().firstValue("Location").orElseThrow());
        String separator = upload.getRawQuery() == null ? "?" : "&";
        expect(201, http.send(HttpRequest.newBuilder(URI.create(upload + separator + "digest=" + sha256(blob)))
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(blob)).build(), HttpResponse.BodyHandlers.ofString()));
    }

    private static String descriptor(Blob blob) {
        return "{\"mediaType\":\"" + blob.mediaType() + "\",\"digest\":\"" + blob.digest() + "\",\"size\":"
                + blob.size() + "}";
    }

    private static void expect(int status, HttpResponse<String> response) {
        if (response.statusCode() != status) {
            throw new AssertionError(response.request().method() + " " + response.uri() + " answered "
                    + response.statusCode() + ", expected " + status + ": " + response.body());
        }
    }

    /** The digest of the uncompressed tar, streamed: a bomb is never held inflated in memory. */
    private static String diffId(byte[] gzippedTar) throws IOException {
        MessageDigest sha256 = newSha256();
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzippedTar))) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                sha256.update(buffer, 0, n);
            }
        }
        return "sha256:" + HexFormat.of().formatHex(sha256.digest());
    }

    public static String sha256(byte[] data) {
        return "sha256:" + HexFormat.of().formatHex(newSha256().digest(data));
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}

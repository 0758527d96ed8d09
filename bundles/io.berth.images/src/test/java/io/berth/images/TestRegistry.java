package io.berth.images;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

import io.berth.api.content.Descriptor;
import io.berth.api.content.Digest;
import io.berth.api.content.DigestAlgorithm;

/** Debian's real {@code docker-registry} on 127.0.0.1 over plain HTTP, filled through its HTTP API. */
final class TestRegistry implements AutoCloseable {
    private static final Path DOCKER_REGISTRY = Path.of("/usr/bin/docker-registry");

    private final Path dir;
    private final Process process;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();

    private TestRegistry(Path dir, Process process, int port) {
        this.dir = dir;
        this.process = process;
        this.port = port;
    }

    static TestRegistry start(Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(DOCKER_REGISTRY),
                DOCKER_REGISTRY + " is not installed (Debian package docker-registry)");
        Files.createDirectories(dir);
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Path config = dir.resolve("config.yml");
        Files.writeString(config, """
                version: 0.1
                log:
                  level: warn
                  accesslog:
                    disabled: true
                storage:
                  filesystem:
                    rootdirectory: %s
                http:
                  addr: 127.0.0.1:%d
                  secret: berth-test-registry
                """.formatted(dir.resolve("storage"), port), StandardCharsets.UTF_8);
        Process process = new ProcessBuilder(DOCKER_REGISTRY.toString(), "serve", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("registry.log").toFile())
                .start();
        TestRegistry registry = new TestRegistry(dir, process, port);
        registry.awaitListening();
        return registry;
    }

    private void awaitListening() throws IOException, InterruptedException {
        while (true) {
            if (!process.isAlive()) {
                throw new AssertionError("docker-registry exited:\n" + Files.readString(dir.resolve("registry.log")));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                return;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
    }

    String host() {
        return "127.0.0.1:" + port;
    }

    /** Where the registry keeps a blob's bytes, to make it serve others. */
    Path blobFile(Digest digest) {
        return dir.resolve("storage/docker/registry/v2/blobs").resolve(digest.algorithm().id())
                .resolve(digest.hex().substring(0, 2)).resolve(digest.hex()).resolve("data");
    }

    Descriptor pushBlob(String repository, String mediaType, byte[] content) throws IOException, InterruptedException {
        Digest digest = Digest.compute(DigestAlgorithm.SHA256, content);
        HttpResponse<String> started = expect(202, http.send(HttpRequest.newBuilder(
                URI.create("http://" + host() + "/v2/" + repository + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()));
        URI location = URI.create("http://" + host()).resolve(started.headers().firstValue("Location").orElseThrow());
        String separator = location.getRawQuery() == null ? "?" : "&";
        expect(201, http.send(HttpRequest.newBuilder(URI.create(location + separator + "digest=" + digest))
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build(), HttpResponse.BodyHandlers.ofString()));
        return new Descriptor(mediaType, digest, content.length, Map.of());
    }

    Descriptor pushManifest(String repository, String tag, String mediaType, byte[] content)
            throws IOException, InterruptedException {
        expect(201, http.send(HttpRequest.newBuilder(
                URI.create("http://" + host() + "/v2/" + repository + "/manifests/" + tag))
                .header("Content-Type", mediaType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build(), HttpResponse.BodyHandlers.ofString()));
        return new Descriptor(mediaType, Digest.compute(DigestAlgorithm.SHA256, content), content.length, Map.of());
    }

    private static HttpResponse<String> expect(int status, HttpResponse<String> response) {
        if (response.statusCode() != status) {
            throw new AssertionError(response.request().method() + " " + response.uri() + " answered "
                    + response.statusCode() + ", expected " + status + ": " + response.body());
        }
        return response;
    }

    @Override
    public void close() throws InterruptedException {
        http.close();
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}

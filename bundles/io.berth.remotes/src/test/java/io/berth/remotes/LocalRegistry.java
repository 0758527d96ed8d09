package io.berth.remotes;

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

/**
 * Debian's real {@code docker-registry} on 127.0.0.1 with its config and filesystem storage in a directory of
 * its own; blobs and manifests are pushed through its HTTP API, as any client pushes them.
 */
final class LocalRegistry implements AutoCloseable {
    private static final Path DOCKER_REGISTRY = Path.of("/usr/bin/docker-registry");

    private final Path dir;
    private final Process process;
    private final int port;
    private final String scheme;
    private final HttpClient http;
    private final String authorization;

    private LocalRegistry(Path dir, Process process, int port, String scheme, HttpClient http, String authorization) {
        this.dir = dir;
        this.process = process;
        this.port = port;
        this.scheme = scheme;
        this.http = http;
        this.authorization = authorization;
    }

    static void assumeInstalled() {
        Assumptions.assumeTrue(Files.isExecutable(DOCKER_REGISTRY),
                DOCKER_REGISTRY + " is not installed (Debian package docker-registry)");
    }

    /** A plain HTTP registry without auth. */
    static LocalRegistry start(Path dir) throws Exception {
        return start(dir, "", null, null);
    }

    /**
     * @param extraConfig YAML appended at the top level, such as an {@code auth:} section
     * @param tls the server certificate and key, or null for plain HTTP
     * @param pushAuthorization the Authorization header this helper's pushes send, or null
     */
    static LocalRegistry start(Path dir, String extraConfig, TestCerts.ServerCert tls, String pushAuthorization)
            throws Exception {
        Files.createDirectories(dir);
        int port = freePort();
        String tlsConfig = tls == null ? "" : """
                  tls:
                    certificate: %s
                    key: %s
                """.formatted(tls.certificate(), tls.key());
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
                  delete:
                    enabled: true
                http:
                  addr: 127.0.0.1:%d
                  secret: berth-test-registry
                %s%s""".formatted(dir.resolve("storage"), port, tlsConfig, extraConfig), StandardCharsets.UTF_8);
        Process process = new ProcessBuilder(DOCKER_REGISTRY.toString(), "serve", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("registry.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        HttpClient.Builder client = HttpClient.newBuilder();
        if (tls != null) {
            client.sslContext(tls.clientContext());
        }
        LocalRegistry registry = new LocalRegistry(dir, process, port, tls == null ? "http" : "https",
                client.build(), pushAuthorization);
        registry.awaitListening();
        return registry;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void awaitListening() throws IOException, InterruptedException {
        while (true) {
            if (!process.isAlive()) {
                throw new AssertionError("docker-registry exited:\n" + log());
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

    String url() {
        return scheme + "://" + host();
    }

    String log() throws IOException {
        return Files.readString(dir.resolve("registry.log"), StandardCharsets.UTF_8);
    }

    /** Where the registry keeps a blob's bytes, to make it lie about them. */
    Path blobFile(Digest digest) {
        return dir.resolve("storage/docker/registry/v2/blobs").resolve(digest.algorithm().id())
                .resolve(digest.hex().substring(0, 2)).resolve(digest.hex()).resolve("data");
    }

    Descriptor pushBlob(String repository, String mediaType, byte[] content) throws IOException, InterruptedException {
        Digest digest = Digest.compute(DigestAlgorithm.SHA256, content);
        HttpResponse<String> started = send(HttpRequest.newBuilder(URI.create(url() + "/v2/" + repository + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        expect(202, started);
        URI location = URI.create(url()).resolve(started.headers().firstValue("Location").orElseThrow());
        String separator = location.getRawQuery() == null ? "?" : "&";
        expect(201, send(HttpRequest.newBuilder(URI.create(location + separator + "digest=" + digest))
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content))));
        return new Descriptor(mediaType, digest, content.length, Map.of());
    }

    Descriptor pushManifest(String repository, String tag, String mediaType, byte[] content)
            throws IOException, InterruptedException {
        expect(201, send(HttpRequest.newBuilder(URI.create(url() + "/v2/" + repository + "/manifests/" + tag))
                .header("Content-Type", mediaType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content))));
        return new Descriptor(mediaType, Digest.compute(DigestAlgorithm.SHA256, content), content.length, Map.of());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void expect(int status, HttpResponse<String> response) throws IOException {
        if (response.statusCode() != status) {
            throw new AssertionError(response.request().method() + " " + response.uri() + " answered "
                    + response.statusCode() + ", expected " + status + ": " + response.body() + "\n" + log());
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        http.close();
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}

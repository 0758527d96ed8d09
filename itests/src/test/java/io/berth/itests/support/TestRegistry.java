package io.berth.itests.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * Debian's real {@code docker-registry} (the CNCF distribution registry) on 127.0.0.1, plain HTTP,
 * no auth, its storage and config in a directory of its own that {@link #close()} removes.
 */
public final class TestRegistry implements AutoCloseable {
    private static final Path DOCKER_REGISTRY = Path.of("/usr/bin/docker-registry");
    private static final int ATTEMPTS = 3;

    private final Path dir;
    private final Process process;
    private final int port;

    private TestRegistry(Path dir, Process process, int port) {
        this.dir = dir;
        this.process = process;
        this.port = port;
    }

    /**
     * Skips the calling test, saying why, where the registry or the tools that build and push the
     * test images are not installed.
     */
    public static void assumeInstalled() {
        assumeExecutable(DOCKER_REGISTRY, "docker-registry");
        assumeExecutable(TestImages.SKOPEO, "skopeo");
        assumeExecutable(TestImages.UMOCI, "umoci");
        assumeExecutable(TestImages.BUSYBOX, "busybox-static");
    }

    private static void assumeExecutable(Path program, String debianPackage) {
        Assumptions.assumeTrue(Files.isExecutable(program),
                program + " is not installed (Debian package " + debianPackage + "); .ci/run installs it");
    }

    /** Starts a registry on a free port and waits until {@code GET /v2/} answers. */
    public static TestRegistry start() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("berth-registry");
        // Another process may take the port between our probe and the registry's bind: try a few.
        for (int attempt = 1; ; attempt++) {
            int port = freePort();
            Process process = launch(dir, port);
            TestRegistry registry = new TestRegistry(dir, process, port);
            try {
                if (registry.awaitServing()) {
                    return registry;
                }
            } catch (Throwable e) {
                registry.close();
                throw e;
            }
            if (attempt == ATTEMPTS) {
                String log = registry.log();
                registry.close();
                throw new AssertionError("docker-registry exited before serving:\n" + log);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static Process launch(Path dir, int port) throws IOException {
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
                """.formatted(dir.resolve("storage"), port), StandardCharsets.UTF_8);
        return new ProcessBuilder(DOCKER_REGISTRY.toString(), "serve", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("registry.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
    }

    /** True once the registry answers, false if it exited first (a port taken under us). */
    private boolean awaitServing() throws IOException, InterruptedException {
        HttpRequest probe = HttpRequest.newBuilder(URI.create("http://" + host() + "/v2/"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try (HttpClient http = HttpClient.newHttpClient()) {
            while (true) {
                if (!process.isAlive()) {
                    return false;
                }
                try {
                    if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return true;
                    }
                } catch (IOException notYet) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("docker-registry did not answer within 30 s:\n" + log(), notYet);
                    }
                }
                Thread.sleep(20);
            }
        }
    }

    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:<port>}, the host part of every image reference in this registry. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    /** {@code 127.0.0.1:<port>/<repository>:<tag>}. */
    public String reference(String repository, String tag) {
        return host() + "/" + repository + ":" + tag;
    }

    public Path dir() {
        return dir;
    }

    /** What the registry logged so far (warnings and errors). */
    public String log() {
        try {
            return Files.readString(dir.resolve("registry.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
        deleteTree(dir);
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}

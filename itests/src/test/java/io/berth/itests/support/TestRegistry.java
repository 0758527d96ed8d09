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
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

import io.berth.test.support.TokenServer;

/**
 * Debian's real {@code docker-registry} (the CNCF distribution registry) on 127.0.0.1, its storage and config
 * in a directory of its own that {@link #close()} removes: plain HTTP with no auth, or guarded by an htpasswd
 * file (Basic auth), or by bearer tokens from a {@link TokenServer}, or serving HTTPS with a certificate of a
 * test CA.
 */
public final class TestRegistry implements AutoCloseable {
    private static final Path DOCKER_REGISTRY = Path.of("/usr/bin/docker-registry");
    private static final Path PERL = Path.of("/usr/bin/perl");
    private static final int ATTEMPTS = 3;

    private final Path dir;
    private final Process process;
    private final int port;
    private final TestCertificates tls;
    private final List<String> pushFlags;
    private final boolean accessLog;

    private TestRegistry(Path dir, Process process, int port, TestCertificates tls, List<String> pushFlags,
            boolean accessLog) {
        this.dir = dir;
        this.process = process;
        this.port = port;
        this.tls = tls;
        this.pushFlags = pushFlags;
        this.accessLog = accessLog;
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

    /** Starts a plain HTTP registry open to all on a free port and waits until {@code GET /v2/} answers. */
    public static TestRegistry start() throws IOException, InterruptedException {
        return start(Files.createTempDirectory("berth-registry"), "", null, List.of(), false);
    }

    /**
     * Starts a plain HTTP registry that lets in only {@code user} with {@code password}, by Basic auth; images
     * are pushed to it with those credentials.
     */
    public static TestRegistry startWithBasicAuth(String user, String password)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("berth-registry");
        Path htpasswd = dir.resolve("htpasswd");
        Files.writeString(htpasswd, user + ":" + bcrypt(password) + "\n", StandardCharsets.UTF_8);
        String auth = """
                auth:
                  htpasswd:
                    realm: berth-test
                    path: %s
                """.formatted(htpasswd);
        return start(dir, auth, null, List.of("--dest-creds", user + ":" + password), false);
    }

    /**
     * Starts a plain HTTP registry in token mode: every request needs a bearer token that {@code tokens}
     * signed; images are pushed to it by skopeo, which asks {@code tokens} with {@code user}'s credentials.
     * Its access log counts the requests it served ({@link #blobRequests}).
     */
    public static TestRegistry startWithTokenAuth(TokenServer tokens, String user, String password)
            throws IOException, InterruptedException {
        return start(Files.createTempDirectory("berth-registry"), tokens.registryConfig(), null,
                List.of("--dest-creds", user + ":" + password), true);
    }

    /** Starts a registry that serves HTTPS with {@code certificates}' server certificate. */
    public static TestRegistry startWithTls(TestCertificates certificates) throws IOException, InterruptedException {
        String tls = """
                  tls:
                    certificate: %s
                    key: %s
                """.formatted(certificates.certificate(), certificates.key());
        return start(Files.createTempDirectory("berth-registry"), tls, certificates, List.of(), false);
    }

    /** Skips the calling test, saying why, where nothing here can make the bcrypt hash that htpasswd needs. */
    public static void assumeBasicAuthPossible() {
        Assumptions.assumeTrue(Files.isExecutable(PERL), PERL + " is not installed: it makes the bcrypt htpasswd line");
    }

    /** The bcrypt hash docker-registry's htpasswd wants, through the C library's crypt(3) from perl. */
    private static String bcrypt(String password) throws IOException, InterruptedException {
        String hash = Command.run(PERL, "-e", "print crypt($ARGV[0], $ARGV[1])", password,
                "$2b$05$bErThTeStSaLtSaLtSaLtu").expectSuccess().out();
        Assumptions.assumeTrue(hash.startsWith("$2b$"), "the C library's crypt(3) has no bcrypt: " + hash);
        return hash;
    }

    /**
     * @param extraConfig YAML for the top level, or indented for {@code http:} when {@code tls} is given
     */
    private static TestRegistry start(Path dir, String extraConfig, TestCertificates tls, List<String> pushFlags,
            boolean accessLog) throws IOException, InterruptedException {
        // Another process may take the port between our probe and the registry's bind: try a few.
        for (int attempt = 1; ; attempt++) {
            int port = freePort();
            Process process = launch(dir, port, extraConfig, accessLog);
            TestRegistry registry = new TestRegistry(dir, process, port, tls, pushFlags, accessLog);
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

    private static Process launch(Path dir, int port, String extraConfig, boolean accessLog) throws IOException {
        Path config = dir.resolve("config.yml");
        Files.writeString(config, """
                version: 0.1
                log:
                  level: warn
                  accesslog:
                    disabled: %s
                storage:
                  filesystem:
                    rootdirectory: %s
                  delete:
                    enabled: true
                http:
                  addr: 127.0.0.1:%d
                  secret: berth-test-registry
                %s""".formatted(!accessLog, dir.resolve("storage"), port, extraConfig), StandardCharsets.UTF_8);
        return new ProcessBuilder(DOCKER_REGISTRY.toString(), "serve", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("registry.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
    }

    /**
     * True once the registry answers (401 counts: an htpasswd registry asks for credentials), false if it
     * exited first (a port taken under us).
     */
    private boolean awaitServing() throws IOException, InterruptedException {
        HttpRequest probe = HttpRequest.newBuilder(URI.create(scheme() + "://" + host() + "/v2/"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try (HttpClient http = client()) {
            while (true) {
                if (!process.isAlive()) {
                    return false;
                }
                try {
                    int status = http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode();
                    if (status == 200 || status == 401) {
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

    private HttpClient client() {
        if (tls == null) {
            return HttpClient.newHttpClient();
        }
        try {
            return HttpClient.newBuilder().sslContext(tls.trustingContext()).build();
        } catch (IOException | GeneralSecurityException e) {
            throw new AssertionError("cannot trust the test CA " + tls.ca(), e);
        }
    }

    private String scheme() {
        return tls == null ? "http" : "https";
    }

    /** What skopeo needs to push here besides the destination: the credentials of a guarded registry. */
    List<String> pushFlags() {
        return pushFlags;
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

    /**
     * How many GET requests for blobs of {@code repository} the registry has answered so far, whatever their
     * status; counted from its access log, so only a registry started with one can tell.
     */
    public long blobRequests(String repository) {
        if (!accessLog) {
            throw new IllegalStateException("this registry keeps no access log");
        }
        String request = "\"GET /v2/" + repository + "/blobs/";
        return log().lines().filter(line -> line.contains(request)).count();
    }

    /** Where the registry keeps a blob's bytes: overwriting them makes it serve other bytes under the digest. */
    public Path blobFile(String digest) {
        String hex = digest.substring(digest.indexOf(':') + 1);
        return dir.resolve("storage/docker/registry/v2/blobs").resolve(digest.substring(0, digest.indexOf(':')))
                .resolve(hex.substring(0, 2)).resolve(hex).resolve("data");
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

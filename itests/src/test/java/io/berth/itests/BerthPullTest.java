package io.berth.itests;

import static io.berth.itests.support.BerthCli.berth;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.berth.itests.support.Command;
import io.berth.itests.support.Ctr;
import io.berth.itests.support.DaemonProcess;
import io.berth.itests.support.TestCertificates;
import io.berth.itests.support.TestImages;
import io.berth.itests.support.TestImages.PushedImage;
import io.berth.itests.support.TestRegistry;
import io.berth.test.support.SigningKey;
import io.berth.test.support.TokenServer;

/**
 * {@code berth pull}: berthd pulls from the real docker-registry with its own registry client (plain HTTP, Basic
 * auth, bearer tokens, TLS with a CA from hosts.toml, a mirror from hosts.toml), and Debian's ctr sees the image
 * and its snapshots.
 */
class BerthPullTest {
    private static final String USER = "berth";
    private static final String PASSWORD = "s3cret pass";

    @TempDir
    Path dir;

    @Test
    void plainHttpPullStoresTheImageAndItsSnapshotChain() throws Exception {
        Ctr.assumeInstalled();
        TestRegistry.assumeInstalled();
        try (TestRegistry registry = TestRegistry.start();
                DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            PushedImage image = TestImages.pushSmall(registry, "berth/pull", "plain");

            String out = berth(daemon, "pull", "--plain-http", "--snapshotter", "native", image.reference())
                    .expectSuccess().out();

            assertTrue(out.endsWith("pulled " + image.reference() + " " + image.manifestDigest() + "\n"), out);
            for (TestImages.Blob layer : image.layers()) {
                assertTrue(out.contains("layer-" + layer.digest() + ": done"), out);
                assertTrue(out.contains("layer-" + layer.digest() + ": unpacked"), out);
            }
            assertTrue(!out.contains("\u001b"), "no terminal, no escapes: " + out);
            Ctr ctr = new Ctr(daemon.socket());
            String images = ctr.run("images", "ls", "-q").expectSuccess().out();
            assertEquals(List.of(image.reference()), images.lines().toList());
            List<String> snapshots = ctr.run("snapshots", "--snapshotter", "native", "ls").expectSuccess().out()
                    .lines().skip(1).filter(line -> !line.isBlank()).toList();
            assertEquals(image.layers().size(), snapshots.size(), snapshots.toString());
            assertTrue(snapshots.stream().allMatch(row -> row.trim().endsWith("Committed")), snapshots.toString());
            assertEquals(1, snapshots.stream().filter(row -> row.trim().split("\\s+").length == 2).count(),
                    "one layer has no parent: " + snapshots);
            assertTrue(!daemon.log().contains(" ERROR "), daemon.log());
        }
    }

    @Test
    void unknownSnapshotterIsRefusedClearly() throws Exception {
        TestRegistry.assumeInstalled();
        try (TestRegistry registry = TestRegistry.start();
                DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            PushedImage image = TestImages.pushSmall(registry, "berth/pull", "plain");

            Command.Result result = berth(daemon, "pull", "--plain-http", "--snapshotter", "nonesuch",
                    image.reference());

            assertNotEquals(0, result.exit());
            assertTrue(result.err().contains("pull " + image.reference() + ": InvalidArgument")
                    && result.err().contains("nonesuch"), result.err());
        }
    }

    @Test
    void basicAuthRegistryRefusesAnonymousPullsAndServesTheUser() throws Exception {
        TestRegistry.assumeInstalled();
        TestRegistry.assumeBasicAuthPossible();
        try (TestRegistry registry = TestRegistry.startWithBasicAuth(USER, PASSWORD);
                DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            PushedImage image = TestImages.pushSmall(registry, "berth/private", "1");

            Command.Result anonymous = berth(daemon, "pull", "--plain-http", image.reference());
            assertNotEquals(0, anonymous.exit());
            assertTrue(anonymous.err().startsWith("berth: pull " + image.reference() + ": PermissionDenied: "),
                    anonymous.err());
            assertTrue(anonymous.err().contains("requires a user name and password"), anonymous.err());

            Command.Result wrong = berth(daemon, "pull", "--plain-http", "--user", USER + ":wrong", image.reference());
            assertNotEquals(0, wrong.exit(), wrong.out());
            assertTrue(wrong.err().contains("PermissionDenied"), wrong.err());

            String out = berth(daemon, "pull", "--plain-http", "--user", USER + ":" + PASSWORD, image.reference())
                    .expectSuccess().out();
            assertTrue(out.endsWith("pulled " + image.reference() + " " + image.manifestDigest() + "\n"), out);
        }
    }

    @Test
    void tokenRegistryRefusesAnonymousPullsAndServesTheUserWithOneTokenForAllBlobs() throws Exception {
        Ctr.assumeInstalled();
        TestRegistry.assumeInstalled();
        TestCertificates.assumeInstalled();
        String repository = "berth/tokens";
        try (TokenServer tokens = TokenServer.start(SigningKey.create(dir.resolve("token-key")), USER, PASSWORD);
                TestRegistry registry = TestRegistry.startWithTokenAuth(tokens, USER, PASSWORD);
                DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            PushedImage image = TestImages.pushSmall(registry, repository, "1");

            Command.Result anonymous = berth(daemon, "pull", "--plain-http", image.reference());
            assertNotEquals(0, anonymous.exit(), anonymous.out());
            assertTrue(anonymous.err().startsWith("berth: pull " + image.reference() + ": PermissionDenied: "),
                    anonymous.err());
            assertTrue(anonymous.err().contains("token server") && anonymous.err().contains("401"), anonymous.err());

            Command.Result wrong = berth(daemon, "pull", "--plain-http", "-u", USER + ":wrong", image.reference());
            assertNotEquals(0, wrong.exit(), wrong.out());
            assertTrue(wrong.err().contains("PermissionDenied"), wrong.err());

            int tokensBefore = tokens.requests();
            long blobsBefore = registry.blobRequests(repository);
            String out = berth(daemon, "pull", "--plain-http", "-u", USER + ":" + PASSWORD, image.reference())
                    .expectSuccess().out();

            assertTrue(out.endsWith("pulled " + image.reference() + " " + image.manifestDigest() + "\n"), out);
            Ctr ctr = new Ctr(daemon.socket());
            assertEquals(List.of(image.reference()), ctr.run("images", "ls", "-q").expectSuccess().out().lines().toList());
            int tokenRequests = tokens.requests() - tokensBefore;
            long blobRequests = registry.blobRequests(repository) - blobsBefore;
            assertTrue(tokenRequests >= 1, "the registry's challenge was answered with a token");
            assertTrue(tokenRequests < blobRequests, "one token serves many blobs: " + tokenRequests
                    + " token requests for " + blobRequests + " blob requests");
        }
    }

    @Test
    void tlsRegistryIsTrustedThroughTheCaNamedInHostsToml() throws Exception {
        TestRegistry.assumeInstalled();
        TestCertificates.assumeInstalled();
        TestCertificates certificates = TestCertificates.create(dir.resolve("certs"));
        Path certsD = Files.createDirectories(dir.resolve("certs.d"));
        try (TestRegistry registry = TestRegistry.startWithTls(certificates);
                DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), remotes(certsD))) {
            PushedImage image = TestImages.pushSmall(registry, "berth/tls", "1");

            Command.Result untrusted = berth(daemon, "pull", image.reference());
            assertNotEquals(0, untrusted.exit(), untrusted.out());
            assertTrue(untrusted.err().startsWith("berth: pull " + image.reference() + ": Unavailable: "), untrusted.err());
            assertTrue(untrusted.err().contains("certificate"), untrusted.err());

            writeHostsToml(certsD, registry.host(), """
                    server = "https://%s"
                    ca = "%s"
                    """.formatted(registry.host(), certificates.ca()));
            String out = berth(daemon, "pull", image.reference()).expectSuccess().out();

            assertTrue(out.endsWith("pulled " + image.reference() + " " + image.manifestDigest() + "\n"), out);
        }
    }

    @Test
    void mirrorInHostsTomlServesWhatTheServerLacks() throws Exception {
        TestRegistry.assumeInstalled();
        Path certsD = Files.createDirectories(dir.resolve("certs.d"));
        try (TestRegistry server = TestRegistry.start();
                TestRegistry mirror = TestRegistry.start();
                DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), remotes(certsD))) {
            PushedImage mirrored = TestImages.pushSmall(mirror, "berth/mirrored", "1");
            String reference = server.reference("berth/mirrored", "1");

            Command.Result serverOnly = berth(daemon, "pull", "--plain-http", reference);
            assertNotEquals(0, serverOnly.exit(), "the server has no such image: " + serverOnly.out());
            assertTrue(serverOnly.err().contains("NotFound"), serverOnly.err());

            writeHostsToml(certsD, server.host(), """
                    server = "http://%s"

                    [host."http://%s"]
                      capabilities = ["pull", "resolve"]
                    """.formatted(server.host(), mirror.host()));
            String out = berth(daemon, "pull", "--plain-http", reference).expectSuccess().out();

            assertTrue(out.endsWith("pulled " + reference + " " + mirrored.manifestDigest() + "\n"), out);
        }
    }

    private static String remotes(Path certsD) {
        return """
                [remotes]
                config_path = "%s"
                """.formatted(certsD);
    }

    private static void writeHostsToml(Path certsD, String host, String text) throws IOException {
        Files.writeString(Files.createDirectories(certsD.resolve(host)).resolve("hosts.toml"), text,
                StandardCharsets.UTF_8);
    }
}

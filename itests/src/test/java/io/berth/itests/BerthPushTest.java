package io.berth.itests;

import static io.berth.itests.support.BerthCli.berth;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
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
 * {@code berth push}: berthd pushes an image it pulled to another repository of the real docker-registry (its
 * layers mounted there, not sent), anonymously, through Basic auth and with bearer tokens; skopeo and Debian's ctr
 * then read the pushed reference from the registry.
 */
class BerthPushTest {
    private static final Path SKOPEO = Path.of("/usr/bin/skopeo");
    private static final String USER = "berth";
    private static final String PASSWORD = "s3cret pass";

    @TempDir
    Path dir;

    @Test
    void pulledImagePushedToAnotherRepositoryIsReadBySkopeoAndPulledByCtr() throws Exception {
        Ctr.assumeInstalled();
        TestRegistry.assumeInstalled();
        try (TestRegistry registry = TestRegistry.start();
                DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            PushedImage image = TestImages.pushSmall(registry, "berth/source", "1");
            berth(daemon, "pull", "--plain-http", "--snapshotter", "native", image.reference()).expectSuccess();
            String copy = registry.reference("berth/copy", "2");

            String out = berth(daemon, "push", "--plain-http", image.reference(), copy).expectSuccess().out();

            assertTrue(out.endsWith("pushed " + copy + " " + image.manifestDigest() + "\n"), out);
            for (TestImages.Blob layer : image.layers()) {
                assertTrue(out.contains("layer-" + layer.digest() + ": mounted"), "mounted from berth/source: " + out);
            }
            assertTrue(out.contains("manifest-" + image.manifestDigest() + ": done"), out);
            String inspected = Command.run(SKOPEO.toString(), "inspect", "--tls-verify=false", "docker://" + copy)
                    .expectSuccess().out();
            assertTrue(inspected.contains("\"Digest\": \"" + image.manifestDigest() + "\""), inspected);

            Ctr ctr = new Ctr(daemon.socket());
            ctr.run("-n", "reader", "images", "pull", "--plain-http", copy).expectSuccess();
            String listed = ctr.run("-n", "reader", "images", "ls").expectSuccess().out();
            assertTrue(listed.lines().anyMatch(line -> line.startsWith(copy + " ") && line.contains(image.manifestDigest())),
                    listed);

            String again = berth(daemon, "push", "--plain-http", image.reference(), copy).expectSuccess().out();
            for (TestImages.Blob blob : image.blobs()) {
                assertTrue(again.contains(blob.digest() + ": exists"), "the repository has it: " + again);
            }
            assertTrue(!daemon.log().contains(" ERROR "), daemon.log());
        }
    }

    @Test
    void basicAuthRegistryRefusesAnonymousPushesAndTakesTheUsers() throws Exception {
        Ctr.assumeInstalled();
        TestRegistry.assumeInstalled();
        TestRegistry.assumeBasicAuthPossible();
        try (TestRegistry registry = TestRegistry.startWithBasicAuth(USER, PASSWORD);
                DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            PushedImage image = TestImages.pushSmall(registry, "berth/private", "1");
            berth(daemon, "pull", "--plain-http", "-u", USER + ":" + PASSWORD, image.reference()).expectSuccess();
            String copy = registry.reference("berth/private-copy", "1");

            Command.Result anonymous = berth(daemon, "push", "--plain-http", image.reference(), copy);
            assertNotEquals(0, anonymous.exit(), anonymous.out());
            assertTrue(anonymous.err().startsWith("berth: push " + copy + ": PermissionDenied: "), anonymous.err());

            String out = berth(daemon, "push", "--plain-http", "--user", USER + ":" + PASSWORD, image.reference(), copy)
                    .expectSuccess().out();

            assertTrue(out.endsWith("pushed " + copy + " " + image.manifestDigest() + "\n"), out);
            Ctr ctr = new Ctr(daemon.socket());
            ctr.run("-n", "reader", "images", "pull", "--plain-http", "--user", USER + ":" + PASSWORD, copy)
                    .expectSuccess();
            assertEquals(List.of(copy), ctr.run("-n", "reader", "images", "ls", "-q").expectSuccess().out()
                    .lines().toList());
        }
    }

    @Test
    void tokenRegistryTakesThePushWithTheUsersToken() throws Exception {
        Ctr.assumeInstalled();
        TestRegistry.assumeInstalled();
        TestCertificates.assumeInstalled();
        try (TokenServer tokens = TokenServer.start(SigningKey.create(dir.resolve("token-key")), USER, PASSWORD);
                TestRegistry registry = TestRegistry.startWithTokenAuth(tokens, USER, PASSWORD);
                DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            PushedImage image = TestImages.pushSmall(registry, "berth/token-source", "1");
            berth(daemon, "pull", "--plain-http", "-u", USER + ":" + PASSWORD, image.reference()).expectSuccess();
            String copy = registry.reference("berth/token-copy", "1");

            Command.Result anonymous = berth(daemon, "push", "--plain-http", image.reference(), copy);
            assertNotEquals(0, anonymous.exit(), anonymous.out());
            assertTrue(anonymous.err().contains("PermissionDenied"), anonymous.err());

            String out = berth(daemon, "push", "--plain-http", "-u", USER + ":" + PASSWORD, image.reference(), copy)
                    .expectSuccess().out();

            assertTrue(out.endsWith("pushed " + copy + " " + image.manifestDigest() + "\n"), out);
            Ctr ctr = new Ctr(daemon.socket());
            ctr.run("-n", "reader", "images", "pull", "--plain-http", "--user", USER + ":" + PASSWORD, copy)
                    .expectSuccess();
            assertEquals(List.of(copy), ctr.run("-n", "reader", "images", "ls", "-q").expectSuccess().out()
                    .lines().toList());
        }
    }

    @Test
    void pushOfAnImageTheNamespaceLacksIsNotFound() throws Exception {
        TestRegistry.assumeInstalled();
        Assumptions.assumeTrue(Files.isExecutable(SKOPEO), "skopeo is not installed");
        try (TestRegistry registry = TestRegistry.start();
                DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            Command.Result result = berth(daemon, "push", "--plain-http", registry.reference("berth/none", "1"));

            assertNotEquals(0, result.exit());
            assertTrue(result.err().startsWith("berth: push " + registry.reference("berth/none", "1") + ": NotFound"),
                    result.err());
        }
    }
}

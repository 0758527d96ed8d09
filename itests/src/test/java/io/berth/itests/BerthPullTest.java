package io.berth.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.berth.itests.support.Command;
import io.berth.itests.support.Ctr;
import io.berth.itests.support.DaemonProcess;
import io.berth.itests.support.Distribution;
import io.berth.itests.support.TestImages;
import io.berth.itests.support.TestImages.PushedImage;
import io.berth.itests.support.TestRegistry;

/**
 * {@code berth pull}: berthd pulls from the real docker-registry with its own registry client (plain HTTP, Basic
 * auth, TLS with a CA from hosts.toml, a mirror from hosts.toml), and Debian's ctr sees the image and its
 * snapshots.
 */
class BerthPullTest {
    @TempDir
    Path dir;

    private static Command.Result berth(DaemonProcess daemon, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Distribution.berth().toString(), "-a", daemon.socket().toString()));
        command.addAll(List.of(args));
        return Command.run(command);
    }

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
}

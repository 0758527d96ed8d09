package io.berth.itests;

import static io.berth.itests.support.BerthCli.berth;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.berth.itests.support.Command;
import io.berth.itests.support.Ctr;
import io.berth.itests.support.DaemonProcess;
import io.berth.itests.support.TestImages;
import io.berth.itests.support.TestImages.PushedImage;
import io.berth.itests.support.TestRegistry;

/**
 * {@code berth pull} into overlayfs, which can rebase, applies the layers side by side and stacks them at commit
 * (containerd 2.2's parallel unpack): Debian's ctr sees the chain with its parents, and a container snapshot
 * prepared on the top shows the image's files with its whiteout honoured. Pulls of one image at once both succeed.
 */
class BerthParallelPullTest {
    @TempDir
    Path dir;

    @Test
    void aPullIntoOverlayfsCommitsTheChainWithItsParentsAndItsTopMountsWithWhiteoutsHonoured() throws Exception {
        Ctr.assumeInstalled();
        TestRegistry.assumeInstalled();
        try (TestRegistry registry = TestRegistry.start();
                DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            PushedImage image = TestImages.pushSmall(registry, "berth/parallel", "1");
            Ctr ctr = new Ctr(daemon.socket());
            String plugins = berth(daemon, "plugins", "--detailed").expectSuccess().out();
            assertTrue(plugins.lines().anyMatch(line -> line.startsWith("Capabilities:") && line.endsWith("rebase")),
                    "overlayfs advertises the rebase capability: " + plugins);

            berth(daemon, "pull", "--plain-http", image.reference()).expectSuccess();

            Map<String, String> parents = committedChain(ctr);
            assertEquals(image.layers().size(), parents.size(), parents.toString());
            assertEquals(1, parents.values().stream().filter(String::isEmpty).count(), "one layer has no parent");
            Set<String> tops = new HashSet<>(parents.keySet());
            tops.removeAll(parents.values());
            assertEquals(1, tops.size(), "the chain is one line: " + parents);
            String top = tops.iterator().next();
            int depth = 0;
            for (String key = top; !key.isEmpty(); key = parents.get(key)) {
                assertTrue(parents.containsKey(key), key + " is a parent but not in the chain: " + parents);
                depth++;
            }
            assertEquals(image.layers().size(), depth, "every layer stands on the one below: " + parents);

            ctr.run("snapshots", "prepare", "rootfs", top).expectSuccess();
            Path target = Files.createDirectories(dir.resolve("rootfs"));
            String mount = ctr.run("snapshots", "mounts", target.toString(), "rootfs").expectSuccess().out().strip();
            assertTrue(mount.startsWith("mount -t overlay"), mount);
            Command.run("sh", "-c", mount).expectSuccess();
            try {
                assertEquals("hello\n", Files.readString(target.resolve("etc/app/greeting")));
                assertEquals("kept\n", Files.readString(target.resolve("data/kept")));
                assertEquals("added\n", Files.readString(target.resolve("data/added")));
                assertFalse(Files.exists(target.resolve("data/obsolete"), LinkOption.NOFOLLOW_LINKS),
                        "the top layer's whiteout hides the file");
                assertTrue(Files.isDirectory(target.resolve("data/empty")));
                assertTrue(Files.isRegularFile(target.resolve("bin/busybox")));
            } finally {
                Command.run("umount", target.toString()).expectSuccess();
            }
            assertTrue(!daemon.log().contains(" ERROR "), daemon.log());
        }
    }

    @Test
    void twoPullsOfOneImageStartedAtOnceBothSucceed() throws Exception {
        Ctr.assumeInstalled();
        TestRegistry.assumeInstalled();
        try (TestRegistry registry = TestRegistry.start();
                DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            PushedImage image = TestImages.pushSmall(registry, "berth/together", "1");

            List<CompletableFuture<Command.Result>> pulls = new ArrayList<>();
            for (String namespace : List.of("default", "default", "other")) {
                pulls.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return berth(daemon, "-n", namespace, "pull", "--plain-http", image.reference());
                    } catch (IOException | InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }

            for (CompletableFuture<Command.Result> pull : pulls) {
                String out = pull.join().expectSuccess().out();
                assertTrue(out.endsWith("pulled " + image.reference() + " " + image.manifestDigest() + "\n"), out);
            }
            Ctr ctr = new Ctr(daemon.socket());
            for (String namespace : List.of("default", "other")) {
                assertEquals(List.of(image.reference()), ctr.run("-n", namespace, "images", "ls", "-q")
                        .expectSuccess().out().lines().toList());
            }
            assertEquals(image.layers().size(), committedChain(ctr).size());
            String leftovers = ctr.run("snapshots", "ls").expectSuccess().out();
            assertFalse(leftovers.contains("extract-"), "no extraction snapshot is left: " + leftovers);
            assertTrue(!daemon.log().contains(" ERROR "), daemon.log());
        }
    }

    /** The committed overlayfs snapshots of the default namespace, each with its parent (empty: none). */
    private static Map<String, String> committedChain(Ctr ctr) throws IOException, InterruptedException {
        Map<String, String> parents = new HashMap<>();
        for (String row : ctr.run("snapshots", "ls").expectSuccess().out().lines().skip(1).toList()) {
            String[] columns = row.trim().split("\\s+");
            if (columns[columns.length - 1].equals("Committed")) {
                parents.put(columns[0], columns.length == 3 ? columns[1] : "");
            }
        }
        return parents;
    }
}

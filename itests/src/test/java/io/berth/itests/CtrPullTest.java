package io.berth.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.berth.itests.support.Command;
import io.berth.itests.support.Ctr;
import io.berth.itests.support.DaemonProcess;
import io.berth.itests.support.TestImages;
import io.berth.itests.support.TestImages.PushedImage;
import io.berth.itests.support.TestRegistry;

/**
 * Debian's ctr pulls a 3-layer image from the test registry into berthd and unpacks it into a snapshotter
 * (overlayfs, native, btrfs): the chain of committed snapshots is listed, and the image mounted shows its files
 * with the whiteout honoured.
 */
class CtrPullTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"overlayfs", "native"})
    void pullUnpacksTheLayersIntoAChainThatMountsAsTheImage(String snapshotter) throws Exception {
        pullAndMount(snapshotter, "");
    }

    /** The btrfs snapshotter on a loop-backed btrfs filesystem the test makes and removes. */
    @Test
    void pullUnpacksIntoBtrfsSubvolumes() throws Exception {
        Assumptions.assumeTrue(Files.readString(Path.of("/proc/filesystems")).contains("btrfs"),
                "the kernel has no btrfs");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/mkfs.btrfs")),
                "mkfs.btrfs is not installed (Debian package btrfs-progs); .ci/run installs it");
        Path image = dir.resolve("btrfs.img");
        Path mountPoint = Files.createDirectories(dir.resolve("btrfs"));
        Command.run("truncate", "-s", "300M", image.toString()).expectSuccess();
        Command.run("mkfs.btrfs", "-q", image.toString()).expectSuccess();
        Command.run("mount", "-o", "loop", image.toString(), mountPoint.toString()).expectSuccess();
        try {
            pullAndMount("btrfs", """
                    [plugins."io.containerd.snapshotter.v1.btrfs"]
                      root_path = "%s"
                    """.formatted(mountPoint.resolve("snapshotter")));
        } finally {
            Command.run("umount", "-d", mountPoint.toString()).expectSuccess();
        }
    }

    private void pullAndMount(String snapshotter, String config) throws Exception {
        Ctr.assumeInstalled();
        TestRegistry.assumeInstalled();
        try (TestRegistry registry = TestRegistry.start();
                DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), config)) {
            PushedImage image = TestImages.pushSmall(registry, "berth/pull", snapshotter);
            Ctr ctr = new Ctr(daemon.socket());

            ctr.run("images", "pull", "--plain-http", "--snapshotter", snapshotter, image.reference())
                    .expectSuccess();

            List<List<String>> snapshots = rows(ctr.run("snapshots", "--snapshotter", snapshotter, "ls")
                    .expectSuccess().out());
            assertEquals(image.layers().size(), snapshots.size(), snapshots.toString());
            assertTrue(snapshots.stream().allMatch(row -> row.get(row.size() - 1).equals("Committed")),
                    snapshots.toString());
            assertEquals(1, snapshots.stream().filter(row -> row.size() == 2).count(), "one layer has no parent: "
                    + snapshots);

            Path target = Files.createDirectories(dir.resolve("rootfs"));
            ctr.run("images", "mount", "--snapshotter", snapshotter, image.reference(), target.toString())
                    .expectSuccess();
            try {
                assertTrue(Files.isExecutable(target.resolve("bin/busybox")));
                assertEquals("busybox", Files.readSymbolicLink(target.resolve("bin/sh")).toString());
                assertEquals("hello\n", Files.readString(target.resolve("etc/app/greeting")));
                assertEquals("kept\n", Files.readString(target.resolve("data/kept")));
                assertEquals("added\n", Files.readString(target.resolve("data/added")));
                assertTrue(Files.isDirectory(target.resolve("data/empty")));
                assertFalse(Files.exists(target.resolve("data/obsolete")), "the third layer deleted it");
                assertFalse(Files.exists(target.resolve("data/.wh.obsolete")));
            } finally {
                ctr.run("images", "unmount", "--rm", target.toString()).expectSuccess();
            }
            assertFalse(Files.exists(target.resolve("bin")), "unmounted");
            assertTrue(!daemon.log().contains(" ERROR "), daemon.log());
        }
    }

    /** The rows of ctr's snapshot listing, each split at its column gaps, without the heading. */
    private static List<List<String>> rows(String table) {
        return table.lines().skip(1).filter(line -> !line.isBlank())
                .map(line -> List.of(line.trim().split("\\s+"))).toList();
    }
}

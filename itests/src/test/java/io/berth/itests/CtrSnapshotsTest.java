package io.berth.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.berth.itests.support.Command;
import io.berth.itests.support.Ctr;
import io.berth.itests.support.DaemonProcess;
import io.berth.itests.support.Distribution;

/**
 * Debian's ctr drives berthd's snapshotters as it drives containerd's: a chain is prepared, mounted with the
 * command ctr prints, written, committed, stacked on, listed, labelled, measured and removed, per namespace.
 */
class CtrSnapshotsTest {
    @TempDir
    Path dir;

    @Test
    void nativeSnapshotsChainMountAndStayInTheirNamespace() throws Exception {
        chainMountAndRemove("native");
    }

    @Test
    void overlayfsSnapshotsChainMountAndStayInTheirNamespace() throws Exception {
        chainMountAndRemove("overlayfs");
    }

    @Test
    void theBtrfsSnapshotterIsSkippedQuietlyWhenTheRootIsNotOnBtrfs() throws Exception {
        Ctr.assumeInstalled();
        try (DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            Assumptions.assumeFalse("btrfs".equals(Files.getFileStore(daemon.root()).type()),
                    "this test's root is on btrfs");
            String plugins = new Ctr(daemon.socket()).run("plugins", "ls").expectSuccess().out();
            assertTrue(plugins.lines().anyMatch(line -> line.matches("io\\.containerd\\.snapshotter\\.v1\\s+btrfs\\s+.*skip\\s*")),
                    plugins);
            assertTrue(daemon.log().contains("skip loading plugin io.containerd.snapshotter.v1.btrfs: "), daemon.log());
            assertFalse(daemon.log().contains(" ERROR "), daemon.log());
        }
    }

    private void chainMountAndRemove(String snapshotter) throws Exception {
        Ctr.assumeInstalled();
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "mounting snapshots needs root; this test runs as " + System.getProperty("user.name"));
        List<Path> mounted = new ArrayList<>();
        try (DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            Ctr ctr = new Ctr(daemon.socket());
            ctr.run("snapshots", "--snapshotter", snapshotter, "prepare", "k1").expectSuccess();

            Path first = mount(ctr, snapshotter, "k1", mounted);
            Files.writeString(first.resolve("hello"), "from k1");
            unmount(first, mounted);
            ctr.run("snapshots", "--snapshotter", snapshotter, "commit", "c1", "k1").expectSuccess();
            ctr.run("snapshots", "--snapshotter", snapshotter, "prepare", "k2", "c1").expectSuccess();
            Path second = mount(ctr, snapshotter, "k2", mounted);
            assertEquals("from k1", Files.readString(second.resolve("hello")));
            Files.writeString(second.resolve("more"), "from k2");
            unmount(second, mounted);

            String table = ctr.run("snapshots", "--snapshotter", snapshotter, "ls").expectSuccess().out();
            List<List<String>> rows = table.lines().map(l -> List.of(l.trim().split("\\s+"))).toList();
            assertEquals(List.of(List.of("KEY", "PARENT", "KIND"), List.of("c1", "Committed"),
                    List.of("k2", "c1", "Active")), rows, table);

            String info = ctr.run("snapshots", "--snapshotter", snapshotter, "info", "k2").expectSuccess().out();
            assertTrue(info.contains("\"Kind\": \"Active\"") && info.contains("\"Name\": \"k2\"")
                    && info.contains("\"Parent\": \"c1\""), info);

            ctr.run("snapshots", "--snapshotter", snapshotter, "label", "k2", "team=a").expectSuccess();
            String labelled = ctr.run("snapshots", "--snapshotter", snapshotter, "info", "k2").expectSuccess().out();
            assertTrue(labelled.contains("\"team\": \"a\""), labelled);

            String usage = ctr.run("snapshots", "--snapshotter", snapshotter, "usage", "k2").expectSuccess().out();
            List<String> usageRow = List.of(usage.lines().toList().get(1).trim().split("\\s+"));
            assertEquals("k2", usageRow.getFirst(), usage);
            assertTrue(Integer.parseInt(usageRow.getLast()) >= 1, usage);

            Command.Result busy = ctr.run("snapshots", "--snapshotter", snapshotter, "rm", "c1");
            assertTrue(busy.exit() != 0 && busy.err().contains("child"), busy.err());

            assertEquals("", ctr.run("-n", "other", "snapshots", "--snapshotter", snapshotter, "ls").expectSuccess()
                    .out().lines().skip(1).reduce("", String::concat));
            Command.Result elsewhere = ctr.run("-n", "other", "snapshots", "--snapshotter", snapshotter, "info", "k2");
            assertTrue(elsewhere.exit() != 0 && elsewhere.err().contains("not found"), elsewhere.err());

            assertEquals(ctr.run("snapshots", "--snapshotter", snapshotter, "ls").expectSuccess().out(),
                    Command.run(Distribution.berth().toString(), "--address", daemon.socket().toString(),
                            "snapshots", "--snapshotter", snapshotter, "ls").expectSuccess().out());
            assertEquals(ctr.run("snapshots", "--snapshotter", snapshotter, "mounts", "/mnt/x", "k2").expectSuccess().out(),
                    Command.run(Distribution.berth().toString(), "--address", daemon.socket().toString(),
                            "snapshots", "--snapshotter", snapshotter, "mounts", "/mnt/x", "k2").expectSuccess().out());
            ctr.run("snapshots", "--snapshotter", snapshotter, "rm", "k2").expectSuccess();
            ctr.run("snapshots", "--snapshotter", snapshotter, "rm", "c1").expectSuccess();
            assertEquals(List.of("KEY PARENT KIND"), ctr.run("snapshots", "--snapshotter", snapshotter, "ls")
                    .expectSuccess().out().lines().map(l -> l.trim().replaceAll("\\s+", " ")).toList());
        } finally {
            for (Path target : mounted) {
                Command.run("umount", target.toString());
            }
        }
    }

    /** Mounts the snapshot with the command {@code ctr snapshots mounts} prints, as a user would run it. */
    private Path mount(Ctr ctr, String snapshotter, String key, List<Path> mounted) throws Exception {
        Path target = Files.createDirectories(dir.resolve("mnt-" + key));
        String command = ctr.run("snapshots", "--snapshotter", snapshotter, "mounts", target.toString(), key)
                .expectSuccess().out().strip();
        assertTrue(command.startsWith("mount -t ") && command.contains(" " + target + " "), command);
        Command.run("sh", "-c", command).expectSuccess();
        mounted.add(target);
        return target;
    }

    private static void unmount(Path target, List<Path> mounted) throws Exception {
        Command.run("umount", target.toString()).expectSuccess();
        mounted.remove(target);
    }
}

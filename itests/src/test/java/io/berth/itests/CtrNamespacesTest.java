package io.berth.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.berth.itests.support.Command;
import io.berth.itests.support.Ctr;
import io.berth.itests.support.DaemonProcess;

/** Debian's ctr manages namespaces in berthd's metadata database, and they outlive a restart. */
class CtrNamespacesTest {
    @TempDir
    Path dir;

    /** The NAME column of {@code ctr namespaces ls}. */
    private static List<String> names(String table) {
        return table.lines().skip(1).filter(l -> !l.isBlank()).map(l -> l.trim().split("\\s+")[0]).toList();
    }

    @Test
    void namespacesAreCreatedLabelledListedAndRemovedAndSurviveARestart() throws Exception {
        Ctr.assumeInstalled();
        Path home = dir.resolve("berthd");
        try (DaemonProcess daemon = DaemonProcess.start(home, "")) {
            Ctr ctr = new Ctr(daemon.socket());
            ctr.run("namespaces", "create", "team-a", "owner=ops").expectSuccess();
            ctr.run("namespaces", "create", "team-b").expectSuccess();
            ctr.run("namespaces", "label", "team-b", "tier=gold").expectSuccess();

            String listing = ctr.run("namespaces", "ls").expectSuccess().out();
            assertTrue(names(listing).containsAll(List.of("team-a", "team-b")), listing);
            assertTrue(listing.lines().anyMatch(l -> l.startsWith("team-a") && l.contains("owner=ops")), listing);
            assertTrue(listing.lines().anyMatch(l -> l.startsWith("team-b") && l.contains("tier=gold")), listing);

            Command.Result again = ctr.run("namespaces", "create", "team-a");
            assertNotEquals(0, again.exit(), "a second create of the same name is refused");
            assertTrue(again.err().contains("already exists"), again.err());

            Command.Result bad = ctr.run("namespaces", "create", "../escape");
            assertNotEquals(0, bad.exit());
            assertEquals(0, daemon.terminate());
        }
        try (DaemonProcess daemon = DaemonProcess.start(home, "")) {
            Ctr ctr = new Ctr(daemon.socket());
            assertTrue(names(ctr.run("namespaces", "ls").expectSuccess().out()).containsAll(List.of("team-a", "team-b")));
            ctr.run("namespaces", "rm", "team-a").expectSuccess();
            // The daemon answers NotFound; ctr, as with containerd, counts a missing namespace as removed.
            assertEquals("team-a", ctr.run("namespaces", "rm", "team-a").expectSuccess().out().strip());
            assertTrue(!ctr.run("namespaces", "ls", "-q").expectSuccess().out().lines().toList().contains("team-a"));
        }
    }

    /** containerd makes the namespace a label is set in, so ctr's label command works on a new name. */
    @Test
    void labellingANamespaceThatDoesNotExistMakesIt() throws Exception {
        Ctr.assumeInstalled();
        try (DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            Ctr ctr = new Ctr(daemon.socket());
            ctr.run("namespaces", "label", "team-c", "tier=silver").expectSuccess();
            String listing = ctr.run("namespaces", "ls").expectSuccess().out();
            assertTrue(listing.lines().anyMatch(l -> l.startsWith("team-c") && l.contains("tier=silver")), listing);
            ctr.run("namespaces", "rm", "team-c").expectSuccess();
            assertEquals(0, daemon.terminate());
        }
    }
}

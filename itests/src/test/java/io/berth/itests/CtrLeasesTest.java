package io.berth.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.berth.itests.support.Command;
import io.berth.itests.support.Ctr;
import io.berth.itests.support.DaemonProcess;

/** Debian's ctr manages leases in berthd as it does in containerd. */
class CtrLeasesTest {
    @TempDir
    Path dir;

    @Test
    void leasesAreCreatedListedPerNamespaceAndRemoved() throws Exception {
        Ctr.assumeInstalled();
        try (DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            Ctr ctr = new Ctr(daemon.socket());
            assertEquals("l1", ctr.run("leases", "create", "--id", "l1", "team=a").expectSuccess().out().strip());
            // ctr makes up the id itself, from the time and random base64: opaque to the daemon.
            String generated = ctr.run("leases", "create").expectSuccess().out().strip();
            assertTrue(!generated.isEmpty() && !generated.equals("l1"), generated);

            String table = ctr.run("leases", "ls").expectSuccess().out();
            List<String> lines = table.lines().toList();
            assertTrue(lines.getFirst().matches("ID\\s+CREATED AT\\s+LABELS\\s*"), table);
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("l1 ") && l.contains("team=a")), table);
            // ctr's own leases expire after a day unless told otherwise.
            assertTrue(lines.stream().anyMatch(l -> l.startsWith(generated + " ")
                    && l.contains("containerd.io/gc.expire=")), table);
            assertEquals(List.of(generated, "l1").stream().sorted().toList(), ids(ctr, "default"));
            assertEquals(List.of(), ids(ctr, "other"));

            Command.Result duplicate = ctr.run("leases", "create", "--id", "l1");
            assertTrue(duplicate.exit() != 0 && duplicate.err().contains("already exists"), duplicate.err());

            ctr.run("leases", "rm", "l1", generated).expectSuccess();
            assertEquals(List.of(), ids(ctr, "default"));
            Command.Result missing = ctr.run("leases", "rm", "l1");
            assertTrue(missing.exit() != 0 && missing.err().contains("not found"), missing.err());
        }
    }

    private static List<String> ids(Ctr ctr, String namespace) throws Exception {
        return ctr.run("-n", namespace, "leases", "ls", "-q").expectSuccess().out().lines()
                .filter(l -> !l.isBlank()).sorted().toList();
    }
}

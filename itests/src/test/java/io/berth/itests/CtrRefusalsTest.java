package io.berth.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.berth.itests.support.Command;
import io.berth.itests.support.Ctr;
import io.berth.itests.support.DaemonProcess;

/**
 * Debian's ctr prints berthd's refusals of missing and duplicate records in the words it prints for containerd's,
 * so that what an operator reads, searches for or has a script match is the same with either daemon.
 */
class CtrRefusalsTest {
    private static final String NO_DIGEST = "sha256:" + "0".repeat(64);

    @TempDir
    Path dir;

    /** What ctr printed to stderr, after the refusal it expected. */
    private static String refusal(Ctr ctr, String... args) throws Exception {
        Command.Result result = ctr.run(args);
        assertNotEquals(0, result.exit(), result.out());
        return result.err().strip();
    }

    @Test
    void missingAndDuplicateRecordsAreRefusedInContainerdsWords() throws Exception {
        Ctr.assumeInstalled();
        try (DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            Ctr ctr = new Ctr(daemon.socket());
            assertEquals("ctr: container \"nope\" in namespace \"default\": not found",
                    refusal(ctr, "containers", "info", "nope"));
            assertEquals("ctr: image \"nope\": not found", refusal(ctr, "images", "tag", "nope", "other"));
            assertEquals("ctr: content digest " + NO_DIGEST + ": not found", refusal(ctr, "content", "get", NO_DIGEST));
            assertEquals("ctr: lease \"nope\": not found", refusal(ctr, "leases", "rm", "nope"));
            assertEquals("ctr: snapshot nope does not exist: not found", refusal(ctr, "snapshots", "info", "nope"));
            assertEquals("ctr: parent snapshot nope does not exist: not found",
                    refusal(ctr, "snapshots", "prepare", "s2", "nope"));

            ctr.run("namespaces", "create", "team-a").expectSuccess();
            assertEquals("ctr: namespace \"team-a\": already exists", refusal(ctr, "namespaces", "create", "team-a"));
            ctr.run("leases", "create", "--id", "l1").expectSuccess();
            assertEquals("ctr: lease \"l1\": already exists", refusal(ctr, "leases", "create", "--id", "l1"));
            ctr.run("snapshots", "prepare", "s1").expectSuccess();
            assertEquals("ctr: snapshot \"s1\": already exists", refusal(ctr, "snapshots", "prepare", "s1"));
            assertEquals(0, daemon.terminate());
        }
    }
}

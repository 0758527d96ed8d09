package io.berth.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.berth.itests.support.Command;
import io.berth.itests.support.ContainerdProcess;
import io.berth.itests.support.Ctr;
import io.berth.itests.support.DaemonProcess;
import io.berth.itests.support.TestImages;
import io.berth.itests.support.TestRegistry;

/**
 * Debian's ctr runs the same commands against Debian's containerd and against berthd, each daemon on a root of its
 * own with the same image pulled: what ctr prints and how it exits must be the same, once times (and, where a
 * command lists them, pids) are taken out. The commands cover containers, tasks and their processes, the records
 * of the metadata store, and their refusals. Not here: a malformed id, which berthd refuses with the same code in
 * plainer words than containerd's regular expression (CtrRunHostileInputTest).
 */
class CtrSameAsContainerdTest {
    private static final String IMAGE = "IMAGE";
    private static final String NO_DIGEST = "sha256:" + "0".repeat(64);
    private static final Pattern TIME = Pattern.compile("time=\"[^\"]*\"|\"(Created|Updated)At\": \"[^\"]*\"");
    private static final Pattern NUMBER = Pattern.compile("\\b\\d+\\b");

    /** A ctr command, {@link #IMAGE} standing for the pulled image; {@code masksNumbers} for a table of pids. */
    private record Case(boolean masksNumbers, String... args) {
        static Case of(String... args) {
            return new Case(false, args);
        }

        static Case listing(String... args) {
            return new Case(true, args);
        }
    }

    private static final List<Case> CASES = List.of(
            Case.of("run", "--rm", IMAGE, "s1", "echo", "hello"),
            Case.of("run", "--rm", IMAGE, "s2", "sh", "-c", "exit 3"),
            Case.of("run", "--rm", "--env", "FOO=bar", IMAGE, "s3", "sh", "-c", "echo $FOO"),
            Case.of("run", "--rm", "--read-only", IMAGE, "s4", "busybox", "touch", "/x"),
            Case.of("run", "--rm", IMAGE, "s5", "/nonexistent"),

            Case.of("containers", "create", IMAGE, "c1", "sleep", "100"),
            Case.of("containers", "create", IMAGE, "c1", "true"),
            Case.of("containers", "info", "c1"),
            Case.of("task", "kill", "c1"),
            Case.of("task", "start", "-d", "c1"),
            Case.of("task", "start", "c1"),
            Case.of("task", "exec", "-d", "--exec-id", "e1", "c1", "sleep", "100"),
            Case.of("task", "exec", "--exec-id", "e1", "c1", "true"),
            Case.of("task", "exec", "--exec-id", "e2", "c1", "sh", "-c", "exit 5"),
            Case.of("task", "exec", "--exec-id", "e3", "c1", "/nonexistent"),
            Case.of("task", "kill", "--exec-id", "nope", "c1"),
            Case.of("task", "pause", "c1"),
            Case.of("task", "pause", "c1"),
            Case.listing("task", "ls"),
            Case.of("task", "resume", "c1"),
            Case.of("task", "resume", "c1"),
            Case.of("task", "rm", "c1"),
            Case.of("containers", "rm", "c1"),
            Case.of("task", "rm", "-f", "c1"),
            Case.of("containers", "rm", "c1"),
            Case.of("containers", "info", "nope"),
            Case.of("containers", "rm", "nope"),
            Case.of("task", "kill", "nope"),

            Case.of("images", "tag", "nope", "other"),
            Case.of("images", "label", IMAGE, "team=a"),
            Case.of("images", "ls"),
            Case.of("content", "get", NO_DIGEST),
            Case.of("leases", "create", "--id", "l1"),
            Case.of("leases", "create", "--id", "l1"),
            Case.of("leases", "rm", "nope"),
            Case.of("leases", "rm", "l1"),
            Case.of("snapshots", "info", "nope"),
            Case.of("snapshots", "prepare", "p1"),
            Case.of("snapshots", "prepare", "p1"),
            Case.of("snapshots", "prepare", "p2", "nope"),
            Case.of("snapshots", "commit", "p1c", "p1"),
            Case.of("snapshots", "usage", "p1c"),
            Case.of("snapshots", "rm", "p1c"),
            Case.of("namespaces", "create", "n1"),
            Case.of("namespaces", "create", "n1"),
            Case.of("namespaces", "label", "n2", "tier=gold"),
            Case.of("namespaces", "ls"),
            Case.of("namespaces", "rm", "n1"),
            Case.of("namespaces", "rm", "n2"),
            Case.of("namespaces", "rm", "nope"),
            Case.of("namespaces", "rm", "default"));

    @TempDir
    Path dir;

    /** The exit status, standard output and standard error of every case in turn, each with what it ran. */
    private static List<String> run(Ctr ctr, String image) throws Exception {
        List<String> seen = new ArrayList<>();
        for (Case c : CASES) {
            String[] args = c.args().clone();
            for (int i = 0; i < args.length; i++) {
                args[i] = args[i].equals(IMAGE) ? image : args[i];
            }
            Command.Result result = ctr.run(args);
            String said = "exit " + result.exit() + "\nout:\n" + result.out() + "err:\n" + result.err();
            said = TIME.matcher(said).replaceAll("TIME");
            if (c.masksNumbers()) {
                // A pid's digits, and with them the columns' padding.
                said = NUMBER.matcher(said).replaceAll("N").replaceAll(" +", " ");
            }
            seen.add("$ ctr " + String.join(" ", c.args()) + "\n" + said);
        }
        return seen;
    }

    @Test
    void ctrPrintsAndExitsAsItDoesWithContainerd() throws Exception {
        ContainerdProcess.assumeTasksRun();
        try (TestRegistry registry = TestRegistry.start()) {
            String image = TestImages.pushSmall(registry, "berth/same", "v1").reference();
            List<String> fromContainerd;
            try (ContainerdProcess containerd = ContainerdProcess.start(dir.resolve("containerd"))) {
                Ctr ctr = new Ctr(containerd.socket());
                ctr.run("images", "pull", "--plain-http", image).expectSuccess();
                fromContainerd = run(ctr, image);
            }
            List<String> fromBerthd;
            try (DaemonProcess berthd = DaemonProcess.start(dir.resolve("berthd"), "")) {
                Ctr ctr = new Ctr(berthd.socket());
                ctr.run("images", "pull", "--plain-http", image).expectSuccess();
                fromBerthd = run(ctr, image);
            }
            List<String> differences = new ArrayList<>();
            for (int i = 0; i < CASES.size(); i++) {
                if (!fromContainerd.get(i).equals(fromBerthd.get(i))) {
                    differences.add("containerd:\n" + fromContainerd.get(i) + "berthd:\n" + fromBerthd.get(i));
                }
            }
            assertEquals(List.of(), differences, String.join("\n", differences));
        }
    }
}

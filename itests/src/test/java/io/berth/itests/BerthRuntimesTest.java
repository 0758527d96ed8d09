package io.berth.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.berth.itests.support.Command;
import io.berth.itests.support.Ctr;
import io.berth.itests.support.DaemonProcess;
import io.berth.itests.support.Distribution;
import io.berth.itests.support.HybridCgroups;
import io.berth.itests.support.Leftovers;
import io.berth.itests.support.TestImages;
import io.berth.itests.support.TestRegistry;

/**
 * Runtimes by name: berth run --runtime crun runs the task with crun through containerd-shim-runc-v2, a runtime
 * table of config.toml gives its options to the shim, a name no table configures is refused, and a table that
 * cannot be used keeps the task runtime from loading, with the reason in the log.
 */
class BerthRuntimesTest {
    private static final String SHIM = "containerd-shim-runc-v2";

    @TempDir
    Path dir;

    private String image;

    @Test
    void theBuiltInCrunRuntimeRunsTheTaskWithCrun() throws Exception {
        assumeRuntime("crun");
        try (HybridCgroups cgroups = HybridCgroups.withoutCgroup2Controllers();
                TestRegistry registry = TestRegistry.start();
                DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            Ctr ctr = pull(registry, daemon);
            try {
                Command.Result run = berth(daemon, "run", "--rm", "--runtime", "crun", image, "t1", "echo", "hello");
                assertEquals(new Command.Result(0, "hello\n", ""), run);

                berth(daemon, "run", "-d", "--runtime", "crun", image, "t2", "sleep", "1000").expectSuccess();
                // the shim joins the namespace to the runtime root: <state>/runc/<namespace>/<id> is crun's state
                Path namespaceRoot = daemon.dir().resolve("state/runc/default");
                assertTrue(Files.isDirectory(namespaceRoot.resolve("t2")), "crun's state of t2 in " + namespaceRoot);
                String list = Command.run("crun", "--root", namespaceRoot.toString(), "list").expectSuccess().out();
                assertTrue(list.lines().anyMatch(line -> line.startsWith("t2 ")), "crun runs t2:\n" + list);
                assertEquals(List.of("t2", image, "crun"), psRow(daemon, "t2").subList(0, 3));
                assertEquals(new Command.Result(0, "t2\n", ""), berth(daemon, "rm", "-f", "t2"));
                assertTrue(Files.notExists(namespaceRoot.resolve("t2")), "crun's state of t2 is gone");
            } finally {
                ctr.removeContainer("t1");
                ctr.removeContainer("t2");
            }
            assertNothingLeft(ctr, daemon);
        }
    }

    @Test
    void aConfiguredRuntimesOptionsReachTheShim() throws Exception {
        assumeRuntime("runc");
        Path calls = dir.resolve("calls");
        Path binary = dir.resolve("logging-runc");
        Files.writeString(binary, "#!/bin/sh\necho \"$@\" >> " + calls + "\nexec runc \"$@\"\n");
        Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwxr-xr-x"));
        String config = """
                [plugins."io.containerd.runtime.v2.task".runtimes.logged]
                runtime_type = "io.containerd.runc.v2"
                [plugins."io.containerd.runtime.v2.task".runtimes.logged.options]
                BinaryName = "%s"
                Root = "%s"
                """.formatted(binary, dir.resolve("logged-root"));
        try (TestRegistry registry = TestRegistry.start();
                DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), config)) {
            Ctr ctr = pull(registry, daemon);
            Command.Result run;
            try {
                run = berth(daemon, "run", "--rm", "--runtime", "logged", image, "t1", "echo", "hello");
            } finally {
                ctr.removeContainer("t1");
            }

            assertEquals(new Command.Result(0, "hello\n", ""), run);
            List<String> invoked = Files.readAllLines(calls);
            String root = "--root " + dir.resolve("logged-root").resolve("default");
            assertTrue(invoked.stream().anyMatch(line -> line.contains(root) && line.contains(" create ")
                    && line.endsWith(" t1")), invoked.toString());
            assertNothingLeft(ctr, daemon);
        }
    }

    @Test
    void aRuntimeNameNoTableConfiguresIsRefusedWithTheConfiguredNames() throws Exception {
        assumeRuntime("runc");
        try (TestRegistry registry = TestRegistry.start();
                DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            Ctr ctr = pull(registry, daemon);
            Command.Result run;
            try {
                run = berth(daemon, "run", "--rm", "--runtime", "nosuch", image, "t1", "echo", "hello");
            } finally {
                ctr.removeContainer("t1");
            }

            assertEquals(1, run.exit(), run.toString());
            assertEquals("", run.out());
            assertTrue(run.err().contains("runtime nosuch is not configured: it should be one of [crun, runc]"),
                    run.err());
            assertNothingLeft(ctr, daemon);
        }
    }

    @Test
    void aRuntimeTableThatCannotBeUsedKeepsTheTaskRuntimeFromLoadingAndTheLogSaysWhy() throws Exception {
        Ctr.assumeInstalled();
        String config = """
                [plugins."io.containerd.runtime.v2.task".runtimes.kata.options]
                BinaryName = "kata"
                """;
        try (DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), config)) {
            Ctr ctr = new Ctr(daemon.socket());
            List<String> task = ctr.run("plugins", "ls").expectSuccess().out().lines()
                    .map(line -> List.of(line.strip().split("\\s+")))
                    .filter(row -> row.get(0).equals("io.containerd.runtime.v2") && row.get(1).equals("task"))
                    .findFirst().orElseThrow();
            assertEquals("error", task.get(3), task.toString());
            assertTrue(daemon.log().contains("runtimes.kata: runtime_type must be set"), daemon.log());
        }
    }

    private Command.Result berth(DaemonProcess daemon, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Distribution.berth().toString(), "-a",
                daemon.socket().toString()));
        command.addAll(List.of(args));
        return Command.run(command);
    }

    /** The container's row of berth ps: id, image, runtime, pid, status. */
    private List<String> psRow(DaemonProcess daemon, String id) throws IOException, InterruptedException {
        String table = berth(daemon, "ps").expectSuccess().out();
        return table.lines().skip(1).map(line -> List.of(line.strip().split("\\s+")))
                .filter(row -> row.getFirst().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no container " + id + " in\n" + table));
    }

    private Ctr pull(TestRegistry registry, DaemonProcess daemon) throws Exception {
        image = TestImages.pushSmall(registry, "berth/runtimes", "v1").reference();
        Ctr ctr = new Ctr(daemon.socket());
        ctr.run("images", "pull", "--plain-http", image).expectSuccess();
        return ctr;
    }

    private static void assumeRuntime(String runtime) {
        Ctr.assumeInstalled();
        TestRegistry.assumeInstalled();
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin", SHIM)),
                SHIM + " is not installed (Debian package containerd); .ci/run installs it");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin", runtime))
                        || Files.isExecutable(Path.of("/usr/bin", runtime)),
                runtime + " is not installed (Debian package " + runtime + "); .ci/run installs it");
    }

    /** No container is left, no shim of this daemon runs and no task bundle is left. */
    private static void assertNothingLeft(Ctr ctr, DaemonProcess daemon) throws IOException, InterruptedException {
        assertEquals("", ctr.run("containers", "ls", "-q").expectSuccess().out());
        Leftovers.assertNone(daemon);
    }
}

package io.berth.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
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
import io.berth.itests.support.Leftovers;
import io.berth.itests.support.TestImages;
import io.berth.itests.support.TestImages.PushedImage;
import io.berth.itests.support.TestRegistry;

/**
 * berth run, ps, exec, kill and rm against berthd and the real containerd-shim-runc-v2 with runc, on an image
 * from the real registry: the task's output and exit status reach the caller, a detached task is listed, runs
 * an exec, is signalled and removed; afterwards no container, snapshot, shim, mount or pipe is left.
 */
class BerthRunTest {
    private static final String SHIM = "containerd-shim-runc-v2";

    @TempDir
    Path dir;

    private String image;

    @Test
    void runRmPrintsTheOutputExitsZeroAndLeavesNothingBehind() throws Exception {
        assumeRuntime();
        try (TestRegistry registry = TestRegistry.start();
                DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            Ctr ctr = pull(registry, daemon);
            Command.Result run;
            try {
                run = berth(daemon, "run", "--rm", "--fifo-dir", fifoDir(), image, "t1", "echo", "hello");
            } finally {
                ctr.removeContainer("t1");
            }

            assertEquals(new Command.Result(0, "hello\n", ""), run);
            assertNothingLeft(ctr, daemon);
        }
    }

    @Test
    void theTasksExitStatusIsTheCommandsAndTheEnvironmentReachesIt() throws Exception {
        assumeRuntime();
        try (TestRegistry registry = TestRegistry.start();
                DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            Ctr ctr = pull(registry, daemon);
            Command.Result failed;
            Command.Result env;
            try {
                failed = berth(daemon, "run", "--rm", "--fifo-dir", fifoDir(), image, "t1", "sh", "-c",
                        "echo out; echo err >&2; exit 3");
                env = berth(daemon, "run", "--rm", "--fifo-dir", fifoDir(), "--env", "GREETING=hi there", image, "t2",
                        "sh", "-c", "echo \"$GREETING\"");
            } finally {
                ctr.removeContainer("t1");
                ctr.removeContainer("t2");
            }

            assertEquals(new Command.Result(3, "out\n", "err\n"), failed);
            assertEquals(new Command.Result(0, "hi there\n", ""), env);
            assertNothingLeft(ctr, daemon);
        }
    }

    @Test
    void theImagesEntrypointCommandEnvironmentAndWorkingDirectoryRunWhenNoCommandIsGivenOnEitherSnapshotter() throws Exception {
        assumeRuntime();
        try (TestRegistry registry = TestRegistry.start();
                DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            Ctr ctr = pull(registry, daemon);
            ctr.run("images", "pull", "--plain-http", "--snapshotter", "native", image).expectSuccess();
            Command.Result run;
            Command.Result onNative;
            try {
                run = berth(daemon, "run", "--rm", "--fifo-dir", fifoDir(), image, "t1");
                onNative = berth(daemon, "run", "--rm", "--fifo-dir", fifoDir(), "--snapshotter", "native", image, "t2");
            } finally {
                ctr.removeContainer("t1");
                ctr.removeContainer("t2");
            }

            assertEquals(new Command.Result(0, "hello from /data\n", ""), run);
            assertEquals(new Command.Result(0, "hello from /data\n", ""), onNative);
            assertEquals(List.of(), ctr.run("snapshots", "--snapshotter", "native", "ls").expectSuccess().out().lines()
                    .skip(1).filter(line -> !line.strip().endsWith("Committed")).toList(), "active snapshots left");
            assertNothingLeft(ctr, daemon);
        }
    }

    @Test
    void aTerminalIsTheCallersInRawModeWithItsSizeAndItsChangesForRunAndExec() throws Exception {
        assumeRuntime();
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")),
                "script(1) gives the test a terminal; it is missing (Debian package bsdutils)");
        try (TestRegistry registry = TestRegistry.start();
                DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            Ctr ctr = pull(registry, daemon);
            Command.Result run;
            Command.Result exec;
            Command.Result resized;
            try {
                String berth = shellWords(Distribution.berth().toString(), "-a", daemon.socket().toString(), "run",
                        "--rm", "-t", "--fifo-dir", fifoDir(), image, "t1", "sh", "-c",
                        "[ -t 0 ] && echo terminal; /bin/busybox stty size; exit 5");
                run = Command.inTerminal("stty rows 30 cols 100; " + berth);

                berth(daemon, "run", "-d", image, "t2", "sleep", "1000").expectSuccess();
                String berthExec = shellWords(Distribution.berth().toString(), "-a", daemon.socket().toString(),
                        "exec", "-t", "--fifo-dir", fifoDir(), "t2", "sh", "-c",
                        "[ -t 0 ] && echo terminal; /bin/busybox stty size; exit 6");
                exec = Command.inTerminal("stty rows 40 cols 120; " + berthExec);
                berth(daemon, "rm", "-f", "t2").expectSuccess();

                // The task waits for its terminal to change size; the shell changes it once the task runs.
                String client = shellWords(Distribution.berth().toString(), "-a", daemon.socket().toString());
                String waitForResize = client + " " + shellWords("run", "--rm", "-t", "--fifo-dir", fifoDir(), image,
                        "t3", "sh", "-c", "while [ \"$(/bin/busybox stty size)\" = '30 100' ]; do /bin/busybox sleep 0.1; "
                                + "done; /bin/busybox stty size");
                resized = Command.inTerminal("stty rows 30 cols 100; " + waitForResize + " </dev/tty & "
                        + "pid=$!; until " + client + " ps | grep -q ' RUNNING '; do sleep 0.1; done; "
                        + "stty rows 50 cols 60 </dev/tty; kill -WINCH $pid; wait $pid");
            } finally {
                ctr.removeContainer("t1");
                ctr.removeContainer("t2");
                ctr.removeContainer("t3");
            }

            assertEquals(0, resized.exit(), resized.toString());
            assertTrue(resized.out().contains("50 60\r\n"), resized.out());

            assertEquals(5, run.exit(), run.toString());
            assertTrue(run.out().contains("terminal\r\n30 100\r\n"), run.out());
            assertEquals(6, exec.exit(), exec.toString());
            assertTrue(exec.out().contains("terminal\r\n40 120\r\n"), exec.out());
            assertNothingLeft(ctr, daemon);
        }
    }

    @Test
    void aSignalToBerthRunIsPassedOnToTheTask() throws Exception {
        assumeRuntime();
        try (TestRegistry registry = TestRegistry.start();
                DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            Ctr ctr = pull(registry, daemon);
            Path out = dir.resolve("run.out");
            Process run = new ProcessBuilder(Distribution.berth().toString(), "-a", daemon.socket().toString(), "run",
                    "--rm", "--fifo-dir", fifoDir(), image, "t1", "sh", "-c",
                    "trap 'echo got TERM; exit 4' TERM; echo ready; sleep 1000 & wait")
                    .redirectOutput(out.toFile()).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
            try {
                while (!Files.readString(out).contains("ready")) {
                    assertTrue(run.isAlive(), "berth run ended early:\n" + Files.readString(out));
                    Thread.sleep(20);
                }
                run.destroy();
                assertEquals(4, run.waitFor(), Files.readString(out));
            } finally {
                run.destroyForcibly().waitFor();
                ctr.removeContainer("t1");
            }

            assertEquals("ready\ngot TERM\n", Files.readString(out));
            assertNothingLeft(ctr, daemon);
        }
    }

    @Test
    void aDetachedTaskIsListedExecsIsKilledAndRemoved() throws Exception {
        assumeRuntime();
        try (TestRegistry registry = TestRegistry.start();
                DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            Ctr ctr = pull(registry, daemon);
            try {
                runDetachedAndDrive(daemon);
            } finally {
                ctr.removeContainer("t1");
                ctr.removeContainer("t2");
            }
            assertNothingLeft(ctr, daemon);
        }
    }

    private void runDetachedAndDrive(DaemonProcess daemon) throws Exception {
        // sh as the container's init ignores SIGTERM unless it traps it.
        berth(daemon, "run", "-d", image, "t1", "sh", "-c", "trap 'exit 0' TERM; sleep 1000 & wait").expectSuccess();

        List<String> row = psRow(daemon, "t1");
        assertEquals(List.of("t1", image, "runc"), row.subList(0, 3), row.toString());
        assertEquals("RUNNING", row.get(4), row.toString());
        int pid = Integer.parseInt(row.get(3));
        assertTrue(pid > 0 && ProcessHandle.of(pid).isPresent(), "the task's pid is a live process: " + row);

        Command.Result exec = berth(daemon, "exec", "--fifo-dir", fifoDir(), "t1", "sh", "-c", "echo $((1+1))");
        assertEquals(new Command.Result(0, "2\n", ""), exec);
        assertEquals(7, berth(daemon, "exec", "--fifo-dir", fifoDir(), "t1", "sh", "-c", "exit 7").exit());

        Command.Result refused = berth(daemon, "rm", "t1");
        assertEquals(1, refused.exit());
        assertEquals("berth: cannot remove container t1: its task is RUNNING; kill it first, or use -f\n",
                refused.err());

        berth(daemon, "kill", "t1").expectSuccess();
        while (!psRow(daemon, "t1").get(4).equals("STOPPED")) {
            Thread.sleep(20);
        }
        assertEquals(new Command.Result(0, "t1\n", ""), berth(daemon, "rm", "t1"));

        berth(daemon, "run", "-d", image, "t2", "sleep", "1000").expectSuccess();
        assertEquals("RUNNING", psRow(daemon, "t2").get(4));
        assertEquals(new Command.Result(0, "t2\n", ""), berth(daemon, "rm", "-f", "t2"));
        assertEquals(List.of("CONTAINER", "IMAGE", "RUNTIME", "PID", "STATUS"),
                List.of(berth(daemon, "ps").expectSuccess().out().strip().split("\\s+")));
    }

    private Command.Result berth(DaemonProcess daemon, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Distribution.berth().toString(), "-a",
                daemon.socket().toString()));
        command.addAll(List.of(args));
        return Command.run(command);
    }

    /** The words quoted for sh. */
    private static String shellWords(String... words) {
        List<String> quoted = new ArrayList<>();
        for (String word : words) {
            quoted.add("'" + word.replace("'", "'\\''") + "'");
        }
        return String.join(" ", quoted);
    }

    private String fifoDir() {
        return dir.resolve("fifo").toString();
    }

    /** The container's row of berth ps: id, image, runtime, pid, status. */
    private List<String> psRow(DaemonProcess daemon, String id) throws IOException, InterruptedException {
        String table = berth(daemon, "ps").expectSuccess().out();
        return table.lines().skip(1).map(line -> List.of(line.strip().split("\\s+")))
                .filter(row -> row.getFirst().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no container " + id + " in\n" + table));
    }

    private Ctr pull(TestRegistry registry, DaemonProcess daemon) throws Exception {
        PushedImage pushed = TestImages.pushSmall(registry, "berth/run", "v1");
        image = pushed.reference();
        Ctr ctr = new Ctr(daemon.socket());
        ctr.run("images", "pull", "--plain-http", image).expectSuccess();
        return ctr;
    }

    private static void assumeRuntime() {
        Ctr.assumeInstalled();
        TestRegistry.assumeInstalled();
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin", SHIM)),
                SHIM + " is not installed (Debian package containerd); .ci/run installs it");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/runc")) || Files.isExecutable(Path.of("/usr/bin/runc")),
                "runc is not installed (Debian package runc); .ci/run installs it");
    }

    /**
     * No container and no active snapshot is left, no shim of this daemon runs, nothing is mounted under its
     * directories (nor a root filesystem that berth run looked into), and no bundle or stream pipe is left.
     */
    private void assertNothingLeft(Ctr ctr, DaemonProcess daemon) throws IOException, InterruptedException {
        assertEquals("", ctr.run("containers", "ls", "-q").expectSuccess().out());
        List<String> active = ctr.run("snapshots", "ls").expectSuccess().out().lines().skip(1)
                .filter(line -> !line.strip().endsWith("Committed")).toList();
        assertEquals(List.of(), active, "active snapshots left");
        Leftovers.assertNone(daemon);
        assertEquals(List.of(), Leftovers.mounts("/berth-rootfs-"), "root filesystems left mounted");
        assertEquals(List.of(), Leftovers.entries(dir.resolve("fifo")), "stream pipes left");
    }
}

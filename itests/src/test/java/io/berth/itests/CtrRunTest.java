package io.berth.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.protobuf.Any;

import io.berth.itests.support.Command;
import io.berth.itests.support.Ctr;
import io.berth.itests.support.DaemonProcess;
import io.berth.itests.support.HybridCgroups;
import io.berth.itests.support.Leftovers;
import io.berth.itests.support.Namespaced;
import io.berth.itests.support.TestImages;
import io.berth.itests.support.TestImages.PushedImage;
import io.berth.itests.support.TestRegistry;
import io.berth.proto.containerd.services.events.v1.EventsGrpc;
import io.berth.proto.containerd.services.events.v1.PublishRequest;
import io.berth.proto.containerd.services.events.v1.SubscribeRequest;
import io.berth.proto.containerd.services.tasks.v1.TasksGrpc;
import io.berth.proto.containerd.services.tasks.v1.WaitRequest;
import io.berth.proto.containerd.services.tasks.v1.WaitResponse;
import io.berth.proto.containerd.types.Envelope;
import io.grpc.Context;
import io.grpc.StatusRuntimeException;

/**
 * Debian's ctr runs containers in berthd through the real containerd-shim-runc-v2, with runc and with crun: the
 * task's output, its state, exec, pause and resume, its processes, kill and removal; afterwards no shim, mount
 * or bundle is left.
 */
class CtrRunTest {
    private static final String SHIM = "containerd-shim-runc-v2";

    @TempDir
    Path dir;

    private String image;

    @Test
    void runRmPrintsTheOutputPublishesTheTaskEventsAndLeavesNothingBehind() throws Exception {
        assumeRuntime("runc");
        try (TestRegistry registry = TestRegistry.start();
                DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            Ctr ctr = pull(registry, daemon);
            BlockingQueue<String> topics = subscribe(daemon);

            Command.Result run;
            try {
                run = ctr.run("run", "--rm", image, "t1", "echo", "hello").expectSuccess();
            } finally {
                ctr.removeContainer("t1");
            }

            assertEquals("hello\n", run.out(), run.err());
            List<String> seen = new ArrayList<>();
            while (!seen.contains("/tasks/delete")) {
                String topic = topics.poll(60, TimeUnit.SECONDS);
                assertNotNull(topic, "no /tasks/delete event; saw " + seen + "\n" + daemon.log());
                seen.add(topic);
            }
            assertEquals(List.of("/tasks/create", "/tasks/start", "/tasks/exit", "/tasks/delete"),
                    seen.stream().filter(t -> t.startsWith("/tasks/")).toList());
            assertEquals("", ctr.run("containers", "ls", "-q").expectSuccess().out());
            Leftovers.assertNone(daemon);
            assertFalse(daemon.log().contains(" ERROR "), daemon.log());
        }
    }

    @Test
    void aDetachedTaskIsListedExecsPausesResumesListsItsProcessesAndIsKilledAndRemoved() throws Exception {
        assumeRuntime("runc");
        try (TestRegistry registry = TestRegistry.start();
                DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            Ctr ctr = pull(registry, daemon);
            try {
                runDetachedAndDrive(ctr, daemon);
            } finally {
                ctr.removeContainer("t1");
            }
        }
    }

    private void runDetachedAndDrive(Ctr ctr, DaemonProcess daemon) throws Exception {
        ctr.run("run", "-d", image, "t1", "sleep", "1000").expectSuccess();

        List<String> row = taskRow(ctr, "t1");
        assertEquals("RUNNING", row.get(2), row.toString());
        int pid = Integer.parseInt(row.get(1));
        assertTrue(pid > 0 && ProcessHandle.of(pid).isPresent(), "the task's pid is a live process: " + row);

        Command.Result exec = ctr.run("task", "exec", "--exec-id", "e1", "t1", "sh", "-c", "echo $((1+1))")
                .expectSuccess();
        assertEquals("2\n", exec.out(), exec.err());

        ctr.run("task", "pause", "t1").expectSuccess();
        assertEquals("PAUSED", taskRow(ctr, "t1").get(2));
        ctr.run("task", "resume", "t1").expectSuccess();
        assertEquals("RUNNING", taskRow(ctr, "t1").get(2));

        List<String> ps = ctr.run("task", "ps", "t1").expectSuccess().out().lines().skip(1)
                .map(String::strip).filter(line -> !line.isEmpty()).map(line -> line.split("\\s+")[0]).toList();
        assertEquals(List.of(String.valueOf(pid)), ps, "the sleeping process alone");

        // The shim measures the task, or (a hybrid host's shim may find no cgroup to read) the task is left out of
        // the answer, as containerd leaves it; either way not an error.
        Command.Result metrics = ctr.run("task", "metrics", "t1");
        assertTrue(metrics.exit() == 0 ? metrics.out().contains("t1") : metrics.err().contains("no metrics received"),
                metrics.out() + metrics.err());

        ctr.run("task", "kill", "-s", "SIGKILL", "t1").expectSuccess();
        while (!taskRow(ctr, "t1").get(2).equals("STOPPED")) {
            Thread.sleep(20);
        }
        ctr.run("task", "rm", "t1").expectSuccess();
        assertEquals("", ctr.run("task", "ls", "-q").expectSuccess().out());
        ctr.run("container", "rm", "t1").expectSuccess();
        Leftovers.assertNone(daemon);
    }

    /** ctr -t needs a terminal of its own: util-linux's script gives it one. */
    @Test
    void aTaskRunWithATerminalGetsATerminalAndSoDoesAnExecInIt() throws Exception {
        assumeRuntime("runc");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")),
                "script is not installed (Debian package bsdutils)");
        try (TestRegistry registry = TestRegistry.start();
                DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            Ctr ctr = pull(registry, daemon);
            String ctrPrefix = "/usr/bin/ctr --address " + daemon.socket() + " ";
            try {
                Command.Result run = Command.inTerminal(ctrPrefix + "run -t --rm " + image + " t1 sh -c tty")
                        .expectSuccess();
                assertTrue(run.out().contains("/dev/pts/0"), run.out());

                ctr.run("run", "-d", image, "t2", "sleep", "1000").expectSuccess();
                Command.Result exec = Command.inTerminal(ctrPrefix + "task exec -t --exec-id e1 t2 sh -c tty")
                        .expectSuccess();
                assertTrue(exec.out().contains("/dev/pts/"), exec.out());
            } finally {
                ctr.removeContainer("t1");
                ctr.removeContainer("t2");
            }
            Leftovers.assertNone(daemon);
        }
    }

    @Test
    void theTaskRuntimeAndTasksServiceAreListedAsContainerdsPlugins() throws Exception {
        Ctr.assumeInstalled();
        try (DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            List<String> rows = new Ctr(daemon.socket()).run("plugins", "ls").expectSuccess().out().lines()
                    .map(line -> String.join(" ", line.strip().split("\\s+"))).toList();
            assertTrue(rows.stream().anyMatch(row -> row.startsWith("io.containerd.runtime.v2 task ")
                    && row.endsWith(" ok")), rows.toString());
            assertTrue(rows.stream().anyMatch(row -> row.startsWith("io.containerd.grpc.v1 tasks ")
                    && row.endsWith(" ok")), rows.toString());
        }
    }

    @Test
    void anUnknownRuntimeOrMissingShimIsAClearErrorAndLeavesNothingBehind() throws Exception {
        assumeRuntime("runc");
        try (TestRegistry registry = TestRegistry.start();
                DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            Ctr ctr = pull(registry, daemon);
            try {
                Command.Result missing = ctr.run("run", "--runtime", "io.containerd.nosuch.v9", image, "t1", "true");
                assertTrue(missing.exit() != 0 && missing.err().contains("containerd-shim-nosuch-v9")
                        && missing.err().contains("not installed"), missing.err());
                ctr.run("container", "rm", "t1").expectSuccess();

                Command.Result unconfigured = ctr.run("run", "--runtime", "nosuch", image, "t2", "true");
                assertTrue(unconfigured.exit() != 0 && unconfigured.err().contains("runtime nosuch is not configured"),
                        unconfigured.err());

                Command.Result absent = ctr.run("task", "start", "nosuch");
                assertTrue(absent.exit() != 0 && absent.err().contains("not found"), absent.err());
            } finally {
                ctr.removeContainer("t1");
                ctr.removeContainer("t2");
            }
            Leftovers.assertNone(daemon);
        }
    }

    /** What ctr prints is what it prints for containerd: the shim's own words, after containerd's for a create. */
    @Test
    void taskRefusalsReadAsContainerdsDo() throws Exception {
        assumeRuntime("runc");
        try (TestRegistry registry = TestRegistry.start();
                DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            Ctr ctr = pull(registry, daemon);
            try {
                Command.Result absent = ctr.run("run", "--rm", image, "t1", "/nonexistent");
                assertTrue(absent.exit() != 0 && absent.err().startsWith(
                        "ctr: failed to create shim task: OCI runtime create failed: ")
                        && absent.err().contains("/nonexistent"), absent.err());

                ctr.run("container", "create", image, "t2", "sleep", "100").expectSuccess();
                assertEquals("ctr: no running task found: task t2 not found: not found",
                        ctr.run("task", "kill", "t2").err().strip());
                ctr.run("task", "start", "-d", "t2").expectSuccess();
                assertEquals("ctr: task t2: already exists", ctr.run("task", "start", "t2").err().strip());
                ctr.run("task", "exec", "-d", "--exec-id", "e1", "t2", "sleep", "100").expectSuccess();
                assertEquals("ctr: id e1: already exists",
                        ctr.run("task", "exec", "--exec-id", "e1", "t2", "true").err().strip());
            } finally {
                ctr.removeContainer("t1");
                ctr.removeContainer("t2");
            }
            Leftovers.assertNone(daemon);
        }
    }

    @Test
    void aDaemonKilledAndStartedAgainFindsItsTwentyRunningTasksAndReportsTheExitOfOne() throws Exception {
        assumeRuntime("runc");
        Path home = dir.resolve("berthd");
        List<String> ids = IntStream.rangeClosed(1, 20).mapToObj(i -> "r" + i).toList();
        try (TestRegistry registry = TestRegistry.start()) {
            List<String> before;
            try (DaemonProcess daemon = DaemonProcess.start(home, "")) {
                Ctr ctr = pull(registry, daemon);
                for (String id : ids) {
                    ctr.run("run", "-d", image, id, "sleep", "1000").expectSuccess();
                }
                before = ctr.run("task", "ls").expectSuccess().out().lines().skip(1).map(String::strip).sorted()
                        .toList();
                daemon.kill();
            }
            try (DaemonProcess daemon = DaemonProcess.start(home, "")) {
                Ctr ctr = new Ctr(daemon.socket());
                try {
                    List<String> after = ctr.run("task", "ls").expectSuccess().out().lines().skip(1)
                            .map(String::strip).sorted().toList();
                    assertEquals(20, after.size(), after.toString());
                    assertEquals(before, after, "the same tasks with the same pids");
                    assertTrue(after.stream().allMatch(row -> row.endsWith("RUNNING")), after.toString());
                    BlockingQueue<String> topics = subscribe(daemon);

                    ctr.run("task", "kill", "-s", "SIGKILL", "r2").expectSuccess();
                    WaitResponse exit = TasksGrpc.newBlockingStub(daemon.channel())
                            .withInterceptors(Namespaced.in("default"))
                            .wait(WaitRequest.newBuilder().setContainerId("r2").build());
                    assertEquals(128 + 9, exit.getExitStatus(), "killed by SIGKILL");
                    String topic;
                    do {
                        topic = topics.poll(60, TimeUnit.SECONDS);
                        assertNotNull(topic, "no /tasks/exit from the reconnected shim");
                    } while (!topic.equals("/tasks/exit"));
                    ctr.run("task", "rm", "r2").expectSuccess();
                    assertEquals(19, ctr.run("task", "ls", "-q").expectSuccess().out().lines().count());
                } finally {
                    for (String id : ids) {
                        ctr.removeContainer(id);
                    }
                }
                Leftovers.assertNone(daemon);
            }
        }
    }

    @Test
    void theRuncBinaryTheRuntimeOptionsNameRunsTheTask() throws Exception {
        assumeRuntime("runc");
        Path calls = dir.resolve("calls");
        Path binary = dir.resolve("logging-runc");
        Files.writeString(binary, "#!/bin/sh\necho \"$@\" >> " + calls + "\nexec runc \"$@\"\n");
        Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (TestRegistry registry = TestRegistry.start();
                DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            Ctr ctr = pull(registry, daemon);
            Command.Result run;
            try {
                run = ctr.run("run", "--rm", "--runtime", "io.containerd.runc.v2", "--runc-binary", binary.toString(),
                        image, "t1", "echo", "hello").expectSuccess();
            } finally {
                ctr.removeContainer("t1");
            }

            assertEquals("hello\n", run.out(), run.err());
            List<String> invoked = Files.readAllLines(calls);
            assertTrue(invoked.stream().anyMatch(line -> line.contains(" create ") && line.endsWith(" t1")), invoked
                    .toString());
            assertTrue(invoked.stream().anyMatch(line -> line.contains(" start t1")), invoked.toString());
            Leftovers.assertNone(daemon);
        }
    }

    @Test
    void crunRunsTheTaskWhenTheRuntimeOptionsNameIt() throws Exception {
        assumeRuntime("crun");
        try (HybridCgroups cgroups = HybridCgroups.withoutCgroup2Controllers();
                TestRegistry registry = TestRegistry.start();
                DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            Ctr ctr = pull(registry, daemon);
            try {
                runWithCrun(ctr, daemon);
            } finally {
                ctr.removeContainer("t1");
            }
        }
    }

    private void runWithCrun(Ctr ctr, DaemonProcess daemon) throws Exception {
        Path crunRoot = dir.resolve("crun-root");
        ctr.run("run", "-d", "--runtime", "io.containerd.runc.v2", "--runc-binary", "crun",
                "--runc-root", crunRoot.toString(), image, "t1", "sleep", "1000").expectSuccess();

        assertEquals("RUNNING", taskRow(ctr, "t1").get(2));
        // the shim keeps each namespace's containers in a directory of that name under the runtime's root
        Path namespaceRoot = crunRoot.resolve("default");
        String list = Command.run("crun", "--root", namespaceRoot.toString(), "list").expectSuccess().out();
        assertTrue(list.lines().anyMatch(line -> line.startsWith("t1 ")), "crun runs t1:\n" + list);
        Command.Result exec = ctr.run("task", "exec", "--exec-id", "e1", "t1", "echo", "from crun")
                .expectSuccess();
        assertEquals("from crun\n", exec.out(), exec.err());

        ctr.run("task", "kill", "-s", "SIGKILL", "t1").expectSuccess();
        while (!taskRow(ctr, "t1").get(2).equals("STOPPED")) {
            Thread.sleep(20);
        }
        ctr.run("task", "rm", "t1").expectSuccess();
        ctr.run("container", "rm", "t1").expectSuccess();
        String after = Command.run("crun", "--root", namespaceRoot.toString(), "list").expectSuccess().out();
        assertTrue(after.lines().noneMatch(line -> line.startsWith("t1 ")), after);
        Leftovers.assertNone(daemon);
    }

    private Ctr pull(TestRegistry registry, DaemonProcess daemon) throws Exception {
        PushedImage pushed = TestImages.pushSmall(registry, "berth/run", "v1");
        image = pushed.reference();
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

    /** The task's row of {@code ctr task ls}: id, pid, status. */
    private static List<String> taskRow(Ctr ctr, String id) throws IOException, InterruptedException {
        String table = ctr.run("task", "ls").expectSuccess().out();
        return table.lines().skip(1).map(line -> List.of(line.strip().split("\\s+")))
                .filter(row -> row.getFirst().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no task " + id + " in\n" + table));
    }

    /** Every event's topic from now on, once the daemon has shown the subscription is in place. */
    private static BlockingQueue<String> subscribe(DaemonProcess daemon) throws InterruptedException {
        BlockingQueue<String> topics = new LinkedBlockingQueue<>();
        EventsGrpc.EventsBlockingStub events = EventsGrpc.newBlockingStub(daemon.channel());
        Thread.ofPlatform().daemon().start(() -> Context.current().fork().run(() -> {
            try {
                events.subscribe(SubscribeRequest.getDefaultInstance())
                        .forEachRemaining((Envelope envelope) -> topics.add(envelope.getTopic()));
            } catch (StatusRuntimeException closed) {
                // The daemon's channels close with the test.
            }
        }));
        EventsGrpc.EventsBlockingStub publisher = events.withInterceptors(
                Namespaced.in("default"));
        while (true) {
            publisher.publish(PublishRequest.newBuilder().setTopic("/test/ready")
                    .setEvent(Any.getDefaultInstance()).build());
            String topic = topics.poll(100, TimeUnit.MILLISECONDS);
            if ("/test/ready".equals(topic)) {
                topics.clear();
                return topics;
            }
        }
    }

}

package io.berth.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.protobuf.Any;

import io.berth.itests.support.Command;
import io.berth.itests.support.Ctr;
import io.berth.itests.support.DaemonProcess;
import io.berth.itests.support.Leftovers;
import io.berth.itests.support.Namespaced;
import io.berth.itests.support.TestImages;
import io.berth.itests.support.TestRegistry;
import io.berth.proto.containerd.events.TaskExit;
import io.berth.proto.containerd.services.events.v1.EventsGrpc;
import io.berth.proto.containerd.services.events.v1.PublishRequest;
import io.berth.proto.containerd.services.events.v1.SubscribeRequest;
import io.berth.proto.containerd.types.Envelope;
import io.grpc.Context;
import io.grpc.StatusRuntimeException;

/**
 * Two tasks that Debian's ctr runs with the runc shim's group annotation share one containerd-shim-runc-v2
 * process, as the pods of a Kubernetes node do: each works fully, deleting the first leaves the shim serving the
 * second, deleting the last ends the shim, also across a daemon killed and started again; nothing is left behind.
 */
class SandboxGroupTest {
    private static final String SHIM = "containerd-shim-runc-v2";
    private static final String GROUP = "io.containerd.runc.v2.group";
    /** The sandbox's own task is named by the group, as the CRI names a pod's shim by its sandbox. */
    private static final String SANDBOX = "sandbox";
    private static final String APP = "app";
    /** Generous: a shim told to shut down is gone within moments. */
    private static final long SHIM_EXIT_DEADLINE_SECONDS = 60;

    @TempDir
    Path dir;

    @Test
    void twoTasksOfOneGroupShareOneShimThatServesEachAndEndsWithTheLast() throws Exception {
        assumeInstalled();
        try (TestRegistry registry = TestRegistry.start();
                DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            Ctr ctr = new Ctr(daemon.socket());
            try {
                runBoth(ctr, registry);
                long shim = theOneShim(daemon);
                assertRunningWithTheirPids(ctr);
                deleteBothAndSeeTheShimEnd(ctr, daemon, shim);
            } finally {
                ctr.removeContainer(SANDBOX);
                ctr.removeContainer(APP);
            }
        }
    }

    @Test
    void aDaemonKilledAndStartedAgainFindsBothTasksOfTheGroupAndTheirShimEndsWithTheLast() throws Exception {
        assumeInstalled();
        Path home = dir.resolve("berthd");
        try (TestRegistry registry = TestRegistry.start()) {
            List<String> before;
            long shim;
            try (DaemonProcess daemon = DaemonProcess.start(home, "")) {
                Ctr ctr = new Ctr(daemon.socket());
                runBoth(ctr, registry);
                shim = theOneShim(daemon);
                before = assertRunningWithTheirPids(ctr);
                daemon.kill();
            }
            try (DaemonProcess daemon = DaemonProcess.start(home, "")) {
                Ctr ctr = new Ctr(daemon.socket());
                try {
                    assertEquals(shim, theOneShim(daemon), "the group's shim ran on while the daemon was away");
                    assertEquals(before, assertRunningWithTheirPids(ctr), "the same tasks with the same pids");
                    deleteBothAndSeeTheShimEnd(ctr, daemon, shim);
                } finally {
                    ctr.removeContainer(SANDBOX);
                    ctr.removeContainer(APP);
                }
            }
        }
    }

    private static void runBoth(Ctr ctr, TestRegistry registry) throws Exception {
        String image = TestImages.pushSmall(registry, "berth/group", "v1").reference();
        ctr.run("images", "pull", "--plain-http", image).expectSuccess();
        for (String id : List.of(SANDBOX, APP)) {
            ctr.run("run", "-d", "--annotation", GROUP + "=" + SANDBOX, image, id, "sleep", "1000").expectSuccess();
        }
    }

    /** Both tasks' rows of {@code ctr task ls}, each RUNNING with a live pid of its own. */
    private static List<String> assertRunningWithTheirPids(Ctr ctr) throws IOException, InterruptedException {
        List<String> sandbox = taskRow(ctr, SANDBOX);
        List<String> app = taskRow(ctr, APP);
        for (List<String> row : List.of(sandbox, app)) {
            assertEquals("RUNNING", row.get(2), row.toString());
            assertTrue(ProcessHandle.of(Long.parseLong(row.get(1))).isPresent(), "a live pid: " + row);
        }
        assertNotEquals(sandbox.get(1), app.get(1));
        return List.of(String.join(" ", sandbox), String.join(" ", app));
    }

    /**
     * Exec in the second task, then kill and delete the first (the second runs on, served by the same shim) and
     * then the second (the shim ends); each exit event names its own task, and nothing is left behind.
     */
    private static void deleteBothAndSeeTheShimEnd(Ctr ctr, DaemonProcess daemon, long shim) throws Exception {
        Path socket = shimSocket(daemon);
        Command.Result exec = ctr.run("task", "exec", "--exec-id", "e1", APP, "sh", "-c", "echo $((20+22))")
                .expectSuccess();
        assertEquals("42\n", exec.out(), exec.err());
        BlockingQueue<Envelope> events = subscribe(daemon);

        killAndRemove(ctr, events, SANDBOX);

        assertEquals("RUNNING", taskRow(ctr, APP).get(2));
        assertTrue(Leftovers.isRunning(shim), "the shim still serves " + APP + "\n" + daemon.log());
        assertEquals(shim, theOneShim(daemon));
        exec = ctr.run("task", "exec", "--exec-id", "e2", APP, "echo", "still here").expectSuccess();
        assertEquals("still here\n", exec.out(), exec.err());

        killAndRemove(ctr, events, APP);

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SHIM_EXIT_DEADLINE_SECONDS);
        while (Leftovers.isRunning(shim) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertFalse(Leftovers.isRunning(shim), "the group's shim ends with its last task");
        assertEquals("", ctr.run("task", "ls", "-q").expectSuccess().out());
        Leftovers.assertNone(daemon);
        assertFalse(Files.exists(socket), "the group's shim socket is left: " + socket);
        assertEquals(List.of(), Leftovers.entries(daemon.root().resolve("io.containerd.runtime.v2.task/default")),
                "work directories left");
    }

    private static void killAndRemove(Ctr ctr, BlockingQueue<Envelope> events, String id) throws Exception {
        ctr.run("task", "kill", "-s", "SIGKILL", id).expectSuccess();
        TaskExit event = null;
        while (event == null) {
            Envelope next = events.poll(60, TimeUnit.SECONDS);
            assertNotNull(next, "no /tasks/exit for " + id);
            if (next.getTopic().equals("/tasks/exit")) {
                TaskExit exit = TaskExit.parseFrom(next.getEvent().getValue());
                // An exec's exit names its exec id; a task's own process is named by its container.
                event = exit.getId().equals(exit.getContainerId()) ? exit : null;
            }
        }
        assertEquals(id, event.getContainerId(), "the exit event names the killed task");
        assertEquals(128 + 9, event.getExitStatus());
        ctr.run("task", "rm", id).expectSuccess();
        ctr.run("container", "rm", id).expectSuccess();
    }

    /** The pid of this daemon's only shim, whose command line names the group. */
    private static long theOneShim(DaemonProcess daemon) {
        List<String> shims = Leftovers.shims(daemon.socket());
        assertEquals(1, shims.size(), "one shim for the group: " + shims);
        assertTrue(shims.getFirst().contains(" -id " + SANDBOX + " "), shims.getFirst());
        return Long.parseLong(shims.getFirst().substring(0, shims.getFirst().indexOf(' ')));
    }

    /** The socket the group's shim serves on, as the second task's bundle records it. */
    private static Path shimSocket(DaemonProcess daemon) throws IOException {
        String address = Files.readString(daemon.dir().resolve("state/io.containerd.runtime.v2.task/default/"
                + APP + "/address"), StandardCharsets.UTF_8).strip();
        assertTrue(address.startsWith("unix://"), address);
        return Path.of(address.substring("unix://".length()));
    }

    /** The task's row of {@code ctr task ls}: id, pid, status. */
    private static List<String> taskRow(Ctr ctr, String id) throws IOException, InterruptedException {
        String table = ctr.run("task", "ls").expectSuccess().out();
        return table.lines().skip(1).map(line -> List.of(line.strip().split("\\s+")))
                .filter(row -> row.getFirst().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no task " + id + " in\n" + table));
    }

    /** Every event from now on, once the daemon has shown the subscription is in place. */
    private static BlockingQueue<Envelope> subscribe(DaemonProcess daemon) throws InterruptedException {
        BlockingQueue<Envelope> events = new LinkedBlockingQueue<>();
        EventsGrpc.EventsBlockingStub stub = EventsGrpc.newBlockingStub(daemon.channel());
        Thread.ofPlatform().daemon().start(() -> Context.current().fork().run(() -> {
            try {
                stub.subscribe(SubscribeRequest.getDefaultInstance()).forEachRemaining(events::add);
            } catch (StatusRuntimeException closed) {
                // The daemon's channels close with the test.
            }
        }));
        EventsGrpc.EventsBlockingStub publisher = Namespaced.stub(stub, "default");
        while (true) {
            publisher.publish(PublishRequest.newBuilder().setTopic("/test/ready")
                    .setEvent(Any.getDefaultInstance()).build());
            Envelope event = events.poll(100, TimeUnit.MILLISECONDS);
            if (event != null && event.getTopic().equals("/test/ready")) {
                events.clear();
                return events;
            }
        }
    }

    private static void assumeInstalled() {
        Ctr.assumeInstalled();
        TestRegistry.assumeInstalled();
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin", SHIM)),
                SHIM + " is not installed (Debian package containerd); .ci/run installs it");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/runc")),
                "runc is not installed (Debian package runc); .ci/run installs it");
    }
}

package io.berth.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.protobuf.Message;

import io.berth.itests.support.ApiAnswers;
import io.berth.itests.support.Command;
import io.berth.itests.support.ContainerdProcess;
import io.berth.itests.support.Ctr;
import io.berth.itests.support.CtrEvents;
import io.berth.itests.support.Daemon;
import io.berth.itests.support.DaemonProcess;
import io.berth.itests.support.Leftovers;
import io.berth.itests.support.Namespaced;
import io.berth.itests.support.TestImages;
import io.berth.itests.support.TestRegistry;
import io.berth.proto.containerd.services.tasks.v1.DeleteProcessRequest;
import io.berth.proto.containerd.services.tasks.v1.DeleteTaskRequest;
import io.berth.proto.containerd.services.tasks.v1.GetRequest;
import io.berth.proto.containerd.services.tasks.v1.ListTasksRequest;
import io.berth.proto.containerd.services.tasks.v1.ListTasksResponse;
import io.berth.proto.containerd.services.tasks.v1.TasksGrpc;
import io.berth.proto.containerd.v1.types.Process;

/**
 * Debian's containerd and berthd, each on a root of its own with the same image, are killed with SIGKILL while
 * three tasks run, and started again on the same root and state. While the daemon is down, the process of task
 * {@code exits} is killed (its shim, still running, keeps the exit) and the shim of task {@code orphan} is killed
 * (its container runs on without one). After the start, what ctr prints for the tasks, their processes and their
 * removal, what Tasks.List, Get, DeleteProcess and Delete answer, and the events published meanwhile must be the
 * same for both daemons; both must have ended the orphan's container and removed its bundle.
 */
class RestartSameAsContainerdTest {
    private static final Pattern TIME = Pattern.compile("time=\"[^\"]*\"|\"exited_at\":\"[^\"]*\"");
    private static final Pattern PID = Pattern.compile("\"pid\":\\d+");
    private static final Pattern NUMBER = Pattern.compile("\\b\\d+\\b");
    /** ctr makes an exec's FIFOs in a directory of a random name. */
    private static final Pattern FIFO_DIR = Pattern.compile("/run/containerd/fifo/\\d+/");

    @TempDir
    Path dir;

    @FunctionalInterface
    private interface Starter {
        Daemon start(Path home) throws IOException, InterruptedException;
    }

    @Test
    void aDaemonStartedAgainFindsItsTasksAndCleansUpAfterALostShimAsContainerdDoes() throws Exception {
        ContainerdProcess.assumeTasksRun();
        try (TestRegistry registry = TestRegistry.start()) {
            String image = TestImages.pushSmall(registry, "berth/restart", "v1").reference();
            List<String> fromContainerd = killAndStartAgain(dir.resolve("containerd"), ContainerdProcess::start, image);
            List<String> fromBerthd = killAndStartAgain(dir.resolve("berthd"), home -> DaemonProcess.start(home, ""),
                    image);
            List<String> differences = new ArrayList<>();
            for (int i = 0; i < Math.max(fromContainerd.size(), fromBerthd.size()); i++) {
                String expected = i < fromContainerd.size() ? fromContainerd.get(i) : "(nothing)\n";
                String actual = i < fromBerthd.size() ? fromBerthd.get(i) : "(nothing)\n";
                if (!expected.equals(actual)) {
                    differences.add("containerd:\n" + expected + "berthd:\n" + actual);
                }
            }
            assertEquals(List.of(), differences, String.join("\n", differences));
        }
    }

    /** Runs the tasks, kills the daemon and what goes with it, and starts it again: see {@link #startAgain}. */
    private static List<String> killAndStartAgain(Path home, Starter starter, String image) throws Exception {
        long orphanPid;
        try (Daemon daemon = starter.start(home)) {
            Ctr ctr = new Ctr(daemon.socket());
            ctr.run("images", "pull", "--plain-http", image).expectSuccess();
            for (String id : List.of("exits", "orphan", "lives")) {
                ctr.run("run", "-d", "--null-io", image, id, "sleep", "1000").expectSuccess();
            }
            ctr.run("task", "exec", "-d", "--exec-id", "e1", "lives", "sleep", "1000").expectSuccess();
            Map<String, Long> pids = taskPids(ctr);
            daemon.kill();

            ProcessHandle shim = shimOf(daemon.socket(), "orphan");
            shim.destroyForcibly();
            shim.onExit().get(30, TimeUnit.SECONDS);
            long exitsPid = pids.get("exits");
            ProcessHandle.of(exitsPid).ifPresent(ProcessHandle::destroyForcibly);
            awaitReaped(exitsPid);
            orphanPid = pids.get("orphan");
        }

        try {
            return startAgain(home, starter, orphanPid);
        } finally {
            // Should the clean-up not have ended it, nothing else would: its shim is gone.
            ProcessHandle.of(orphanPid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /** What ctr printed after the daemon's second start, and then the events it published, masked. */
    private static List<String> startAgain(Path home, Starter starter, long orphanPid) throws Exception {
        List<String> seen = new ArrayList<>();
        try (Daemon daemon = starter.start(home);
             CtrEvents events = new Ctr(daemon.socket()).events(home.resolve("events.err"))) {
            Ctr ctr = new Ctr(daemon.socket());
            List<CtrEvents.Line> published = new ArrayList<>();
            awaitSubscribed(ctr, events);

            seen.add(said(ctr, true, "task", "ls"));
            TasksGrpc.TasksBlockingStub tasks = Namespaced.stub(TasksGrpc.newBlockingStub(daemon.channel()), "default");
            seen.add(answered("Tasks.List", ListTasksResponse.newBuilder().addAllTasks(
                    tasks.list(ListTasksRequest.getDefaultInstance()).getTasksList().stream()
                            .sorted(Comparator.comparing(Process::getId)).toList()).build()));
            seen.add(answered("Tasks.Get of exec e1", tasks.get(GetRequest.newBuilder().setContainerId("lives")
                    .setExecId("e1").build())));
            seen.add(said(ctr, true, "task", "ps", "lives"));
            seen.add(said(ctr, false, "task", "exec", "--exec-id", "e2", "lives", "echo", "after the restart"));
            awaitEvent(events, published, "/tasks/exit", "\"id\":\"e2\"");
            seen.add(said(ctr, false, "task", "kill", "--exec-id", "e1", "lives"));
            awaitEvent(events, published, "/tasks/exit", "\"id\":\"e1\"");
            seen.add(said(ctr, false, "task", "exec", "--exec-id", "e1", "lives", "true"));
            seen.add(answered("Tasks.DeleteProcess of exec e1", tasks.deleteProcess(DeleteProcessRequest.newBuilder()
                    .setContainerId("lives").setExecId("e1").build())));
            seen.add(said(ctr, true, "task", "ps", "lives"));
            seen.add(said(ctr, false, "task", "exec", "--exec-id", "e1", "lives", "true"));
            seen.add(said(ctr, false, "task", "rm", "exits"));
            seen.add(said(ctr, false, "task", "rm", "orphan"));
            seen.add(said(ctr, false, "task", "kill", "-s", "SIGKILL", "lives"));
            awaitEvent(events, published, "/tasks/exit", "\"id\":\"lives\"");
            seen.add(answered("Tasks.Delete", tasks.delete(DeleteTaskRequest.newBuilder().setContainerId("lives")
                    .build())));
            for (String id : List.of("exits", "orphan", "lives")) {
                seen.add(said(ctr, false, "containers", "rm", id));
            }
            seen.add(said(ctr, false, "snapshots", "ls"));
            ctr.run("namespaces", "rm", "marker").expectSuccess();
            awaitEvent(events, published, "/namespaces/delete", "marker");

            // The shim sends an exit it could not deliver again after a second, then two, three…: when the daemon
            // takes the exit of "exits" depends on how long it took to start, so that event is not compared.
            for (CtrEvents.Line line : published) {
                if (!(line.topic().equals("/tasks/exit") && line.json().contains("\"id\":\"exits\""))) {
                    String json = PID.matcher(TIME.matcher(line.json()).replaceAll("TIME")).replaceAll("\"pid\":N");
                    seen.add("event " + line.namespace() + " " + line.topic() + " " + json + "\n");
                }
            }

            assertFalse(Leftovers.isRunning(orphanPid),
                    "the container of the shim that was killed still runs: " + orphanPid);
            Leftovers.assertNone(daemon);
        }
        return seen;
    }

    /**
     * Labels a namespace until the subscriber shows an event, then takes the events up to the last label's: only
     * what follows is compared.
     */
    private static void awaitSubscribed(Ctr ctr, CtrEvents events) throws IOException, InterruptedException {
        ctr.run("namespaces", "create", "marker").expectSuccess();
        for (int attempt = 1; ; attempt++) {
            assertTrue(attempt <= 300, "ctr events shows no event");
            ctr.run("namespaces", "label", "marker", "attempt=" + attempt).expectSuccess();
            Optional<CtrEvents.Line> line = events.poll(Duration.ofMillis(200));
            if (line.isPresent()) {
                // Before it may come the events of the namespace's creation and of earlier labels.
                String last = "\"attempt\":\"" + attempt + "\"";
                CtrEvents.Line taken = line.get();
                while (!taken.json().contains(last)) {
                    taken = events.next();
                }
                return;
            }
        }
    }

    /**
     * The exit status, standard output and standard error of ctr, times masked; a table's pids too, and its rows
     * sorted, as containerd lists its tasks in no fixed order.
     */
    private static String said(Ctr ctr, boolean table, String... args) throws IOException, InterruptedException {
        Command.Result result = ctr.run(args);
        String out = result.out();
        if (table) {
            // A pid's digits, and with them the columns' padding.
            List<String> rows = NUMBER.matcher(out).replaceAll("N").replaceAll(" +", " ").lines().toList();
            out = Stream.concat(rows.stream().limit(1), rows.stream().skip(1).sorted())
                    .map(row -> row + "\n").collect(Collectors.joining());
        }
        return "$ ctr " + String.join(" ", args) + "\nexit " + result.exit() + "\nout:\n" + out
                + "err:\n" + TIME.matcher(result.err()).replaceAll("TIME");
    }

    /** A message of the API on one line, its pids, times and FIFO directories masked. */
    private static String answered(String call, Message answer) {
        return call + ": " + FIFO_DIR.matcher(ApiAnswers.ofProcesses(() -> answer)).replaceAll("FIFOS/") + "\n";
    }

    /** Takes events into {@code published} up to the first of the topic whose JSON contains the text. */
    private static void awaitEvent(CtrEvents events, List<CtrEvents.Line> published, String topic, String text)
            throws InterruptedException {
        CtrEvents.Line line;
        do {
            line = events.next();
            published.add(line);
        } while (!(line.topic().equals(topic) && line.json().contains(text)));
    }

    /** The pid of each task in {@code ctr task ls}. */
    private static Map<String, Long> taskPids(Ctr ctr) throws IOException, InterruptedException {
        return ctr.run("task", "ls").expectSuccess().out().lines().skip(1)
                .map(line -> line.strip().split("\\s+"))
                .collect(Collectors.toMap(row -> row[0], row -> Long.parseLong(row[1])));
    }

    /** The one shim of this daemon's task. */
    private static ProcessHandle shimOf(Path socket, String id) {
        List<String> shims = Leftovers.shims(socket).stream().filter(shim -> shim.contains(" -id " + id + " "))
                .toList();
        assertEquals(1, shims.size(), "shims of task " + id + ": " + shims);
        return ProcessHandle.of(Long.parseLong(shims.getFirst().substring(0, shims.getFirst().indexOf(' '))))
                .orElseThrow();
    }

    /** Waits until the process is gone from /proc: its parent, the shim, has taken its exit. */
    private static void awaitReaped(long pid) throws InterruptedException {
        Path proc = Path.of("/proc", Long.toString(pid));
        for (int tries = 0; Files.exists(proc); tries++) {
            assertTrue(tries < 3000, "process " + pid + " not reaped by its shim");
            Thread.sleep(10);
        }
    }
}

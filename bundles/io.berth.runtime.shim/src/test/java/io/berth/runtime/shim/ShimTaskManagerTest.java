package io.berth.runtime.shim;

import static io.berth.runtime.shim.ShimTestSupport.BUSYBOX;
import static io.berth.runtime.shim.ShimTestSupport.SHIM;
import static io.berth.runtime.shim.ShimTestSupport.assumeShimAndRoot;
import static io.berth.runtime.shim.ShimTestSupport.config;
import static io.berth.runtime.shim.ShimTestSupport.endTasks;
import static io.berth.runtime.shim.ShimTestSupport.logger;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.protobuf.Empty;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.api.events.Event;
import io.berth.api.events.EventPublisher;
import io.berth.api.metadata.TypedValue;
import io.berth.api.runtime.CreateTaskOptions;
import io.berth.api.runtime.Exit;
import io.berth.api.runtime.ProcessStatus;
import io.berth.api.runtime.Stdio;
import io.berth.api.runtime.Task;
import io.berth.api.snapshots.Mount;
import io.berth.proto.containerd.events.TaskExit;
import io.berth.proto.containerd.runc.v1.Options;
import io.berth.proto.containerd.task.v2.ConnectRequest;
import io.berth.proto.containerd.task.v2.ConnectResponse;
import io.berth.proto.containerd.task.v2.DeleteRequest;
import io.berth.proto.containerd.task.v2.DeleteResponse;
import io.berth.proto.containerd.task.v2.KillRequest;
import io.berth.proto.containerd.task.v2.WaitRequest;
import io.berth.proto.containerd.task.v2.WaitResponse;

/**
 * The task manager with Debian's containerd-shim-runc-v2 and runc: a task runs from a bind-mounted root
 * filesystem with its output in a file, its events reach the ttrpc events socket, and a deleted or refused task
 * leaves no bundle, mount or shim; a restarted manager cleans up after a shim that is gone. Tasks of one sandbox
 * group share one shim, which ends with the group's last task.
 */
class ShimTaskManagerTest {
    private static final String SPEC_TYPE = "types.containerd.io/opencontainers/runtime-spec/1/Spec";

    @TempDir
    Path dir;

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final EventPublisher publisher = events::add;
    private ShimEventsEndpoint endpoint;
    private ShimTaskManager manager;

    @BeforeEach
    void start() throws IOException {
        endpoint = new ShimEventsEndpoint(logger(), publisher, config(socket().toString()));
        manager = manager();
    }

    @AfterEach
    void stop() {
        try {
            endTasks(manager, "default");
        } finally {
            manager.deactivate();
            endpoint.stop();
        }
    }

    @Test
    void aTaskRunsWithItsRootfsMountedByTheShimAndIsDeletedWithoutATrace() throws Exception {
        assumeShimAndRoot();
        Path out = dir.resolve("out");
        Task task = manager.create("default", "t1", options(List.of("echo", "hello"), "file://" + out));
        assertTrue(Files.isDirectory(dir.resolve("runc/default/t1")), "runc keeps its state under Berth's root");

        assertEquals(ProcessStatus.CREATED, task.state("").status());
        assertEquals(List.of(task), manager.list("default"));
        assertTrue(task.start("") > 0);
        Exit exit = task.waitFor("");
        assertEquals(0, exit.status());
        assertEquals("hello\n", Files.readString(out));

        assertEquals(0, task.delete().status());
        assertEquals(List.of(), manager.list("default"));
        assertNothingLeft();
        List<String> topics = topicsUntil("/tasks/delete");
        assertEquals(List.of("/tasks/create", "/tasks/start", "/tasks/exit", "/tasks/delete"), topics);
    }

    @Test
    void aSecondTaskOfTheSameIdIsRefusedAndTheFirstRunsOn() throws Exception {
        assumeShimAndRoot();
        Task task = manager.create("default", "t1", options(List.of("sleep", "1000"), ""));
        task.start("");
        try {
            BerthException e = assertThrows(BerthException.class,
                    () -> manager.create("default", "t1", options(List.of("true"), "")));
            assertEquals(ErrorKind.ALREADY_EXISTS, e.kind());
            assertEquals(ProcessStatus.RUNNING, task.state("").status());
        } finally {
            task.kill("", 9, true);
            task.waitFor("");
            task.delete();
        }
        assertNothingLeft();
    }

    @Test
    void aShimThatDiesIsCleanedUpAfterAndItsTasksExitReported() throws Exception {
        assumeShimAndRoot();
        ShimTask task = (ShimTask) manager.create("default", "t1", options(List.of("sleep", "1000"), ""));
        task.start("");
        int containerPid = task.pid();
        events.clear();

        ProcessHandle.of(shimPid(task)).orElseThrow().destroyForcibly();

        assertEquals("t1", TaskExit.parseFrom(next("/tasks/exit").payload()).getContainerId());
        assertEquals(List.of(), manager.list("default"));
        assertFalse(ProcessStates.running(containerPid), "the container's process goes with its shim's cleanup");
        assertNothingLeft();
    }

    @Test
    void aSpecTheRuntimeRefusesLeavesNoShimMountOrBundle() throws Exception {
        assumeShimAndRoot();
        CreateTaskOptions bad = new CreateTaskOptions("io.containerd.runc.v2",
                new TypedValue(SPEC_TYPE, "{\"ociVersion\":\"1.0.2\"}".getBytes(StandardCharsets.UTF_8)),
                List.of(rootfs()), Stdio.NONE, null, null);

        assertThrows(BerthException.class, () -> manager.create("default", "t1", bad));

        assertEquals(List.of(), manager.list("default"));
        assertNothingLeft();
    }

    /**
     * The shim is killed in the middle of its Create, once runc has made the container: the runtime it runs (the
     * runc options' BinaryName) is runc followed by a kill of its parent, the shim.
     */
    @Test
    void aShimThatDiesWhileCreatingLeavesNoRuncStateSocketMountOrBundle() throws Exception {
        assumeShimAndRoot();
        Set<Path> socketsBefore = sockets();
        Path killingRunc = Files.writeString(dir.resolve("killing-runc"), """
                #!/bin/sh
                /usr/sbin/runc "$@"
                status=$?
                case " $* " in *" create "*) kill -KILL "$PPID" ;; esac
                exit $status
                """);
        Files.setPosixFilePermissions(killingRunc, PosixFilePermissions.fromString("rwx------"));
        CreateTaskOptions plain = options(List.of("echo", "hello"), "");
        CreateTaskOptions dying = new CreateTaskOptions(plain.runtime(), plain.spec(), plain.rootfs(), plain.stdio(),
                new TypedValue("containerd.runc.v1.Options",
                        Options.newBuilder().setBinaryName(killingRunc.toString()).build().toByteArray()), null);

        BerthException e = assertThrows(BerthException.class, () -> manager.create("default", "t1", dying));

        assertEquals(ErrorKind.UNAVAILABLE, e.kind(), e.getMessage());
        assertNothingLeft();
        Set<Path> leaked = new HashSet<>(sockets());
        leaked.removeAll(socketsBefore);
        leaked.removeIf(ShimTaskManagerTest::accepts);
        assertEquals(Set.of(), leaked, "dead shim sockets left");
    }

    @Test
    void unknownRuntimesMissingShimsAndBadIdsAreRefusedBeforeAnythingIsMade() throws IOException {
        CreateTaskOptions spec = new CreateTaskOptions("io.containerd.a/b.v2", new TypedValue(SPEC_TYPE,
                new byte[0]), List.of(), Stdio.NONE, null, null);
        assertEquals(ErrorKind.INVALID_ARGUMENT,
                assertThrows(BerthException.class, () -> manager.create("default", "t1", spec)).kind());
        CreateTaskOptions unconfigured = new CreateTaskOptions("nosuch", spec.spec(), List.of(), Stdio.NONE, null,
                null);
        assertEquals(ErrorKind.NOT_FOUND,
                assertThrows(BerthException.class, () -> manager.create("default", "t1", unconfigured)).kind());
        CreateTaskOptions missing = new CreateTaskOptions("io.containerd.nosuch.v9", spec.spec(), List.of(),
                Stdio.NONE, null, null);
        assertEquals(ErrorKind.NOT_FOUND,
                assertThrows(BerthException.class, () -> manager.create("default", "t1", missing)).kind());
        for (String id : List.of("a/b", "..", "x".repeat(300))) {
            assertEquals(ErrorKind.INVALID_ARGUMENT,
                    assertThrows(BerthException.class, () -> manager.create("default", id, spec)).kind(), id);
        }
        assertNothingLeft();
    }

    @Test
    void runcOptionsThatDoNotParseAreRefusedBeforeAnythingIsMade() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(SHIM), SHIM + " is not installed (Debian package containerd)");
        CreateTaskOptions broken = new CreateTaskOptions("io.containerd.runc.v2", new TypedValue(SPEC_TYPE,
                new byte[0]), List.of(), Stdio.NONE, new TypedValue("containerd.runc.v1.Options",
                new byte[] {(byte) 0xff, 0x01}), null);

        BerthException e = assertThrows(BerthException.class, () -> manager.create("default", "t1", broken));

        assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind(), e.getMessage());
        assertNothingLeft();
    }

    @Test
    void aRestartedManagerReconnectsToARunningShimAndCleansUpAfterOneThatIsGone() throws Exception {
        assumeShimAndRoot();
        Task running = manager.create("default", "alive", options(List.of("sleep", "1000"), ""));
        running.start("");
        ShimBundle gone = ShimBundle.of(state(), root(), "default", "gone");
        gone.create("{}".getBytes(StandardCharsets.UTF_8));
        gone.writeAddress("unix://" + dir.resolve("nothing-listens"));
        gone.writeShimBinary(SHIM);
        manager.deactivate();
        events.clear();

        manager = manager();

        Task again = manager.get("default", "alive");
        assertEquals(running.pid(), again.pid());
        assertEquals(ProcessStatus.RUNNING, again.state("").status());
        assertFalse(Files.exists(gone.path()), "the dead shim's bundle is removed");
        assertEquals(List.of(again), manager.list("default"));
        assertEquals("gone", TaskExit.parseFrom(next("/tasks/exit").payload()).getContainerId());

        again.kill("", 9, true);
        again.waitFor("");
        again.delete();
        assertNothingLeft();
    }

    @Test
    void twoTasksOfOneGroupShareAShimThatOutlivesTheFirstAndEndsWithTheLast() throws Exception {
        assumeShimAndRoot();
        ShimTask first = (ShimTask) manager.create("default", "first", grouped("first", "sleep", "1000"));
        ShimTask second = (ShimTask) manager.create("default", "second", grouped("first", "sleep", "1000"));
        first.start("");
        second.start("");

        assertEquals(shimPid(first), shimPid(second), "one shim serves the group");
        assertEquals(1, shims().size(), shims().toString());
        first.kill("", 9, true);
        assertEquals(128 + 9, first.waitFor("").status());
        first.delete();

        assertEquals(List.of(second), manager.list("default"));
        assertTrue(ProcessStates.running(shimPid(second)), "the shim still serves the second task");
        assertEquals(ProcessStatus.RUNNING, second.state("").status());
        assertFalse(Files.exists(first.shim().bundle().path()), "the first task's bundle is removed");
        second.kill("", 9, true);
        second.waitFor("");
        second.delete();
        assertFalse(Files.exists(second.shim().socket()), "the group's shim removed its socket as it ended");
        assertNothingLeft();
    }

    @Test
    void aTaskTheGroupsShimRefusesLeavesTheShimServingTheOthers() throws Exception {
        assumeShimAndRoot();
        ShimTask running = (ShimTask) manager.create("default", "running", grouped("running", "sleep", "1000"));
        running.start("");

        assertThrows(BerthException.class,
                () -> manager.create("default", "refused", grouped("running", "/no/such/program")));

        assertEquals(List.of(running), manager.list("default"));
        assertFalse(Files.exists(state().resolve("default/refused")), "the refused task's bundle is removed");
        assertTrue(Files.exists(running.shim().socket()), "the group's shim keeps its socket");
        assertEquals(ProcessStatus.RUNNING, running.state("").status());
        running.kill("", 9, true);
        running.waitFor("");
        running.delete();
        assertNothingLeft();
    }

    @Test
    void aRestartedManagerFindsBothTasksOfAGroupAndTheirShimEndsWithTheLast() throws Exception {
        assumeShimAndRoot();
        Task first = manager.create("default", "first", grouped("first", "sleep", "1000"));
        Task second = manager.create("default", "second", grouped("first", "sleep", "1000"));
        first.start("");
        second.start("");
        manager.deactivate();

        manager = manager();

        ShimTask firstAgain = (ShimTask) manager.get("default", "first");
        ShimTask secondAgain = (ShimTask) manager.get("default", "second");
        assertEquals(List.of(first.pid(), second.pid()), List.of(firstAgain.pid(), secondAgain.pid()));
        assertEquals(shimPid(firstAgain), shimPid(secondAgain));
        for (ShimTask task : List.of(firstAgain, secondAgain)) {
            assertEquals(ProcessStatus.RUNNING, task.state("").status());
            task.kill("", 9, true);
            task.waitFor("");
            task.delete();
        }
        assertNothingLeft();
    }

    /** The shim deleted a task, and the daemon went before it removed the task's bundle. */
    @Test
    void aRestartedManagerCleansUpATaskTheGroupsShimForgotAndKeepsTheShimForTheOther() throws Exception {
        assumeShimAndRoot();
        ShimTask forgotten = (ShimTask) manager.create("default", "forgotten", grouped("kept", "sleep", "1000"));
        ShimTask kept = (ShimTask) manager.create("default", "kept", grouped("kept", "sleep", "1000"));
        forgotten.start("");
        kept.start("");
        try (ShimClient direct = ShimClient.connect(ShimAddress.parse(forgotten.shim().bundle().address()
                .orElseThrow()), "default")) {
            direct.call("Kill", KillRequest.newBuilder().setId("forgotten")
                    .setSignal(9).build(), Empty.parser());
            direct.call("Wait", WaitRequest.newBuilder().setId("forgotten")
                    .build(), WaitResponse.parser());
            direct.call("Delete", DeleteRequest.newBuilder().setId("forgotten")
                    .build(), DeleteResponse.parser());
        }
        manager.deactivate();
        events.clear();

        manager = manager();

        assertEquals(List.of("kept"), manager.list("default").stream().map(Task::id).toList());
        assertFalse(Files.exists(forgotten.shim().bundle().path()), "the forgotten task's bundle is removed");
        assertEquals("forgotten", TaskExit.parseFrom(next("/tasks/exit").payload()).getContainerId());
        assertTrue(ProcessStates.running(shimPid(kept)), "the group's shim serves on");
        Task keptAgain = manager.get("default", "kept");
        assertEquals(ProcessStatus.RUNNING, keptAgain.state("").status());
        keptAgain.kill("", 9, true);
        keptAgain.waitFor("");
        keptAgain.delete();
        assertNothingLeft();
    }

    private ShimTaskManager manager() throws IOException {
        return new ShimTaskManager(logger(), publisher, state(), root(), List.of(Path.of("/usr/bin")),
                socket().toString(), "/bin/true", dir.resolve("runc"), Duration.ofSeconds(2),
                ConfiguredRuntimes.builtIn());
    }

    private Path socket() {
        return dir.resolve("berth.sock");
    }

    private Path state() {
        return dir.resolve("state");
    }

    private Path root() {
        return dir.resolve("root");
    }

    /**
     * The next event of {@code topic}. Others are passed over: a shim forwards its events asynchronously, so one
     * published before a restart (its task's start, say) may reach the manager after it.
     */
    private Event next(String topic) throws InterruptedException {
        List<String> passed = new ArrayList<>();
        Event event;
        while ((event = events.poll(60, TimeUnit.SECONDS)) != null && !event.topic().equals(topic)) {
            passed.add(event.topic());
        }
        assertNotNull(event, "no " + topic + " event; saw " + passed);
        return event;
    }

    private List<String> topicsUntil(String last) throws InterruptedException {
        List<String> topics = new ArrayList<>();
        while (!topics.contains(last)) {
            Event event = events.poll(60, TimeUnit.SECONDS);
            assertNotNull(event, "no " + last + " event; saw " + topics);
            topics.add(event.topic());
        }
        return topics;
    }

    /**
     * A task of busybox from a read-only bind mount, its output going where {@code stdout} says (and its errors
     * beside it: the 1.6 shim fails on a file stdout without a stderr).
     */
    private CreateTaskOptions options(List<String> args, String stdout) throws IOException {
        return options(args, stdout, "");
    }

    /** A task with no output in the sandbox group {@code group}, by the runc shim's own annotation. */
    private CreateTaskOptions grouped(String group, String... args) throws IOException {
        return options(List.of(args), "", "\"annotations\":{\"io.containerd.runc.v2.group\":\"" + group + "\"},");
    }

    /** @param annotations the spec's annotations member and a comma, or nothing */
    private CreateTaskOptions options(List<String> args, String stdout, String annotations) throws IOException {
        String spec = """
                {%s"ociVersion":"1.0.2","process":{"terminal":false,"user":{"uid":0,"gid":0},"args":%s,
                "env":["PATH=/bin"],"cwd":"/","noNewPrivileges":true},"root":{"path":"rootfs","readonly":true},
                "mounts":[{"destination":"/proc","type":"proc","source":"proc"},
                {"destination":"/dev","type":"tmpfs","source":"tmpfs","options":["nosuid","mode=755"]}],
                "linux":{"namespaces":[{"type":"pid"},{"type":"ipc"},{"type":"uts"},{"type":"mount"}]}}
                """.formatted(annotations, args.stream().map(a -> "\"" + a + "\"").toList());
        return new CreateTaskOptions("io.containerd.runc.v2", new TypedValue(SPEC_TYPE,
                spec.getBytes(StandardCharsets.UTF_8)), List.of(rootfs()), new Stdio("", stdout, stdout.isEmpty() ? "" : stdout + ".err", false), null,
                null);
    }

    private Mount rootfs() throws IOException {
        Path image = dir.resolve("image");
        if (!Files.exists(image)) {
            Path bin = Files.createDirectories(image.resolve("bin"));
            Files.createDirectories(image.resolve("proc"));
            Files.createDirectories(image.resolve("dev"));
            Files.copy(BUSYBOX, bin.resolve("busybox"));
            for (String applet : List.of("sh", "echo", "sleep", "true")) {
                Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
            }
        }
        return new Mount("bind", image.toString(), List.of("rbind", "ro"));
    }

    private void assertNothingLeft() throws IOException {
        assertEquals(List.of(), shims(), "shims left running");
        assertEquals(List.of(), MountInfo.mountPoints().stream().filter(m -> m.startsWith(dir.toString())).toList(),
                "mounts left");
        Path runcStates = dir.resolve("runc/default");
        if (Files.isDirectory(runcStates)) {
            try (Stream<Path> left = Files.list(runcStates)) {
                assertEquals(List.of(), left.toList(), "runc containers left");
            }
        }
        Path bundles = state().resolve("default");
        if (Files.isDirectory(bundles)) {
            try (Stream<Path> left = Files.list(bundles)) {
                assertEquals(List.of(), left.toList(), "bundles left");
            }
        }
    }

    /** The pid of the shim serving a task, as the shim tells it on a connection of the test's own. */
    private static long shimPid(ShimTask task) throws IOException {
        try (ShimClient direct = ShimClient.connect(ShimAddress.parse(task.shim().bundle().address().orElseThrow()),
                task.namespace())) {
            return direct.call("Connect", ConnectRequest.newBuilder().setId(task.id()).build(),
                    ConnectResponse.parser()).getShimPid();
        }
    }

    /** This manager's shim processes, by pid and command line. */
    private List<String> shims() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(SHIM.toString())
                        && c.contains(socket().toString())).orElse(false))
                .map(p -> p.pid() + " " + p.info().commandLine().orElse(""))
                .toList();
    }

    private static Set<Path> sockets() throws IOException {
        Path directory = Path.of("/run/containerd/s");
        if (!Files.isDirectory(directory)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.collect(Collectors.toSet());
        }
    }

    private static boolean accepts(Path socket) {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            return channel.isConnected();
        } catch (IOException e) {
            return false;
        }
    }
}

package io.berth.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.berth.itests.support.Command;
import io.berth.itests.support.Ctr;
import io.berth.itests.support.DaemonProcess;
import io.berth.itests.support.Leftovers;
import io.berth.itests.support.Namespaced;
import io.berth.itests.support.TestImages;
import io.berth.itests.support.TestRegistry;
import io.berth.proto.containerd.services.tasks.v1.CreateTaskRequest;
import io.berth.proto.containerd.services.tasks.v1.TasksGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Wrong or hostile requests to run a container through Debian's ctr: an unknown runtime, a runtime whose shim is
 * not installed, an image whose user does not exist, capabilities beyond the daemon's bounding set, container ids
 * that are paths or too long, through ctr and, for the tasks service, through the API. Each is refused with a
 * clear error, and afterwards no shim runs, nothing is mounted under the daemon's directories, and no bundle,
 * container, task or snapshot is left.
 */
class CtrRunHostileInputTest {
    private static final String SHIM = "containerd-shim-runc-v2";
    private static final Path SYSTEM_SHIM = Path.of("/usr/bin", SHIM);

    @TempDir
    static Path dir;

    private static TestRegistry registry;
    private static DaemonProcess daemon;
    private static Ctr ctr;
    private static String image;
    private static String imageSnapshots;

    /** One daemon whose shim search path holds only the runc v2 shim, with the test image pulled. */
    @BeforeAll
    static void startDaemon() throws Exception {
        Ctr.assumeInstalled();
        TestRegistry.assumeInstalled();
        Assumptions.assumeTrue(Files.isExecutable(SYSTEM_SHIM),
                SHIM + " is not installed (Debian package containerd); .ci/run installs it");
        Path shims = Files.createDirectories(dir.resolve("shims"));
        Files.createSymbolicLink(shims.resolve(SHIM), SYSTEM_SHIM);
        registry = TestRegistry.start();
        daemon = DaemonProcess.start(dir.resolve("berthd"),
                "[plugins.\"io.containerd.runtime.v2.task\"]\nshim_search_path = \"" + shims + "\"\n");
        ctr = new Ctr(daemon.socket());
        image = TestImages.pushSmall(registry, "berth/hostile", "v1").reference();
        ctr.run("images", "pull", "--plain-http", image).expectSuccess();
        imageSnapshots = collectedSnapshots();
    }

    @AfterAll
    static void stopDaemon() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void theRuntimeOnTheSearchPathRunsTheImage() throws Exception {
        Command.Result run = ctr.run("run", "--rm", image, "ok1", "echo", "runs");
        removeContainer("ok1");
        assertEquals("runs\n", run.expectSuccess().out(), run.err());
    }

    @Test
    void anUnknownRuntimeTypeIsNotFound() throws Exception {
        String err = refused("run", "--rm", "--runtime", "io.containerd.nope.v9", image, "h1", "true");
        assertTrue(err.contains("containerd-shim-nope-v9") && err.endsWith(": not found"), err);
    }

    @Test
    void aRuntimeNameNotOfContainerdsFormIsAnInvalidArgument() throws Exception {
        String err = refused("run", "--rm", "--runtime", "../../bin/sh", image, "h2", "true");
        assertTrue(err.contains("invalid runtime name") && err.endsWith(": invalid argument"), err);
    }

    @Test
    void aKnownRuntimeWhoseShimIsNotOnTheSearchPathIsNotFound() throws Exception {
        String err = refused("run", "--rm", "--runtime", "io.containerd.runc.v1", image, "h3", "true");
        assertTrue(err.contains("containerd-shim-runc-v1 is not installed") && err.endsWith(": not found"), err);
    }

    @Test
    void anAbsoluteShimPathThatDoesNotExistIsNotFound() throws Exception {
        String err = refused("run", "--rm", "--runtime", dir.resolve("no-such-shim").toString(), image, "h4",
                "true");
        assertTrue(err.contains("no-such-shim") && err.endsWith(": not found"), err);
    }

    /** ctr resolves the image's User from its /etc/passwd itself, so the daemon is never asked to run it. */
    @Test
    void anImageWhoseUserDoesNotExistIsRefusedBeforeATaskIsCreated() throws Exception {
        String named = TestImages.pushSmallAsUser(registry, "berth/hostile-user", "v1", "nosuchuser").reference();
        ctr.run("images", "pull", "--plain-http", named).expectSuccess();
        try {
            String err = refused("run", "--rm", named, "h5", "true");
            assertTrue(err.contains("no users found"), err);
        } finally {
            ctr.run("images", "rm", "--sync", named).expectSuccess();
        }
    }

    @Test
    void capabilitiesBeyondTheDaemonsBoundingSetAreAFailedPrecondition() throws Exception {
        Optional<String> missing = capabilityOutsideTheBoundingSet();
        Assumptions.assumeTrue(missing.isPresent(),
                "this machine's capability bounding set holds every capability its kernel knows");
        String err = refused("run", "--rm", "--cap-add", missing.get(), image, "h6", "true");
        assertTrue(err.contains(missing.get()) && err.contains("bounding set")
                && err.endsWith(": failed precondition"), err);
    }

    @Test
    void containerIdsThatArePathsOrTooLongAreInvalidArguments() throws Exception {
        for (String id : List.of("a/b", "..", "../../../etc", "x".repeat(300))) {
            String err = refused("run", "--rm", image, id, "true");
            assertTrue(err.contains("container id") && err.endsWith(": invalid argument"), id + ": " + err);
        }
    }

    /** Ids reach the tasks service only through the API: one that no container can have names no task. */
    @Test
    void aTaskForAPathLikeContainerIdIsNotFound() {
        TasksGrpc.TasksBlockingStub tasks = Namespaced.stub(TasksGrpc.newBlockingStub(daemon.channel()), "default");
        for (String id : List.of("..", "../../etc", "a/b", "x".repeat(300))) {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                    () -> tasks.create(CreateTaskRequest.newBuilder().setContainerId(id).build()), id);
            assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode(), id + ": " + e.getStatus());
        }
    }

    /** No shim, mount, bundle, container, task or snapshot is left, and the daemon still runs. */
    @AfterEach
    void nothingIsLeft() throws Exception {
        assertTrue(daemon.isAlive(), daemon.log());
        assertEquals("", ctr.run("containers", "ls", "-q").expectSuccess().out());
        assertEquals("", ctr.run("tasks", "ls", "-q").expectSuccess().out());
        assertEquals(imageSnapshots, collectedSnapshots(), "only the image's snapshots are left");
        Leftovers.assertNone(daemon);
        assertEquals(List.of(), Leftovers.entries(daemon.root().resolve("io.containerd.runtime.v2.task/default")),
                "work directories left");
    }

    /** Runs ctr, expects it to fail, and returns its one-line error without the {@code ctr: } prefix. */
    private static String refused(String... args) throws IOException, InterruptedException {
        Command.Result result = ctr.run(args);
        assertNotEquals(0, result.exit(), "ctr " + String.join(" ", args) + " succeeded:\n" + result.out());
        String err = result.err().strip();
        assertTrue(err.startsWith("ctr: "), err);
        return err.substring("ctr: ".length());
    }

    private static void removeContainer(String id) throws IOException, InterruptedException {
        ctr.run("task", "kill", "-s", "SIGKILL", id);
        ctr.run("task", "rm", "-f", id);
        ctr.run("container", "rm", id);
    }

    /** The snapshots left once a collection has run: removing a lease with --sync waits for one. */
    private static String collectedSnapshots() throws IOException, InterruptedException {
        ctr.run("leases", "create", "--id", "collect").expectSuccess();
        ctr.run("leases", "rm", "--sync", "collect").expectSuccess();
        return ctr.run("snapshots", "ls").expectSuccess().out();
    }

    /** A capability this kernel knows that this process's bounding set, and so the daemon's, lacks. */
    private static Optional<String> capabilityOutsideTheBoundingSet() throws IOException {
        long bounding = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(line -> line.startsWith("CapBnd:"))
                .mapToLong(line -> Long.parseUnsignedLong(line.substring("CapBnd:".length()).strip(), 16))
                .findFirst().orElseThrow();
        // Files.readString reads sysctl files short (one byte here): read them line by line.
        int last = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/kernel/cap_last_cap")).getFirst().strip());
        List<String> names = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER",
                "CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
                "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK",
                "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE",
                "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE",
                "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE",
                "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG",
                "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF",
                "CAP_CHECKPOINT_RESTORE");
        for (int number = 0; number <= Math.min(last, names.size() - 1); number++) {
            if ((bounding & (1L << number)) == 0) {
                return Optional.of(names.get(number));
            }
        }
        return Optional.empty();
    }
}

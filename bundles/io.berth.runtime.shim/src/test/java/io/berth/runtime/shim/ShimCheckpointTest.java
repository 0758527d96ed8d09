package io.berth.runtime.shim;

import static io.berth.runtime.shim.ShimTestSupport.BUSYBOX;
import static io.berth.runtime.shim.ShimTestSupport.assumeShimAndRoot;
import static io.berth.runtime.shim.ShimTestSupport.config;
import static io.berth.runtime.shim.ShimTestSupport.endTasks;
import static io.berth.runtime.shim.ShimTestSupport.logger;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


import io.berth.api.errors.BerthException;
import io.berth.api.metadata.TypedValue;
import io.berth.api.runtime.CreateTaskOptions;
import io.berth.api.runtime.ProcessStatus;
import io.berth.api.runtime.Stdio;
import io.berth.api.runtime.Task;
import io.berth.api.snapshots.Mount;
import io.berth.proto.containerd.runc.v1.CheckpointOptions;

/**
 * Checkpoint and restore through Debian's containerd-shim-runc-v2, runc and CRIU: a counting task is checkpointed
 * into a directory and a new task restored from it counts on; a checkpoint runc refuses (its image directory
 * cannot be made) comes back with runc's reason while the task runs on. The first needs a kernel CRIU can work with, and is skipped with CRIU's reason.
 */
class ShimCheckpointTest {
    private static final String SPEC_TYPE = "types.containerd.io/opencontainers/runtime-spec/1/Spec";
    private static final String COUNTING = "i=0; while :; do i=$((i+1)); echo $i > /out/n; sleep 0.1; done";

    @TempDir
    Path dir;

    private ShimEventsEndpoint endpoint;
    private ShimTaskManager manager;

    @BeforeEach
    void start() throws IOException {
        endpoint = new ShimEventsEndpoint(logger(), event -> { }, config(dir.resolve("berth.sock").toString()));
        manager = new ShimTaskManager(logger(), event -> { }, dir.resolve("state"), dir.resolve("root"),
                List.of(Path.of("/usr/bin")), dir.resolve("berth.sock").toString(), "/bin/true", dir.resolve("runc"),
                Duration.ofSeconds(2), ConfiguredRuntimes.builtIn());
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
    void aCheckpointRuncRefusesComesBackWithRuncsReasonAndTheTaskRunsOn() throws Exception {
        assumeShimAndRoot();
        Task task = manager.create("default", "t1", counting(null));
        try {
            task.start("");
            Path underAFile = Files.writeString(dir.resolve("file"), "").resolve("images");

            BerthException e = assertThrows(BerthException.class, () -> task.checkpoint(underAFile, null));

            assertTrue(e.getMessage().contains("not a directory"), e.getMessage());
            assertEquals(ProcessStatus.RUNNING, task.state("").status());
        } finally {
            remove(task);
        }
    }

    @Test
    void aCheckpointedTaskIsRestoredAndCountsOn() throws Exception {
        assumeShimAndRoot();
        CriuCheck.assumeWorks();
        Task task = manager.create("default", "t1", counting(null));
        Path images = Files.createDirectories(dir.resolve("images"));
        int before;
        try {
            task.start("");
            Path counter = dir.resolve("out/n");
            while (count(counter) < 3) {
                Thread.sleep(50);
            }
            task.checkpoint(images, new TypedValue("containerd.runc.v1.CheckpointOptions",
                    CheckpointOptions.newBuilder().setExit(true).build().toByteArray()));
            task.waitFor("");
            before = count(counter);
        } finally {
            remove(task);
        }
        try (Stream<Path> written = Files.list(images)) {
            assertTrue(written.anyMatch(p -> p.getFileName().toString().endsWith(".img")), "CRIU wrote images");
        }

        Task restored = manager.create("default", "t1", counting(images));
        try {
            assertFalse(Files.exists(images), "the manager took the images over");
            restored.start("");
            while (count(dir.resolve("out/n")) <= before) {
                Thread.sleep(50);
            }
            assertEquals(ProcessStatus.RUNNING, restored.state("").status());
        } finally {
            remove(restored);
        }
        assertFalse(Files.exists(dir.resolve("state/default/t1")), "the bundle and its checkpoint are gone");
    }

    private static int count(Path counter) throws IOException {
        try {
            String text = Files.readString(counter).strip();
            return text.isEmpty() ? 0 : Integer.parseInt(text);
        } catch (java.nio.file.NoSuchFileException e) {
            return 0;
        }
    }

    private void remove(Task task) {
        try {
            task.kill("", 9, true);
        } catch (BerthException stopped) {
            // Already stopped: a checkpoint with exit ends it.
        }
        task.waitFor("");
        task.delete();
    }

    /** busybox counting into {@code out/n} of the test's directory, bind-mounted at {@code /out}. */
    private CreateTaskOptions counting(Path checkpoint) throws IOException {
        Path out = Files.createDirectories(dir.resolve("out"));
        String spec = """
                {"ociVersion":"1.0.2","process":{"terminal":false,"user":{"uid":0,"gid":0},
                "args":["sh","-c","%s"],"env":["PATH=/bin"],"cwd":"/","noNewPrivileges":true},
                "root":{"path":"rootfs","readonly":true},
                "mounts":[{"destination":"/proc","type":"proc","source":"proc"},
                {"destination":"/dev","type":"tmpfs","source":"tmpfs","options":["nosuid","mode=755"]},
                {"destination":"/out","type":"bind","source":"%s","options":["rbind","rw"]}],
                "linux":{"namespaces":[{"type":"pid"},{"type":"ipc"},{"type":"uts"},{"type":"mount"}]}}
                """.formatted(COUNTING, out);
        return new CreateTaskOptions("io.containerd.runc.v2", new TypedValue(SPEC_TYPE,
                spec.getBytes(StandardCharsets.UTF_8)), List.of(rootfs()), Stdio.NONE, null, null, checkpoint);
    }

    private Mount rootfs() throws IOException {
        Path image = dir.resolve("image");
        if (!Files.exists(image)) {
            Path bin = Files.createDirectories(image.resolve("bin"));
            Files.createDirectories(image.resolve("proc"));
            Files.createDirectories(image.resolve("dev"));
            Files.createDirectories(image.resolve("out"));
            Files.copy(BUSYBOX, bin.resolve("busybox"));
            for (String applet : List.of("sh", "echo", "sleep")) {
                Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
            }
        }
        return new Mount("bind", image.toString(), List.of("rbind", "ro"));
    }
}

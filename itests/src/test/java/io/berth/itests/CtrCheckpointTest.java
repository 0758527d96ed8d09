package io.berth.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Any;
import com.google.protobuf.ByteString;

import io.berth.itests.support.Command;
import io.berth.itests.support.ContentClient;
import io.berth.itests.support.Ctr;
import io.berth.itests.support.DaemonProcess;
import io.berth.itests.support.Namespaced;
import io.berth.itests.support.TestImages;
import io.berth.itests.support.TestRegistry;
import io.berth.proto.containerd.services.snapshots.v1.MountsRequest;
import io.berth.proto.containerd.services.snapshots.v1.SnapshotsGrpc;
import io.berth.proto.containerd.services.tasks.v1.CheckpointTaskRequest;
import io.berth.proto.containerd.services.tasks.v1.CreateTaskRequest;
import io.berth.proto.containerd.services.tasks.v1.StartRequest;
import io.berth.proto.containerd.services.tasks.v1.TasksGrpc;
import io.berth.proto.containerd.types.Descriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Debian's ctr checkpoints a counting busybox task in berthd through containerd-shim-runc-v2, runc and CRIU: the
 * checkpoint's blobs are in the content store, named by an image index with containerd's media types, and the
 * container restored from it counts on from where it was. Where CRIU cannot work on the machine's kernel, that
 * test is skipped with CRIU's reason; the refusals need no CRIU and always run.
 */
class CtrCheckpointTest {
    private static final String SHIM = "containerd-shim-runc-v2";
    private static final String COUNTING = "i=0; while :; do i=$((i+1)); echo $i > /tmp/n; sleep 0.1; done";
    private static final String CRIU_TAR = "application/vnd.containerd.container.criu.checkpoint.criu.tar";
    private static final String CONFIG = "application/vnd.containerd.container.checkpoint.config.v1+proto";

    @TempDir
    Path dir;

    private String image;

    @Test
    void aCheckpointedTaskIsKeptInContentAndItsRestoredContainerCountsOn() throws Exception {
        assumeRuntime();
        assumeCriuWorks();
        try (TestRegistry registry = TestRegistry.start();
                DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            Ctr ctr = pull(registry, daemon);
            Process restore = null;
            try {
                ctr.run("run", "-d", image, "c1", "sh", "-c", COUNTING).expectSuccess();
                awaitCount(ctr, "c1", 3);

                String name = ctr.run("task", "checkpoint", "c1").expectSuccess().out().strip();
                assertEquals(Set.of(CRIU_TAR, CONFIG), Set.copyOf(checkpointMediaTypes(ctr, name)));
                assertEquals("RUNNING", taskStatus(ctr, "c1"), "ctr resumes the task after the checkpoint");

                ctr.run("container", "checkpoint", "--task", "--rw", "c1", "berth/checkpoint:c1").expectSuccess();
                int before = count(ctr, "c1");
                assertTrue(checkpointMediaTypes(ctr, "berth/checkpoint:c1").contains(CRIU_TAR));
                ctr.removeContainer("c1");

                restore = new ProcessBuilder("/usr/bin/ctr", "--address", daemon.socket().toString(), "container",
                        "restore", "--live", "--rw", "c1", "berth/checkpoint:c1")
                        .redirectOutput(dir.resolve("restore.out").toFile())
                        .redirectError(dir.resolve("restore.err").toFile()).start();
                while (!"RUNNING".equals(taskStatus(ctr, "c1"))) {
                    assertTrue(restore.isAlive(), () -> "ctr container restore ended: " + read("restore.err")
                            + "\n" + daemon.log());
                    Thread.sleep(50);
                }
                int after = count(ctr, "c1");
                assertTrue(after >= before, "restored at " + after + ", checkpointed at " + before);
                awaitCount(ctr, "c1", after + 1);
            } finally {
                ctr.removeContainer("c1");
                if (restore != null) {
                    restore.destroy();
                    restore.waitFor();
                }
            }
        }
    }

    @Test
    void checkpointsOfUnknownContainersStoppedTasksAndBadOptionsAreRefusedClearly() throws Exception {
        assumeRuntime();
        try (TestRegistry registry = TestRegistry.start();
                DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            Ctr ctr = pull(registry, daemon);
            TasksGrpc.TasksBlockingStub tasks = TasksGrpc.newBlockingStub(daemon.channel())
                    .withInterceptors(Namespaced.in("default"));
            try {
                assertEquals(Status.Code.NOT_FOUND, code(() -> tasks.checkpoint(request("nosuch"))));

                ctr.run("container", "create", image, "c1", "true").expectSuccess();
                assertEquals(Status.Code.NOT_FOUND, code(() -> tasks.checkpoint(request("c1"))),
                        "a container without a task");

                ctr.run("run", "-d", image, "c2", "true").expectSuccess();
                while (!"STOPPED".equals(taskStatus(ctr, "c2"))) {
                    Thread.sleep(20);
                }
                StatusRuntimeException stopped = assertThrows(StatusRuntimeException.class,
                        () -> tasks.checkpoint(request("c2")));
                assertEquals(Status.Code.FAILED_PRECONDITION, stopped.getStatus().getCode());
                assertTrue(stopped.getStatus().getDescription().contains("stopped"), stopped.getMessage());

                ctr.run("run", "-d", image, "c3", "sh", "-c", COUNTING).expectSuccess();
                assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> tasks.checkpoint(request("c3").toBuilder()
                        .setOptions(Any.newBuilder().setTypeUrl("containerd.runc.v1.Options")
                                .setValue(ByteString.EMPTY)).build())));
                Path underAFile = Files.writeString(dir.resolve("file"), "").resolve("images");
                Command.Result refused = ctr.run("task", "checkpoint", "--image-path", underAFile.toString(), "c3");
                assertTrue(refused.exit() != 0 && refused.err().contains("not a directory"), refused.err());
                assertEquals("RUNNING", taskStatus(ctr, "c3"), "the task runs on after a refused checkpoint");
            } finally {
                ctr.removeContainer("c1");
                ctr.removeContainer("c2");
                ctr.removeContainer("c3");
            }
            try (Stream<Path> left = Files.list(daemon.dir().resolve("state/io.containerd.grpc.v1.tasks"))) {
                assertEquals(List.of(), left.toList(), "no checkpoint directory is left");
            }
        }
    }

    /** The other side of the first test: on a machine CRIU cannot work on, its failure is what ctr reports. */
    @Test
    void whereCriuCannotWorkTheCheckpointFailsWithCriusReasonAndLeavesNothing() throws Exception {
        assumeRuntime();
        Assumptions.assumeTrue(criuProblem().isPresent(), "criu works on this machine");
        try (TestRegistry registry = TestRegistry.start();
                DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            Ctr ctr = pull(registry, daemon);
            try {
                ctr.run("run", "-d", image, "c1", "sh", "-c", COUNTING).expectSuccess();

                Command.Result failed = ctr.run("task", "checkpoint", "--exit", "c1");

                assertTrue(failed.exit() != 0 && failed.err().contains("criu failed"), failed.err());
                assertEquals("RUNNING", taskStatus(ctr, "c1"), "the task runs on after a failed checkpoint");
                assertEquals("", ctr.run("images", "ls", "-q").expectSuccess().out().lines()
                        .filter(name -> name.startsWith("checkpoint/")).collect(Collectors.joining("\n")));
            } finally {
                ctr.removeContainer("c1");
            }
            try (Stream<Path> left = Files.list(daemon.dir().resolve("state/io.containerd.grpc.v1.tasks"))) {
                assertEquals(List.of(), left.toList(), "no checkpoint directory is left");
            }
        }
    }

    /**
     * A restore goes all the way to the runtime: the checkpoint blob is unpacked into the task's bundle and handed
     * to the shim, whose runc restore of what is not a checkpoint fails when the task starts, saying why; nothing
     * is left. Bad checkpoint descriptors are refused before any of that.
     */
    @Test
    void aRestoreReachesRuncWithTheUnpackedCheckpointAndItsRefusalLeavesNothing() throws Exception {
        assumeRuntime();
        try (TestRegistry registry = TestRegistry.start();
                DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            Ctr ctr = pull(registry, daemon);
            TasksGrpc.TasksBlockingStub tasks = Namespaced.stub(TasksGrpc.newBlockingStub(daemon.channel()), "default");
            try {
                ctr.run("container", "create", image, "c1", "sleep", "1000").expectSuccess();
                Path tar = dir.resolve("checkpoint.tar");
                try (TarArchiveOutputStream out = new TarArchiveOutputStream(Files.newOutputStream(tar))) {
                    byte[] junk = "not a CRIU image".getBytes(StandardCharsets.UTF_8);
                    TarArchiveEntry entry = new TarArchiveEntry("inventory.img");
                    entry.setSize(junk.length);
                    out.putArchiveEntry(entry);
                    out.write(junk);
                    out.closeArchiveEntry();
                }
                ctr.runWithInput(tar, "content", "ingest", "checkpoint-tar").expectSuccess();
                Descriptor checkpoint = Descriptor.newBuilder().setMediaType(CRIU_TAR)
                        .setDigest(ContentClient.sha256(Files.readAllBytes(tar))).setSize(Files.size(tar)).build();
                CreateTaskRequest create = CreateTaskRequest.newBuilder().setContainerId("c1")
                        .addAllRootfs(Namespaced.stub(SnapshotsGrpc.newBlockingStub(daemon.channel()), "default")
                                .mounts(MountsRequest.newBuilder().setSnapshotter("overlayfs").setKey("c1").build())
                                .getMountsList())
                        .setCheckpoint(checkpoint).build();

                assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> tasks.create(create.toBuilder()
                        .setCheckpoint(checkpoint.toBuilder().setMediaType(CONFIG)).build())));
                assertEquals(Status.Code.NOT_FOUND, code(() -> tasks.create(create.toBuilder()
                        .setCheckpoint(checkpoint.toBuilder().setDigest(ContentClient.sha256(new byte[1]))).build())));
                tasks.create(create);
                Path bundle = daemon.dir().resolve("state/io.containerd.runtime.v2.task/default/c1");
                assertTrue(Files.isRegularFile(bundle.resolve("checkpoint/inventory.img")),
                        "the shim restores from the unpacked checkpoint in the task's bundle");
                StatusRuntimeException start = assertThrows(StatusRuntimeException.class,
                        () -> tasks.start(StartRequest.newBuilder().setContainerId("c1").build()));
                assertTrue(start.getStatus().getDescription().contains("restore")
                        && start.getStatus().getDescription().contains(bundle.resolve("checkpoint").toString()),
                        start.getMessage());
                // Its process never ran: the task is removed as it is, not killed and waited for.
                ctr.run("task", "rm", "c1").expectSuccess();
                assertFalse(Files.exists(bundle), "the bundle goes with its checkpoint");
            } finally {
                ctr.run("task", "rm", "c1");
                ctr.removeContainer("c1");
            }
            try (Stream<Path> left = Files.list(daemon.dir().resolve("state/io.containerd.grpc.v1.tasks"))) {
                assertEquals(List.of(), left.toList(), "no checkpoint directory is left");
            }
        }
    }

    private Ctr pull(TestRegistry registry, DaemonProcess daemon) throws Exception {
        image = TestImages.pushSmall(registry, "berth/checkpoint", "v1").reference();
        Ctr ctr = new Ctr(daemon.socket());
        ctr.run("images", "pull", "--plain-http", image).expectSuccess();
        return ctr;
    }

    /** The media types an image's index names, each blob of which the namespace's content holds. */
    private static List<String> checkpointMediaTypes(Ctr ctr, String name) throws Exception {
        String row = ctr.run("images", "ls").expectSuccess().out().lines()
                .filter(line -> line.startsWith(name + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no image " + name));
        List<String> columns = List.of(row.split("\\s+"));
        assertEquals("application/vnd.oci.image.index.v1+json", columns.get(1), row);
        JsonNode index = new ObjectMapper().readTree(ctr.run("content", "get", columns.get(2)).expectSuccess().out());
        Set<String> stored = ctr.run("content", "ls", "-q").expectSuccess().out().lines().map(String::strip)
                .collect(Collectors.toSet());
        List<String> mediaTypes = new ArrayList<>();
        for (JsonNode manifest : index.get("manifests")) {
            String mediaType = manifest.get("mediaType").asText();
            if (mediaType.equals(CRIU_TAR) || mediaType.equals(CONFIG)) {
                assertTrue(stored.contains(manifest.get("digest").asText()), manifest + " is in content");
            }
            mediaTypes.add(mediaType);
        }
        return mediaTypes.stream().filter(type -> type.equals(CRIU_TAR) || type.equals(CONFIG)).toList();
    }

    private static int count(Ctr ctr, String id) throws IOException, InterruptedException {
        String out = ctr.run("task", "exec", "--exec-id", "read-" + System.nanoTime(), id, "cat", "/tmp/n")
                .expectSuccess().out().strip();
        return out.isEmpty() ? 0 : Integer.parseInt(out);
    }

    private static void awaitCount(Ctr ctr, String id, int atLeast) throws Exception {
        while (count(ctr, id) < atLeast) {
            Thread.sleep(50);
        }
    }

    private static String taskStatus(Ctr ctr, String id) throws IOException, InterruptedException {
        return ctr.run("task", "ls").expectSuccess().out().lines().skip(1)
                .map(line -> List.of(line.strip().split("\\s+"))).filter(row -> row.getFirst().equals(id))
                .map(row -> row.get(2)).findFirst().orElse("");
    }

    private String read(String name) {
        try {
            return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static CheckpointTaskRequest request(String id) {
        return CheckpointTaskRequest.newBuilder().setContainerId(id).build();
    }

    private static Status.Code code(Runnable call) {
        return assertThrows(StatusRuntimeException.class, call::run).getStatus().getCode();
    }

    private static void assumeRuntime() {
        Ctr.assumeInstalled();
        TestRegistry.assumeInstalled();
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin", SHIM)),
                SHIM + " is not installed (Debian package containerd); .ci/run installs it");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/runc")),
                "runc is not installed (Debian package runc); .ci/run installs it");
    }

    /** Skips where CRIU cannot checkpoint on this machine, with what {@code criu check} said. */
    private static void assumeCriuWorks() throws IOException, InterruptedException {
        Optional<String> problem = criuProblem();
        Assumptions.assumeTrue(problem.isEmpty(), () -> problem.orElseThrow());
    }

    /** Why CRIU cannot checkpoint here; empty when {@code criu check} passes. */
    private static Optional<String> criuProblem() throws IOException, InterruptedException {
        Path criu = Path.of("/usr/sbin/criu");
        Assumptions.assumeTrue(Files.isExecutable(criu), "criu is not installed (Debian package criu); .ci/run "
                + "installs it");
        Command.Result check = Command.run(criu, "check");
        return check.exit() == 0 ? Optional.empty()
                : Optional.of("criu check fails on this machine: " + (check.out() + check.err()).strip());
    }
}

package io.berth.ttrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.protobuf.Empty;

import io.berth.proto.containerd.task.v2.ConnectRequest;
import io.berth.proto.containerd.task.v2.ConnectResponse;
import io.berth.proto.containerd.task.v2.ShutdownRequest;
import io.berth.proto.containerd.task.v2.StateRequest;
import io.berth.proto.containerd.task.v2.StateResponse;
import io.grpc.Status;
import io.grpc.StatusException;

/**
 * Talks to Debian's containerd-shim-runc-v2, started the way containerd starts it: our client must speak the
 * same ttrpc as containerd's own.
 */
class ShimConformanceTest {
    private static final Path SHIM = Path.of("/usr/bin/containerd-shim-runc-v2");
    private static final String TASK = "containerd.task.v2.Task";
    private static final String NAMESPACE = "berth-ttrpc-test";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream shimLog = new ByteArrayOutputStream();
    private Path shimSocket;
    private long shimPid;

    @AfterEach
    void cleanUp() throws IOException {
        if (shimPid > 0) {
            ProcessHandle.of(shimPid).ifPresent(ProcessHandle::destroyForcibly);
        }
        if (shimSocket != null) {
            Files.deleteIfExists(shimSocket);
        }
    }

    @Test
    void connectsToARealShimAndShutsItDown() throws Exception {
        assumeTrue(Files.isExecutable(SHIM), SHIM + " is not installed (Debian package containerd)");
        assumeTrue("root".equals(System.getProperty("user.name")), "the shim runs only as root");

        String id = "ttrpc-" + UUID.randomUUID();
        Path bundle = Files.createDirectory(dir.resolve(id));
        Files.writeString(bundle.resolve("config.json"), "{}");
        drainLogFifo(bundle.resolve("log"));

        String address = startShim(bundle, id);
        assertTrue(address.startsWith("unix://"), "the shim prints a unix:// address, got " + address);
        shimSocket = Path.of(address.substring("unix://".length()));
        assertEquals(address, Files.readString(bundle.resolve("address")), "the shim records its address");

        try (TtrpcClient client = TtrpcClient.connect(shimSocket)) {
            CountDownLatch closed = new CountDownLatch(1);
            client.onClose(closed::countDown);

            ConnectResponse connected = client.call(TASK, "Connect", ConnectRequest.newBuilder().setId(id).build(),
                    ConnectResponse.parser(), null, namespace());
            shimPid = connected.getShimPid();
            assertTrue(shimPid > 0, "Connect reports the shim's pid");
            assertTrue(ProcessHandle.of(shimPid).flatMap(handle -> handle.info().command())
                    .map(command -> command.endsWith("containerd-shim-runc-v2")).orElse(false),
                    "pid " + shimPid + " is the shim; its log: " + shimLog);

            StatusException unknown = assertThrows(StatusException.class, () -> client.call(TASK, "NoSuchMethod",
                    Empty.getDefaultInstance(), Empty.parser(), null, namespace()));
            assertEquals(Status.Code.UNIMPLEMENTED, unknown.getStatus().getCode());

            StatusException noTask = assertThrows(StatusException.class, () -> client.call(TASK, "State",
                    StateRequest.newBuilder().setId(id).build(), StateResponse.parser(), null, namespace()));
            assertEquals(Status.Code.NOT_FOUND, noTask.getStatus().getCode());
            assertEquals("container not created: not found", noTask.getStatus().getDescription());

            shutDown(client, id);
            closed.await();
            assertFalse(client.isOpen());
        }
        awaitExit(shimPid);
    }

    private String startShim(Path bundle, String id) throws IOException, InterruptedException {
        Path containerdAddress = dir.resolve("berth.sock");
        ProcessBuilder builder = new ProcessBuilder(SHIM.toString(),
                "-namespace", NAMESPACE,
                "-address", containerdAddress.toString(),
                "-publish-binary", "/bin/true",
                "-id", id,
                "start")
                .directory(bundle.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("TTRPC_ADDRESS", containerdAddress + ".ttrpc");
        Process start = builder.start();
        start.getOutputStream().close();
        String address = new String(start.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, start.waitFor(), "shim start failed; its log: " + shimLog);
        return address;
    }

    /** A shim ends while (or just after) it answers Shutdown, so a closed connection is an answer too. */
    private static void shutDown(TtrpcClient client, String id) throws StatusException {
        try {
            client.call(TASK, "Shutdown", ShutdownRequest.newBuilder().setId(id).build(), Empty.parser(), null,
                    namespace());
        } catch (StatusException e) {
            if (e.getStatus().getCode() != Status.Code.UNAVAILABLE) {
                throw e;
            }
        }
    }

    private static Map<String, List<String>> namespace() {
        return Map.of("containerd-namespace", List.of(NAMESPACE));
    }

    /** The shim writes its log to a fifo named "log" in the bundle, as containerd provides one; read it. */
    private void drainLogFifo(Path fifo) throws IOException, InterruptedException {
        Process mkfifo = new ProcessBuilder("mkfifo", "-m", "0600", fifo.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor(), "mkfifo " + fifo);
        Thread.ofPlatform().daemon().name("shim-log").start(() -> {
            try (InputStream in = Files.newInputStream(fifo)) {
                in.transferTo(shimLog);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Waits until the process is gone or a zombie; it is not our child, so this reads /proc. */
    private static void awaitExit(long pid) throws IOException, InterruptedException {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        while (true) {
            String line;
            try {
                line = Files.readString(stat);
            } catch (NoSuchFileException e) {
                return;
            }
            char state = line.charAt(line.lastIndexOf(')') + 2);
            if (state == 'Z' || state == 'X') {
                return;
            }
            Thread.sleep(10);
        }
    }
}

package io.berth.itests;

import static io.berth.itests.support.ContentClient.sha256;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.protobuf.ByteString;

import io.berth.itests.support.Command;
import io.berth.itests.support.ContentClient;
import io.berth.itests.support.Ctr;
import io.berth.itests.support.DaemonProcess;
import io.berth.proto.containerd.services.content.v1.StatusRequest;
import io.berth.proto.containerd.services.content.v1.WriteAction;
import io.berth.proto.containerd.services.content.v1.WriteContentRequest;
import io.berth.proto.containerd.services.content.v1.WriteContentResponse;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Half a blob is written under a ref, the writer dies (ctr killed, a client gone, the daemon itself killed),
 * and a new writer finishes the same ingest: the committed blob verifies.
 */
class ResumableIngestTest {
    /** ctr copies in 1 MiB buffers, so a half of whole buffers is exactly what reaches the daemon. */
    private static final int HALF = 2 << 20;
    private static final int SIZE = 2 * HALF + 12_345;
    /** {@code ctr content active} prints sizes the way go-units does: 4 significant digits, decimal units. */
    private static final String HALF_AS_CTR_PRINTS_IT = "2.097MB";

    @TempDir
    Path dir;

    private static byte[] random(long seed) {
        byte[] data = new byte[SIZE];
        new Random(seed).nextBytes(data);
        return data;
    }

    /** The size column of the ref's row in {@code ctr content active}, when the ingest is there. */
    private static Optional<String> activeSize(Ctr ctr, String ref) throws Exception {
        return ctr.run("content", "active").expectSuccess().out().lines()
                .map(line -> line.split("\t"))
                .filter(columns -> columns.length > 1 && columns[0].equals(ref))
                .map(columns -> columns[1]).findFirst();
    }

    @Test
    void ctrResumesAKilledIngestFromASeekableInputAndCannotFromAPipe() throws Exception {
        Ctr.assumeInstalled();
        byte[] data = random(1);
        String digest = sha256(data);
        String ref = "ctr-resumed";
        try (DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            Ctr ctr = new Ctr(daemon.socket());
            Process first = ingest(daemon, ref, digest, ProcessBuilder.Redirect.PIPE);
            OutputStream stdin = first.getOutputStream();
            stdin.write(data, 0, HALF);
            stdin.flush();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!activeSize(ctr, ref).equals(Optional.of(HALF_AS_CTR_PRINTS_IT))) {
                assertTrue(first.isAlive(), "ctr ended before the half was written: " + dir);
                assertTrue(System.nanoTime() < deadline, "the half never showed in ctr content active");
                Thread.sleep(50);
            }
            first.destroyForcibly().waitFor();
            closeQuietly(stdin);
            assertEquals(Optional.of(HALF_AS_CTR_PRINTS_IT), activeSize(ctr, ref));
            assertEquals(HALF, status(daemon, ref).getOffset());

            // ctr resumes by seeking its standard input to the ingest's offset: a pipe cannot seek.
            Process piped = ingest(daemon, ref, digest, ProcessBuilder.Redirect.PIPE);
            try (OutputStream all = piped.getOutputStream()) {
                all.write(data);
            } catch (IOException ctrStoppedReading) {
                // ctr may give up before it has read all of its input.
            }
            assertNotEquals(0, piped.waitFor());
            String refusal = Files.readString(dir.resolve(ref + ".err"));
            assertTrue(refusal.contains("failed to seek to offset " + HALF), refusal);
            assertEquals(HALF, status(daemon, ref).getOffset(), "a failed resumption keeps the ingest as it was");

            // From a file it seeks past the half: zeros there prove that the daemon's half is what gets committed.
            byte[] secondHalfOnly = data.clone();
            Arrays.fill(secondHalfOnly, 0, HALF, (byte) 0);
            Path input = dir.resolve("input");
            Files.write(input, secondHalfOnly);
            ctr.runWithInput(input, "content", "ingest", "--expected-size", Integer.toString(SIZE),
                    "--expected-digest", digest, ref).expectSuccess();

            assertEquals(Optional.empty(), activeSize(ctr, ref));
            String sum = Command.run("sh", "-c", "/usr/bin/ctr --address " + daemon.socket()
                    + " content get " + digest + " | sha256sum").expectSuccess().out();
            assertEquals(digest, "sha256:" + sum.split(" ")[0]);
        }
    }

    private static void closeQuietly(OutputStream toKilledProcess) {
        try {
            toKilledProcess.close();
        } catch (IOException brokenPipe) {
            // The reader is dead: there is nothing left to flush to.
        }
    }

    private Process ingest(DaemonProcess daemon, String ref, String digest, ProcessBuilder.Redirect input)
            throws IOException {
        return new ProcessBuilder("/usr/bin/ctr", "--address", daemon.socket().toString(), "content", "ingest",
                "--expected-size", Integer.toString(SIZE), "--expected-digest", digest, ref)
                .redirectInput(input)
                .redirectOutput(dir.resolve(ref + ".out").toFile())
                .redirectError(dir.resolve(ref + ".err").toFile())
                .start();
    }

    private static io.berth.proto.containerd.services.content.v1.Status status(DaemonProcess daemon, String ref) {
        return new ContentClient(daemon.channel(), "default").blocking()
                .status(StatusRequest.newBuilder().setRef(ref).build()).getStatus();
    }

    @Test
    void aWriteResumesAfterTheClientDiedMidStream() throws Exception {
        byte[] data = random(2);
        String ref = "client-died";
        try (DaemonProcess daemon = DaemonProcess.start(dir.resolve("berthd"), "")) {
            ManagedChannel dying = daemon.channel();
            writeHalf(new ContentClient(dying, "default"), ref, data);
            dying.shutdownNow();

            ContentClient fresh = new ContentClient(daemon.channel(), "default");
            var status = fresh.blocking().status(StatusRequest.newBuilder().setRef(ref).build()).getStatus();
            assertEquals(HALF, status.getOffset());
            assertEquals(SIZE, status.getTotal());
            finish(fresh, ref, data);
        }
    }

    @Test
    void aWriteResumesAfterTheDaemonWasKilled() throws Exception {
        byte[] data = random(3);
        String ref = "daemon-killed";
        Path home = dir.resolve("berthd");
        try (DaemonProcess daemon = DaemonProcess.start(home, "")) {
            writeHalf(new ContentClient(daemon.channel(), "default"), ref, data);
            daemon.kill();
        }
        try (DaemonProcess restarted = DaemonProcess.start(home, "")) {
            ContentClient content = new ContentClient(restarted.channel(), "default");
            var status = content.blocking().status(StatusRequest.newBuilder().setRef(ref).build()).getStatus();
            assertEquals(HALF, status.getOffset(), "acknowledged writes survive the daemon's death");
            finish(content, ref, data);
        }
    }

    /** Writes the first half in pieces, each acknowledged at its offset, and leaves the stream open. */
    private static void writeHalf(ContentClient content, String ref, byte[] data) throws InterruptedException {
        ContentClient.WriteStream stream = content.write();
        int piece = HALF / 4;
        for (int offset = 0; offset < HALF; offset += piece) {
            WriteContentResponse answer = stream.send(WriteContentRequest.newBuilder().setAction(WriteAction.WRITE)
                    .setRef(ref).setTotal(SIZE).setExpected(sha256(data)).setOffset(offset)
                    .setData(ByteString.copyFrom(data, offset, piece)).build());
            assertEquals(offset + piece, answer.getOffset());
        }
    }

    /**
     * Resumes the ref where its status says, as containerd's remote writer does, writes the rest, commits and
     * reads the blob back. The dead writer's hold on the ref ends when the daemon notices: until then it is
     * UNAVAILABLE.
     */
    private static void finish(ContentClient content, String ref, byte[] data) throws InterruptedException {
        String digest = sha256(data);
        ContentClient.WriteStream stream;
        WriteContentResponse stat;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            stream = content.write();
            try {
                stat = stream.send(WriteContentRequest.newBuilder().setAction(WriteAction.STAT).setRef(ref).build());
                break;
            } catch (StatusRuntimeException e) {
                assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.getStatus().toString());
                assertTrue(System.nanoTime() < deadline, "the dead writer still holds " + ref);
                Thread.sleep(50);
            }
        }
        assertEquals(HALF, stat.getOffset());
        assertEquals(sha256(Arrays.copyOf(data, HALF)), stat.getDigest(), "the resumed ingest hashes the half");
        WriteContentResponse committed = stream.send(WriteContentRequest.newBuilder()
                .setAction(WriteAction.COMMIT).setRef(ref).setOffset(HALF).setTotal(SIZE).setExpected(digest)
                .setData(ByteString.copyFrom(data, HALF, SIZE - HALF)).build());
        assertEquals(SIZE, committed.getOffset());
        assertEquals(digest, committed.getDigest());
        assertArrayEquals(data, content.read(digest, 0, 0));
    }
}

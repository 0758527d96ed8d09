package io.berth.ttrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import com.google.protobuf.Empty;
import com.google.protobuf.Int32Value;
import com.google.protobuf.StringValue;

import io.grpc.Status;
import io.grpc.StatusException;

class TtrpcClientServerTest {
    private static final String SERVICE = "berth.test.v1.Test";

    @TempDir
    Path dir;

    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch blockedEntered = new CountDownLatch(1);
    private final AtomicReference<Map<String, List<String>>> seenMetadata = new AtomicReference<>();
    private Path socket;
    private TtrpcServer server;
    private TtrpcClient client;

    @BeforeEach
    void start() throws IOException {
        socket = dir.resolve("test.sock");
        server = TtrpcServer.builder()
                .unary(SERVICE, "Echo", StringValue.parser(), (request, metadata) -> request)
                .unary(SERVICE, "Metadata", Empty.parser(), (request, metadata) -> {
                    seenMetadata.set(metadata);
                    return Empty.getDefaultInstance();
                })
                .unary(SERVICE, "Block", Empty.parser(), (request, metadata) -> {
                    blockedEntered.countDown();
                    awaitRelease();
                    return Empty.getDefaultInstance();
                })
                .unary(SERVICE, "NotFound", StringValue.parser(), (request, metadata) -> {
                    throw Status.NOT_FOUND.withDescription("container " + request.getValue() + " not found")
                            .asException();
                })
                .unary(SERVICE, "Crash", Empty.parser(), (request, metadata) -> {
                    throw new IllegalStateException("handler broke");
                })
                .unary(SERVICE, "Unlinked", Empty.parser(), (request, metadata) -> {
                    throw new NoClassDefFoundError("io/berth/Refreshed");
                })
                .unary(SERVICE, "Big", Int32Value.parser(), (request, metadata) ->
                        BytesValue.of(ByteString.copyFrom(new byte[request.getValue()])))
                .bind(socket);
        client = TtrpcClient.connect(socket);
    }

    @AfterEach
    void stop() {
        release.countDown();
        client.close();
        server.close();
    }

    @Test
    void echoesARequest() throws StatusException {
        assertEquals("hello", echo(client, "hello"));
    }

    @Test
    void concurrentCallsAreMultiplexedOnOneConnection() throws Exception {
        int threads = 50;
        int callsEach = 20;
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    List<String> answers = new ArrayList<>();
                    for (int i = 0; i < callsEach; i++) {
                        answers.add(echo(client, thread + "-" + i));
                    }
                    return answers;
                }));
            }
            for (int t = 0; t < threads; t++) {
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < callsEach; i++) {
                    expected.add(t + "-" + i);
                }
                assertEquals(expected, results.get(t).get());
            }
        }
    }

    @Test
    void metadataArrivesWithEveryValueInOrder() throws StatusException {
        Map<String, List<String>> sent = Map.of(
                "containerd-namespace", List.of("k8s.io"),
                "trace", List.of("a", "b", "c"));
        client.call(SERVICE, "Metadata", Empty.getDefaultInstance(), Empty.parser(), null, sent);
        assertEquals(sent, seenMetadata.get());
    }

    @Test
    void noMetadataArrivesAsAnEmptyMap() throws StatusException {
        client.call(SERVICE, "Metadata", Empty.getDefaultInstance(), Empty.parser(), null, null);
        assertEquals(Map.of(), seenMetadata.get());
    }

    @Test
    void aCallThatOutlastsItsTimeoutFailsWithDeadlineExceededAndTheConnectionStaysUsable() throws Exception {
        StatusException e = assertThrows(StatusException.class, () -> client.call(SERVICE, "Block",
                Empty.getDefaultInstance(), Empty.parser(), Duration.ofMillis(50), null));
        assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode());
        assertTrue(client.isOpen());
        assertEquals("still here", echo(client, "still here"));
    }

    @Test
    void anInterruptedCallerIsCancelledAndTheConnectionServesTheOthers() throws Exception {
        AtomicReference<StatusException> failure = new AtomicReference<>();
        Thread caller = Thread.ofVirtual().start(() -> failure.set(assertThrows(StatusException.class,
                () -> client.call(SERVICE, "Block", Empty.getDefaultInstance(), Empty.parser(), null, null))));
        blockedEntered.await();
        caller.interrupt();
        caller.join();
        assertEquals(Status.Code.CANCELLED, failure.get().getStatus().getCode());

        Thread.currentThread().interrupt();
        StatusException alreadyInterrupted = assertThrows(StatusException.class, () -> echo(client, "x"));
        assertEquals(Status.Code.CANCELLED, alreadyInterrupted.getStatus().getCode());
        assertTrue(Thread.interrupted(), "the caller's interrupt is kept");

        assertTrue(client.isOpen());
        assertEquals("unharmed", echo(client, "unharmed"));
    }

    @Test
    void aFailingCloseListenerDoesNotKeepTheOthersFromRunning() {
        List<String> runs = new ArrayList<>();
        client.onClose(() -> {
            throw new IllegalStateException("listener broke");
        });
        client.onClose(() -> runs.add("second"));
        assertThrows(IllegalStateException.class, client::close);
        assertEquals(List.of("second"), runs);
    }

    @Test
    void unknownServiceAndMethodAreUnimplemented() {
        StatusException service = assertThrows(StatusException.class, () -> client.call("berth.test.v1.Missing",
                "Echo", StringValue.of("x"), StringValue.parser(), null, null));
        assertEquals(Status.Code.UNIMPLEMENTED, service.getStatus().getCode());
        assertEquals("service berth.test.v1.Missing", service.getStatus().getDescription());

        StatusException method = assertThrows(StatusException.class, () -> client.call(SERVICE, "Missing",
                StringValue.of("x"), StringValue.parser(), null, null));
        assertEquals(Status.Code.UNIMPLEMENTED, method.getStatus().getCode());
        assertEquals("method Missing", method.getStatus().getDescription());
    }

    @Test
    void aHandlersStatusReachesTheCaller() {
        StatusException e = assertThrows(StatusException.class, () -> client.call(SERVICE, "NotFound",
                StringValue.of("c1"), StringValue.parser(), null, null));
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
        assertEquals("container c1 not found", e.getStatus().getDescription());
    }

    @Test
    void aHandlerThatThrowsFailsTheCallWithUnknown() {
        StatusException e = assertThrows(StatusException.class, () -> client.call(SERVICE, "Crash",
                Empty.getDefaultInstance(), Empty.parser(), null, null));
        assertEquals(Status.Code.UNKNOWN, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("handler broke"), e.getStatus().getDescription());
    }

    @Test
    void aHandlerThatThrowsAnErrorIsAnsweredToo() throws StatusException {
        StatusException e = assertThrows(StatusException.class, () -> client.call(SERVICE, "Unlinked",
                Empty.getDefaultInstance(), Empty.parser(), Duration.ofSeconds(10), null));
        assertEquals(Status.Code.UNKNOWN, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("NoClassDefFoundError: io/berth/Refreshed"),
                e.getStatus().getDescription());
        assertEquals("still fine", echo(client, "still fine"));
    }

    @Test
    void aResponseTooLargeToSendIsResourceExhausted() throws StatusException {
        StatusException e = assertThrows(StatusException.class, () -> client.call(SERVICE, "Big",
                Int32Value.of(Frame.MAX_PAYLOAD + 1), BytesValue.parser(), null, null));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
        assertEquals(1000, client.call(SERVICE, "Big", Int32Value.of(1000), BytesValue.parser(), null, null)
                .getValue().size());
    }

    @Test
    void aRequestTooLargeToSendIsResourceExhaustedAndNotSent() throws StatusException {
        StatusException e = assertThrows(StatusException.class, () -> client.call(SERVICE, "Echo",
                StringValue.of("x".repeat(Frame.MAX_PAYLOAD)), StringValue.parser(), null, null));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
        assertEquals("after", echo(client, "after"));
    }

    @Test
    void closingTheServerFailsAPendingCallWithUnavailableAndEndsTheClient() throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        client.onClose(closed::countDown);
        try (ExecutorService pool = Executors.newSingleThreadExecutor()) {
            Future<Empty> blocked = pool.submit(() -> client.call(SERVICE, "Block", Empty.getDefaultInstance(),
                    Empty.parser(), null, null));
            blockedEntered.await();
            server.close();
            Exception failure = assertThrows(Exception.class, blocked::get);
            StatusException e = (StatusException) failure.getCause();
            assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
        }
        closed.await();
        assertFalse(client.isOpen());
        assertFalse(Files.exists(socket), "the server deletes its socket file");

        StatusException after = assertThrows(StatusException.class, () -> echo(client, "x"));
        assertEquals(Status.Code.UNAVAILABLE, after.getStatus().getCode());
    }

    @Test
    void closingTheClientRunsItsListenersOnceAndALateListenerAtOnce() {
        List<String> runs = new ArrayList<>();
        client.onClose(() -> runs.add("early"));
        client.close();
        client.close();
        client.onClose(() -> runs.add("late"));
        assertEquals(List.of("early", "late"), runs);
    }

    @Test
    void theSocketIsForItsOwnerOnly() throws IOException {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
    }

    @Test
    void bindReplacesAStaleSocketAndRefusesAnyOtherFile() throws Exception {
        Path stale = dir.resolve("stale.sock");
        TtrpcServer.builder().bind(stale);
        assertTrue(Files.exists(stale));
        try (TtrpcServer again = TtrpcServer.builder().unary(SERVICE, "Echo", StringValue.parser(),
                (request, metadata) -> request).bind(stale);
             TtrpcClient other = TtrpcClient.connect(stale)) {
            assertEquals("fresh", echo(other, "fresh"));
        }

        Path regular = Files.writeString(dir.resolve("notes.txt"), "keep me");
        assertThrows(IOException.class, () -> TtrpcServer.builder().bind(regular));
        assertEquals("keep me", Files.readString(regular));
    }

    private static String echo(TtrpcClient client, String text) throws StatusException {
        return client.call(SERVICE, "Echo", StringValue.of(text), StringValue.parser(), null, null).getValue();
    }

    private void awaitRelease() {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

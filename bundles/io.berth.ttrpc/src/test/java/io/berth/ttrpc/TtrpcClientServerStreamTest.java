package io.berth.ttrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
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

/** Our client against our server, for each kind of stream and for the ways a stream can end early. */
class TtrpcClientServerStreamTest {
    private static final String SERVICE = "berth.test.v1.Streams";

    @TempDir
    Path dir;

    private final AtomicReference<Map<String, List<String>>> seenMetadata = new AtomicReference<>();
    private final Queue<Status> waitFailures = new ConcurrentLinkedQueue<>();
    private final Semaphore waitsStarted = new Semaphore(0);
    private final Semaphore waitsEnded = new Semaphore(0);
    private TtrpcServer server;
    private TtrpcClient client;

    @BeforeEach
    void start() throws IOException {
        Path socket = dir.resolve("streams.sock");
        server = TtrpcServer.builder()
                .unary(SERVICE, "Ping", StringValue.parser(), (request, metadata) -> request)
                .serverStreaming(SERVICE, "Count", Int32Value.parser(), (request, responses, metadata) -> {
                    seenMetadata.set(metadata);
                    for (int i = 1; i <= request.getValue(); i++) {
                        responses.send(Int32Value.of(i));
                    }
                })
                .serverStreaming(SERVICE, "FailMidway", Int32Value.parser(), (request, responses, metadata) -> {
                    responses.send(Int32Value.of(1));
                    if (request.getValue() == 0) {
                        throw new IllegalStateException("handler broke");
                    }
                    if (request.getValue() == 2) {
                        throw new AssertionError("handler asserted");
                    }
                    throw Status.FAILED_PRECONDITION.withDescription("task t1 is not running").asException();
                })
                .serverStreaming(SERVICE, "TooBig", Empty.parser(), (request, responses, metadata) -> {
                    try {
                        responses.send(BytesValue.of(ByteString.copyFrom(new byte[Frame.MAX_PAYLOAD])));
                    } catch (StatusException e) {
                        responses.send(BytesValue.of(ByteString.copyFromUtf8(e.getStatus().getCode().name())));
                    }
                })
                .clientStreaming(SERVICE, "Sum", Int32Value.parser(), (requests, metadata) -> {
                    seenMetadata.set(metadata);
                    int sum = 0;
                    for (Int32Value number = requests.receive(); number != null; number = requests.receive()) {
                        sum += number.getValue();
                    }
                    return Int32Value.of(sum);
                })
                .bidiStreaming(SERVICE, "Echo", StringValue.parser(), (requests, responses, metadata) -> {
                    for (StringValue message = requests.receive(); message != null; message = requests.receive()) {
                        responses.send(message);
                    }
                })
                .bidiStreaming(SERVICE, "Wait", StringValue.parser(), (requests, responses, metadata) -> {
                    waitsStarted.release();
                    try {
                        requests.receive();
                    } catch (StatusException e) {
                        waitFailures.add(e.getStatus());
                        throw e;
                    } finally {
                        waitsEnded.release();
                    }
                })
                .bind(socket);
        client = TtrpcClient.connect(socket);
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void aServerStreamDeliversEveryMessageThenItsEndWithTheMetadata() throws StatusException {
        Map<String, List<String>> metadata = Map.of("containerd-namespace", List.of("k8s.io"));
        ClientStream<Int32Value> stream = client.stream(SERVICE, "Count", Int32Value.of(100), Int32Value.parser(),
                null, metadata);
        for (int i = 1; i <= 100; i++) {
            assertEquals(i, stream.receive().getValue());
        }
        assertNull(stream.receive());
        assertEquals(metadata, seenMetadata.get());
    }

    @Test
    void aClientStreamIsAnsweredWithOneResponseOnceTheClientCloses() throws StatusException {
        Map<String, List<String>> metadata = Map.of("trace", List.of("a", "b"));
        ClientStream<Int32Value> stream = client.stream(SERVICE, "Sum", Int32Value.parser(), null, metadata);
        for (int i = 1; i <= 10; i++) {
            stream.send(Int32Value.of(i));
        }
        stream.closeSend();
        assertEquals(55, stream.receive().getValue());
        assertNull(stream.receive());
        assertEquals(metadata, seenMetadata.get());
    }

    @Test
    void aBidirectionalStreamAnswersEachMessageInTurn() throws StatusException {
        ClientStream<StringValue> stream = client.stream(SERVICE, "Echo", StringValue.parser(), null, null);
        for (String word : List.of("create", "start", "wait")) {
            stream.send(StringValue.of(word));
            assertEquals(word, stream.receive().getValue());
        }
        stream.closeSend();
        assertNull(stream.receive());
    }

    @Test
    void manyStreamsAndUnaryCallsShareOneConnection() throws Exception {
        int streams = 40;
        int messagesEach = 100;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<List<String>>> echoed = new ArrayList<>();
            List<Future<String>> unary = new ArrayList<>();
            for (int s = 0; s < streams; s++) {
                int id = s;
                echoed.add(pool.submit(() -> {
                    ClientStream<StringValue> stream = client.stream(SERVICE, "Echo", StringValue.parser(), null,
                            null);
                    Future<?> sending = pool.submit(() -> {
                        for (int i = 0; i < messagesEach; i++) {
                            stream.send(StringValue.of(id + "-" + i));
                        }
                        stream.closeSend();
                        return null;
                    });
                    List<String> received = new ArrayList<>();
                    for (StringValue message = stream.receive(); message != null; message = stream.receive()) {
                        received.add(message.getValue());
                    }
                    sending.get();
                    return received;
                }));
                unary.add(pool.submit(() -> client.call(SERVICE, "Ping", StringValue.of("unary-" + id),
                        StringValue.parser(), null, null).getValue()));
            }
            for (int s = 0; s < streams; s++) {
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < messagesEach; i++) {
                    expected.add(s + "-" + i);
                }
                assertEquals(expected, echoed.get(s).get());
                assertEquals("unary-" + s, unary.get(s).get());
            }
        }
    }

    @Test
    void aHandlerThatFailsMidwayEndsTheStreamWithItsStatusAfterWhatItSent() throws StatusException {
        ClientStream<Int32Value> failing = client.stream(SERVICE, "FailMidway", Int32Value.of(1),
                Int32Value.parser(), null, null);
        assertEquals(1, failing.receive().getValue());
        StatusException e = assertThrows(StatusException.class, failing::receive);
        assertEquals(Status.Code.FAILED_PRECONDITION, e.getStatus().getCode());
        assertEquals("task t1 is not running", e.getStatus().getDescription());

        ClientStream<Int32Value> crashing = client.stream(SERVICE, "FailMidway", Int32Value.of(0),
                Int32Value.parser(), null, null);
        assertEquals(1, crashing.receive().getValue());
        StatusException crash = assertThrows(StatusException.class, crashing::receive);
        assertEquals(Status.Code.UNKNOWN, crash.getStatus().getCode());
        assertTrue(crash.getStatus().getDescription().contains("handler broke"), crash.getStatus().getDescription());

        ClientStream<Int32Value> asserting = client.stream(SERVICE, "FailMidway", Int32Value.of(2),
                Int32Value.parser(), Duration.ofSeconds(10), null);
        assertEquals(1, asserting.receive().getValue());
        StatusException error = assertThrows(StatusException.class, asserting::receive);
        assertEquals(Status.Code.UNKNOWN, error.getStatus().getCode());
        assertTrue(error.getStatus().getDescription().contains("handler asserted"), error.getStatus().getDescription());
        assertEquals("still fine", echo("still fine"));
    }

    @Test
    void aStreamToAnUnknownMethodEndsWithUnimplemented() throws StatusException {
        ClientStream<StringValue> stream = client.stream(SERVICE, "Missing", StringValue.parser(), null, null);
        StatusException e = assertThrows(StatusException.class, stream::receive);
        assertEquals(Status.Code.UNIMPLEMENTED, e.getStatus().getCode());
        assertEquals("method Missing", e.getStatus().getDescription());
    }

    @Test
    void aMessageTooLargeToSendIsRefusedOnEitherSideAndTheStreamGoesOn() throws StatusException {
        ClientStream<StringValue> stream = client.stream(SERVICE, "Echo", StringValue.parser(), null, null);
        StatusException e = assertThrows(StatusException.class,
                () -> stream.send(StringValue.of("x".repeat(Frame.MAX_PAYLOAD))));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
        stream.send(StringValue.of("small"));
        assertEquals("small", stream.receive().getValue());

        ClientStream<BytesValue> big = client.stream(SERVICE, "TooBig", Empty.getDefaultInstance(),
                BytesValue.parser(), null, null);
        assertEquals("RESOURCE_EXHAUSTED", big.receive().getValue().toStringUtf8());
        assertNull(big.receive());
    }

    @Test
    void cancellingAStreamLeavesTheConnectionUsable() throws StatusException {
        ClientStream<StringValue> stream = client.stream(SERVICE, "Echo", StringValue.parser(), null, null);
        stream.send(StringValue.of("before"));
        assertEquals("before", stream.receive().getValue());
        stream.cancel();
        assertEquals(Status.Code.CANCELLED, assertThrows(StatusException.class, stream::receive).getStatus().getCode());
        assertTrue(client.isOpen());
        assertEquals("after", echo("after"));
    }

    @Test
    void anInterruptedReceiverCancelsItsStream() throws Exception {
        ClientStream<StringValue> stream = client.stream(SERVICE, "Wait", StringValue.parser(), null, null);
        waitsStarted.acquire();
        AtomicReference<StatusException> failure = new AtomicReference<>();
        Thread receiver = Thread.ofVirtual().start(() -> failure.set(assertThrows(StatusException.class,
                stream::receive)));
        receiver.interrupt();
        receiver.join();
        assertEquals(Status.Code.CANCELLED, failure.get().getStatus().getCode());
        assertEquals(Status.Code.CANCELLED, assertThrows(StatusException.class,
                () -> stream.send(StringValue.of("x"))).getStatus().getCode());
        assertEquals("unharmed", echo("unharmed"));
    }

    @Test
    void aDeadlineThatPassesDuringAStreamEndsItOnBothSides() throws Exception {
        ClientStream<StringValue> stream = client.stream(SERVICE, "Wait", StringValue.parser(),
                Duration.ofMillis(50), null);
        StatusException e = assertThrows(StatusException.class, stream::receive);
        assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode());
        waitsEnded.acquire();
        assertEquals(List.of(Status.Code.DEADLINE_EXCEEDED), codes(waitFailures));
        assertEquals("on time", echo("on time"));
    }

    @Test
    void closingTheServerFailsOpenStreamsWithUnavailableAndEndsTheirHandlers() throws Exception {
        List<ClientStream<StringValue>> open = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            open.add(client.stream(SERVICE, "Wait", StringValue.parser(), null, null));
        }
        waitsStarted.acquire(3);
        server.close();
        for (ClientStream<StringValue> stream : open) {
            assertEquals(Status.Code.UNAVAILABLE,
                    assertThrows(StatusException.class, stream::receive).getStatus().getCode());
        }
        waitsEnded.acquire(3);
        assertEquals(List.of(Status.Code.CANCELLED, Status.Code.CANCELLED, Status.Code.CANCELLED),
                codes(waitFailures));
        assertFalse(client.isOpen());
    }

    @Test
    void closingTheClientFailsItsOpenStreamsWithUnavailable() throws Exception {
        ClientStream<StringValue> stream = client.stream(SERVICE, "Wait", StringValue.parser(), null, null);
        waitsStarted.acquire();
        client.close();
        assertEquals(Status.Code.UNAVAILABLE,
                assertThrows(StatusException.class, stream::receive).getStatus().getCode());
        waitsEnded.acquire();
        assertEquals(List.of(Status.Code.CANCELLED), codes(waitFailures));
    }

    private String echo(String text) throws StatusException {
        return client.call(SERVICE, "Ping", StringValue.of(text), StringValue.parser(), null, null).getValue();
    }

    private static List<Status.Code> codes(Queue<Status> statuses) {
        return statuses.stream().map(Status::getCode).toList();
    }
}

package io.berth.ttrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.protobuf.Empty;
import com.google.protobuf.Int32Value;
import com.google.protobuf.StringValue;

import io.berth.proto.ttrpc.KeyValue;
import io.berth.proto.ttrpc.Request;
import io.berth.proto.ttrpc.Response;
import io.grpc.Status;
import io.grpc.StatusException;

/** The client's streams against a server driven frame by frame: what the client sends, and what it makes of replies. */
class TtrpcClientStreamWireTest {
    private static final String SERVICE = "berth.test.v1.Streams";
    private static final int RC = Frame.REMOTE_CLOSED;
    private static final int RO = Frame.REMOTE_OPEN;
    private static final int NO_DATA = Frame.NO_DATA;

    @TempDir
    Path dir;

    private ServerSocketChannel listener;
    private TtrpcClient client;
    private RawPeer server;
    private final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();

    @BeforeEach
    void connect() throws IOException {
        Path socket = dir.resolve("raw.sock");
        listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        listener.bind(UnixDomainSocketAddress.of(socket));
        client = TtrpcClient.connect(socket);
        server = new RawPeer(listener.accept());
    }

    @AfterEach
    void close() throws IOException {
        client.close();
        callers.close();
        server.close();
        listener.close();
    }

    @Test
    void aServerStreamingCallSendsItsOneRequestFlaggedRemoteClosedAndReadsDataUntilTheClosingFrame()
            throws Exception {
        ClientStream<StringValue> stream = client.stream(SERVICE, "Count", Int32Value.of(2), StringValue.parser(),
                Duration.ofHours(1), Map.of("containerd-namespace", List.of("k8s.io")));

        Request request = Request.parseFrom(server.expect(MessageType.REQUEST, 1, RC).payload());
        assertEquals(SERVICE, request.getService());
        assertEquals("Count", request.getMethod());
        assertEquals(2, Int32Value.parseFrom(request.getPayload()).getValue());
        assertEquals(Duration.ofHours(1).toNanos(), request.getTimeoutNano());
        assertEquals(List.of(KeyValue.newBuilder().setKey("containerd-namespace").setValue("k8s.io").build()),
                request.getMetadataList());

        server.data(1, 0, StringValue.of("1"));
        server.data(1, 0, StringValue.of("2"));
        server.data(1, RC | NO_DATA);
        assertEquals("1", stream.receive().getValue());
        assertEquals("2", stream.receive().getValue());
        assertNull(stream.receive());
        assertNull(stream.receive(), "the end stays the end");
    }

    @Test
    void aClientStreamSendsRemoteOpenThenItsMessagesThenOneEmptyClosingFrame() throws Exception {
        ClientStream<StringValue> stream = client.stream(SERVICE, "Join", StringValue.parser(), null, null);
        stream.send(StringValue.of("a"));
        stream.send(StringValue.of("b"));
        stream.closeSend();
        stream.closeSend();

        Request request = Request.parseFrom(server.expect(MessageType.REQUEST, 1, RO).payload());
        assertTrue(request.getPayload().isEmpty(), "the messages follow in DATA frames");
        assertEquals("a", StringValue.parseFrom(server.expect(MessageType.DATA, 1, 0).payload()).getValue());
        assertEquals("b", StringValue.parseFrom(server.expect(MessageType.DATA, 1, 0).payload()).getValue());
        assertEquals(0, server.expect(MessageType.DATA, 1, RC | NO_DATA).payload().length);

        server.respond(1, ok(StringValue.of("a,b")));
        assertEquals("a,b", stream.receive().getValue());
        assertNull(stream.receive());
        assertUnaryCallGetsStream(3);
    }

    @Test
    void sendingOnAClosedEndIsRefusedAndPutsNothingOnTheWire() throws Exception {
        ClientStream<StringValue> serverStream = client.stream(SERVICE, "Count", Int32Value.of(1),
                StringValue.parser(), null, null);
        assertThrows(IllegalStateException.class, () -> serverStream.send(StringValue.of("x")));
        serverStream.closeSend();
        server.expect(MessageType.REQUEST, 1, RC);

        ClientStream<StringValue> clientStream = client.stream(SERVICE, "Join", StringValue.parser(), null, null);
        clientStream.closeSend();
        assertThrows(IllegalStateException.class, () -> clientStream.send(StringValue.of("x")));
        server.expect(MessageType.REQUEST, 3, RO);
        server.expect(MessageType.DATA, 3, RC | NO_DATA);
        assertUnaryCallGetsStream(5);
    }

    @Test
    void aFailedResponseEndsTheStreamAfterTheMessagesBeforeIt() throws Exception {
        ClientStream<StringValue> stream = client.stream(SERVICE, "Echo", StringValue.parser(), null, null);
        server.readRequest();
        server.data(1, 0, StringValue.of("partial"));
        server.respond(1, Response.newBuilder().setStatus(com.google.rpc.Status.newBuilder()
                .setCode(Status.Code.NOT_FOUND.value()).setMessage("container c1 not found")).build());

        assertEquals("partial", stream.receive().getValue());
        StatusException e = assertThrows(StatusException.class, stream::receive);
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
        assertEquals("container c1 not found", e.getStatus().getDescription());
        assertEquals(Status.Code.NOT_FOUND, assertThrows(StatusException.class, stream::receive).getStatus().getCode());
        assertEquals(Status.Code.NOT_FOUND, assertThrows(StatusException.class,
                () -> stream.send(StringValue.of("x"))).getStatus().getCode(), "sending learns of the end at once");
    }

    @Test
    void aClosingDataFrameMayCarryTheLastMessage() throws Exception {
        ClientStream<StringValue> stream = client.stream(SERVICE, "Count", Int32Value.of(1), StringValue.parser(),
                null, null);
        server.readRequest();
        server.data(1, RC, StringValue.of("last"));
        assertEquals("last", stream.receive().getValue());
        assertNull(stream.receive());
    }

    @Test
    void framesOnAStreamThatHasEndedAreDropped() throws Exception {
        ClientStream<StringValue> stream = client.stream(SERVICE, "Count", Int32Value.of(0), StringValue.parser(),
                null, null);
        server.readRequest();
        server.data(1, RC | NO_DATA);
        server.data(1, 0, StringValue.of("late"));
        server.respond(1, ok(StringValue.of("later")));
        assertUnaryCallGetsStream(3);
        assertNull(stream.receive());
    }

    @Test
    void anOversizedDataFrameFailsItsStreamWithResourceExhaustedAndTheConnectionSurvives() throws Exception {
        ClientStream<StringValue> stream = client.stream(SERVICE, "Count", Int32Value.of(1), StringValue.parser(),
                null, null);
        server.readRequest();
        server.writeRaw(Frame.MAX_PAYLOAD + 1, 1, MessageType.DATA.code, 0);
        assertEquals(Status.Code.RESOURCE_EXHAUSTED,
                assertThrows(StatusException.class, stream::receive).getStatus().getCode());
        assertUnaryCallGetsStream(3);
    }

    @Test
    void aDataFrameFlaggedAsHavingNoDataThatCarriesBytesFailsTheStreamAsInternal() throws Exception {
        ClientStream<StringValue> stream = client.stream(SERVICE, "Count", Int32Value.of(1), StringValue.parser(),
                null, null);
        server.readRequest();
        server.data(1, NO_DATA, StringValue.of("hidden"));
        StatusException e = assertThrows(StatusException.class, stream::receive);
        assertEquals(Status.Code.INTERNAL, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("broke the protocol"), e.getStatus().getDescription());
    }

    @Test
    void cancellingAStreamFailsItsReceiverAndItsSenderAndDropsLaterFrames() throws Exception {
        ClientStream<StringValue> stream = client.stream(SERVICE, "Echo", StringValue.parser(), null, null);
        server.expect(MessageType.REQUEST, 1, RO);
        Future<StringValue> receiving = callers.submit(stream::receive);

        stream.cancel();
        assertEquals(Status.Code.CANCELLED, failure(receiving).getStatus().getCode());
        assertEquals(Status.Code.CANCELLED, assertThrows(StatusException.class,
                () -> stream.send(StringValue.of("x"))).getStatus().getCode());
        server.data(1, 0, StringValue.of("unwanted"));
        assertUnaryCallGetsStream(3);
    }

    @Test
    void theServerClosingFailsEveryOpenStreamWithUnavailable() throws Exception {
        ClientStream<StringValue> first = client.stream(SERVICE, "Echo", StringValue.parser(), null, null);
        ClientStream<StringValue> second = client.stream(SERVICE, "Count", Int32Value.of(5), StringValue.parser(),
                null, null);
        server.readRequest();
        server.readRequest();
        server.data(3, 0, StringValue.of("1"));
        server.close();

        assertEquals(Status.Code.UNAVAILABLE,
                assertThrows(StatusException.class, first::receive).getStatus().getCode());
        assertEquals("1", second.receive().getValue(), "what arrived before the end is still received");
        assertEquals(Status.Code.UNAVAILABLE,
                assertThrows(StatusException.class, second::receive).getStatus().getCode());
        assertEquals(Status.Code.UNAVAILABLE, assertThrows(StatusException.class,
                () -> first.send(StringValue.of("x"))).getStatus().getCode());
        assertEquals(Status.Code.UNAVAILABLE, assertThrows(StatusException.class,
                () -> client.stream(SERVICE, "Echo", StringValue.parser(), null, null)).getStatus().getCode());
    }

    @Test
    void aStreamPastItsDeadlineFailsWithDeadlineExceededAndTheConnectionSurvives() throws Exception {
        ClientStream<StringValue> stream = client.stream(SERVICE, "Echo", StringValue.parser(),
                Duration.ofMillis(20), null);
        assertEquals(Duration.ofMillis(20).toNanos(), server.readRequest().getTimeoutNano());

        assertEquals(Status.Code.DEADLINE_EXCEEDED,
                assertThrows(StatusException.class, stream::receive).getStatus().getCode());
        assertEquals(Status.Code.DEADLINE_EXCEEDED, assertThrows(StatusException.class,
                () -> stream.send(StringValue.of("x"))).getStatus().getCode());
        server.data(1, 0, StringValue.of("too late"));
        assertUnaryCallGetsStream(3);
    }

    /** A unary call made now goes out on the given stream id, and nothing else was sent before it. */
    private void assertUnaryCallGetsStream(int streamId) throws Exception {
        Future<Empty> call = callers.submit(() -> client.call(SERVICE, "Ping", Empty.getDefaultInstance(),
                Empty.parser(), null, null));
        server.expect(MessageType.REQUEST, streamId, 0);
        server.respond(streamId, ok(Empty.getDefaultInstance()));
        assertEquals(Empty.getDefaultInstance(), call.get());
    }

    private static Response ok(com.google.protobuf.Message payload) {
        return Response.newBuilder().setStatus(com.google.rpc.Status.getDefaultInstance())
                .setPayload(payload.toByteString()).build();
    }

    private static StatusException failure(Future<?> call) {
        Exception e = assertThrows(Exception.class, call::get);
        return (StatusException) e.getCause();
    }
}

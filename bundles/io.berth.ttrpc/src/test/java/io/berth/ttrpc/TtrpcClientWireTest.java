package io.berth.ttrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.protobuf.StringValue;

import io.berth.proto.ttrpc.KeyValue;
import io.berth.proto.ttrpc.Request;
import io.berth.proto.ttrpc.Response;
import io.grpc.Status;
import io.grpc.StatusException;

/** The client against a server driven frame by frame: what it puts on the wire, and what it does with junk. */
class TtrpcClientWireTest {
    private static final String SERVICE = "berth.test.v1.Test";

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
    void requestsCarryOddIncreasingStreamIdsTheTimeoutAndTheMetadata() throws Exception {
        Map<String, List<String>> metadata = new LinkedHashMap<>();
        metadata.put("containerd-namespace", List.of("default"));
        metadata.put("trace", List.of("x", "y"));
        Future<String> first = callers.submit(() -> echo("one", Duration.ofHours(1), metadata));

        Frame frame = server.read();
        assertEquals(1, frame.streamId());
        assertEquals(0, frame.flags());
        Request request = Request.parseFrom(frame.payload());
        assertEquals(SERVICE, request.getService());
        assertEquals("Echo", request.getMethod());
        assertEquals(Duration.ofHours(1).toNanos(), request.getTimeoutNano());
        assertEquals(List.of(keyValue("containerd-namespace", "default"), keyValue("trace", "x"),
                keyValue("trace", "y")), request.getMetadataList());
        server.respond(1, ok(request));
        assertEquals("one", first.get());

        Future<String> second = callers.submit(() -> echo("two", null, null));
        frame = server.read();
        assertEquals(3, frame.streamId());
        request = Request.parseFrom(frame.payload());
        assertEquals(0, request.getTimeoutNano(), "no timeout is sent as zero");
        assertEquals(List.of(), request.getMetadataList());
        server.respond(3, ok(request));
        assertEquals("two", second.get());
    }

    @Test
    void responsesAreMatchedToCallsByStreamIdInWhateverOrderTheyCome() throws Exception {
        Future<String> first = callers.submit(() -> echo("first", null, null));
        Request firstRequest = server.readRequest();
        Future<String> second = callers.submit(() -> echo("second", null, null));
        Request secondRequest = server.readRequest();

        server.respond(3, ok(secondRequest));
        assertEquals("second", second.get());
        server.respond(1, ok(firstRequest));
        assertEquals("first", first.get());
    }

    @Test
    void anOversizedResponseFailsItsCallWithResourceExhaustedAndTheConnectionSurvives() throws Exception {
        Future<String> big = callers.submit(() -> echo("big", null, null));
        server.readRequest();
        server.writeRaw(Frame.MAX_PAYLOAD + 1, 1, MessageType.RESPONSE.code, 0);
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, failure(big).getStatus().getCode());

        Future<String> small = callers.submit(() -> echo("small", null, null));
        Request request = server.readRequest();
        server.respond(3, ok(request));
        assertEquals("small", small.get());
    }

    @Test
    void responsesForStreamsNobodyWaitsOnAreDropped() throws Exception {
        server.respond(41, ok(Request.getDefaultInstance()));
        server.write(new Frame(43, MessageType.DATA, Frame.REMOTE_CLOSED | Frame.NO_DATA, new byte[0]));
        Future<String> call = callers.submit(() -> echo("still fine", null, null));
        Request request = server.readRequest();
        server.respond(1, ok(request));
        assertEquals("still fine", call.get());
    }

    @Test
    void aDataFrameOnAUnaryCallFailsItWithInternalRatherThanLeavingItWaiting() throws Exception {
        Future<String> call = callers.submit(() -> echo("x", null, null));
        server.readRequest();
        server.write(new Frame(1, MessageType.DATA, 0, StringValue.of("x").toByteArray()));
        StatusException e = failure(call);
        assertEquals(Status.Code.INTERNAL, e.getStatus().getCode());
        assertEquals("a unary call received a DATA frame instead of a response", e.getStatus().getDescription());

        Future<String> next = callers.submit(() -> echo("next", null, null));
        server.respond(3, ok(server.readRequest()));
        assertEquals("next", next.get());
    }

    @Test
    void aStatusWithACodeGrpcDoesNotKnowBecomesUnknown() throws Exception {
        Future<String> call = callers.submit(() -> echo("x", null, null));
        server.readRequest();
        server.respond(1, Response.newBuilder()
                .setStatus(com.google.rpc.Status.newBuilder().setCode(99).setMessage("odd")).build());
        StatusException e = failure(call);
        assertEquals(Status.Code.UNKNOWN, e.getStatus().getCode());
        assertEquals("status code 99: odd", e.getStatus().getDescription());
    }

    @Test
    void theServerClosingMidCallFailsItWithUnavailable() throws Exception {
        Future<String> call = callers.submit(() -> echo("x", null, null));
        server.readRequest();
        server.close();
        assertEquals(Status.Code.UNAVAILABLE, failure(call).getStatus().getCode());
    }

    @Test
    void aServerSendingATruncatedFrameEndsTheConnection() throws Exception {
        Future<String> call = callers.submit(() -> echo("x", null, null));
        server.readRequest();
        server.writeFully(ByteBuffer.wrap(new byte[] {0, 0, 0, 9, 0, 0, 0, 1, 2, 0, 1}));
        server.close();
        assertEquals(Status.Code.UNAVAILABLE, failure(call).getStatus().getCode());
    }

    private String echo(String text, Duration timeout, Map<String, List<String>> metadata) throws StatusException {
        return client.call(SERVICE, "Echo", StringValue.of(text), StringValue.parser(), timeout, metadata)
                .getValue();
    }

    private static Response ok(Request request) {
        return Response.newBuilder().setStatus(com.google.rpc.Status.getDefaultInstance())
                .setPayload(request.getPayload()).build();
    }

    private static KeyValue keyValue(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }

    private static StatusException failure(Future<?> call) {
        Exception e = assertThrows(Exception.class, call::get);
        return (StatusException) e.getCause();
    }
}

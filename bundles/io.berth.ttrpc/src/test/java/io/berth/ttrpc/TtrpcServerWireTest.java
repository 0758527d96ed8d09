package io.berth.ttrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import com.google.protobuf.StringValue;

import io.berth.proto.ttrpc.Request;
import io.berth.proto.ttrpc.Response;
import io.grpc.Status;

/** The server against a client that breaks the protocol: each mistake is answered, and the connection goes on. */
class TtrpcServerWireTest {
    private static final String SERVICE = "berth.test.v1.Test";

    @TempDir
    Path dir;

    private final CountDownLatch interrupted = new CountDownLatch(1);
    private TtrpcServer server;
    private RawPeer client;
    private Path socket;

    @BeforeEach
    void start() throws IOException {
        socket = dir.resolve("server.sock");
        server = TtrpcServer.builder()
                .unary(SERVICE, "Echo", StringValue.parser(), (request, metadata) -> request)
                .unary(SERVICE, "Sleep", Empty.parser(), (request, metadata) -> {
                    try {
                        new CountDownLatch(1).await();
                    } catch (InterruptedException e) {
                        interrupted.countDown();
                    }
                    return Empty.getDefaultInstance();
                })
                .unary(SERVICE, "InterruptItself", Empty.parser(), (request, metadata) -> {
                    Thread.currentThread().interrupt();
                    return Empty.getDefaultInstance();
                })
                .bind(socket);
        client = connect();
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        server.close();
    }

    @Test
    void aFrameOfUnknownTypeIsSkippedAndTheNextRequestIsAnswered() throws IOException {
        client.writeRaw(5, 1, 0x7f, 0);
        client.request(3, echo("after unknown"));
        assertEchoed("after unknown", client.readResponse(3));
    }

    @Test
    void anEvenStreamIdIsInvalidArgument() throws IOException {
        client.request(2, echo("even"));
        assertStatus(Status.Code.INVALID_ARGUMENT, client.readResponse(2));
        client.request(3, echo("odd"));
        assertEchoed("odd", client.readResponse(3));
    }

    @Test
    void aStreamIdThatDoesNotIncreaseIsInvalidArgument() throws IOException {
        client.request(7, echo("first"));
        assertEchoed("first", client.readResponse(7));
        client.request(5, echo("older"));
        assertStatus(Status.Code.INVALID_ARGUMENT, client.readResponse(5));
        client.request(7, echo("again"));
        assertStatus(Status.Code.INVALID_ARGUMENT, client.readResponse(7));
        client.request(9, echo("newer"));
        assertEchoed("newer", client.readResponse(9));
    }

    @Test
    void anOversizedRequestIsResourceExhaustedAndTheConnectionSurvives() throws IOException {
        client.writeRaw(Frame.MAX_PAYLOAD + 1, 1, MessageType.REQUEST.code, 0);
        assertStatus(Status.Code.RESOURCE_EXHAUSTED, client.readResponse(1));
        client.request(3, echo("small"));
        assertEchoed("small", client.readResponse(3));
    }

    @Test
    void anUndecodableRequestIsInvalidArgument() throws IOException {
        client.write(new Frame(1, MessageType.REQUEST, 0, new byte[] {(byte) 0xff, (byte) 0xff}));
        assertStatus(Status.Code.INVALID_ARGUMENT, client.readResponse(1));
    }

    @Test
    void anUndecodablePayloadIsInvalidArgument() throws IOException {
        client.request(1, Request.newBuilder().setService(SERVICE).setMethod("Echo")
                .setPayload(ByteString.copyFrom(new byte[] {0x0a, 0x05, 'a'})).build());
        assertStatus(Status.Code.INVALID_ARGUMENT, client.readResponse(1));
    }

    @Test
    void dataOnAStreamThatIsNotOpenIsInvalidArgument() throws IOException {
        client.write(new Frame(1, MessageType.DATA, Frame.REMOTE_CLOSED, new byte[] {1}));
        assertStatus(Status.Code.INVALID_ARGUMENT, client.readResponse(1));
    }

    @Test
    void aClientThatDiesMidFrameLeavesTheServerServingOthers() throws IOException {
        client.writeFully(ByteBuffer.wrap(new byte[] {0, 0, 0}));
        client.close();
        try (RawPeer other = connect()) {
            other.request(1, echo("still serving"));
            assertEchoed("still serving", other.readResponse(1));
        }
    }

    @Test
    void aHandlerStillRunningAtItsCallersDeadlineIsInterruptedAndTheCallIsDeadlineExceeded() throws Exception {
        client.request(1, Request.newBuilder().setService(SERVICE).setMethod("Sleep")
                .setTimeoutNano(Duration.ofMillis(20).toNanos()).build());
        assertStatus(Status.Code.DEADLINE_EXCEEDED, client.readResponse(1));
        interrupted.await();
        client.request(3, echo("the connection outlives the deadline"));
        assertEchoed("the connection outlives the deadline", client.readResponse(3));
    }

    @Test
    void aHandlerThatLeavesItsThreadInterruptedDoesNotBreakTheConnection() throws IOException {
        client.request(1, Request.newBuilder().setService(SERVICE).setMethod("InterruptItself").build());
        assertEquals(0, client.readResponse(1).getStatus().getCode());
        client.request(3, echo("still connected"));
        assertEchoed("still connected", client.readResponse(3));
    }

    @Test
    void aSuccessfulResponseCarriesAnOkStatus() throws IOException {
        client.request(1, echo("ok"));
        Response response = client.readResponse(1);
        assertTrue(response.hasStatus());
        assertEquals(0, response.getStatus().getCode());
    }

    private RawPeer connect() throws IOException {
        return new RawPeer(SocketChannel.open(UnixDomainSocketAddress.of(socket)));
    }

    private static Request echo(String text) {
        return Request.newBuilder().setService(SERVICE).setMethod("Echo")
                .setPayload(StringValue.of(text).toByteString()).build();
    }

    private static void assertEchoed(String text, Response response) throws IOException {
        assertEquals(0, response.getStatus().getCode(), response.getStatus().getMessage());
        assertEquals(text, StringValue.parseFrom(response.getPayload()).getValue());
    }

    private static void assertStatus(Status.Code code, Response response) {
        assertEquals(code.value(), response.getStatus().getCode(), response.getStatus().getMessage());
        assertTrue(response.getPayload().isEmpty());
    }
}

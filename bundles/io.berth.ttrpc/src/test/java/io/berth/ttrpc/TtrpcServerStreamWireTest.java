package io.berth.ttrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.protobuf.Empty;
import com.google.protobuf.Int32Value;
import com.google.protobuf.Message;
import com.google.protobuf.StringValue;

import io.berth.proto.ttrpc.Request;
import io.berth.proto.ttrpc.Response;
import io.grpc.Status;
import io.grpc.StatusException;

/** The server's streams seen frame by frame: what it sends for each kind, and what it does with a client's junk. */
class TtrpcServerStreamWireTest {
    private static final String SERVICE = "berth.test.v1.Streams";
    private static final int RC = Frame.REMOTE_CLOSED;
    private static final int RO = Frame.REMOTE_OPEN;
    private static final int NO_DATA = Frame.NO_DATA;

    @TempDir
    Path dir;

    private final AtomicInteger echoCalls = new AtomicInteger();
    private final CountDownLatch inputEnded = new CountDownLatch(1);
    private final CountDownLatch gateInterrupted = new CountDownLatch(1);
    private final CountDownLatch gateDone = new CountDownLatch(1);
    private final AtomicReference<Status> lateSend = new AtomicReference<>();
    private final CountDownLatch waiting = new CountDownLatch(1);
    private final CountDownLatch waitEnded = new CountDownLatch(1);
    private final AtomicReference<Status> waitFailure = new AtomicReference<>();
    private TtrpcServer server;
    private RawPeer client;
    private Path socket;

    @BeforeEach
    void start() throws IOException {
        socket = dir.resolve("server.sock");
        server = TtrpcServer.builder()
                .unary(SERVICE, "Ping", Empty.parser(), (request, metadata) -> request)
                .serverStreaming(SERVICE, "Count", Int32Value.parser(), (request, responses, metadata) -> {
                    for (int i = 1; i <= request.getValue(); i++) {
                        responses.send(StringValue.of(Integer.toString(i)));
                    }
                })
                .serverStreaming(SERVICE, "FailAfterOne", Empty.parser(), (request, responses, metadata) -> {
                    responses.send(StringValue.of("partial"));
                    throw Status.NOT_FOUND.withDescription("container c1 not found").asException();
                })
                .clientStreaming(SERVICE, "Join", StringValue.parser(), (requests, metadata) -> {
                    List<String> parts = new ArrayList<>();
                    for (StringValue part = requests.receive(); part != null; part = requests.receive()) {
                        parts.add(part.getValue());
                    }
                    return StringValue.of(String.join(",", parts));
                })
                .bidiStreaming(SERVICE, "Echo", StringValue.parser(), (requests, responses, metadata) -> {
                    echoCalls.incrementAndGet();
                    for (StringValue message = requests.receive(); message != null; message = requests.receive()) {
                        responses.send(message);
                    }
                })
                .bidiStreaming(SERVICE, "Gate", StringValue.parser(), (requests, responses, metadata) -> {
                    while (requests.receive() != null) {
                        // Drained.
                    }
                    holdThenSendOnce(responses);
                })
                .serverStreaming(SERVICE, "Hold", Empty.parser(),
                        (request, responses, metadata) -> holdThenSendOnce(responses))
                .bidiStreaming(SERVICE, "Wait", StringValue.parser(), this::waitForInput)
                .bind(socket);
        client = new RawPeer(SocketChannel.open(UnixDomainSocketAddress.of(socket)));
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        server.close();
    }

    @Test
    void aServerStreamSendsOneDataFramePerMessageThenAnEmptyClosingDataFrame() throws IOException {
        client.request(1, RC, call("Count", Int32Value.of(3)));
        assertData("1", client.expect(MessageType.DATA, 1, 0));
        assertData("2", client.expect(MessageType.DATA, 1, 0));
        assertData("3", client.expect(MessageType.DATA, 1, 0));
        assertEquals(0, client.expect(MessageType.DATA, 1, RC | NO_DATA).payload().length);

        // A client from before streams sends no flags; the method's kind decides, as in Go's server.
        client.request(3, 0, call("Count", Int32Value.of(1)));
        assertData("1", client.expect(MessageType.DATA, 3, 0));
        client.expect(MessageType.DATA, 3, RC | NO_DATA);
    }

    @Test
    void aClientStreamIsReadUntilTheClientClosesItsEndAndAnsweredWithOneResponse() throws IOException {
        client.request(1, RO, call("Join", Empty.getDefaultInstance()));
        client.data(1, 0, StringValue.of("a"));
        client.data(1, 0, StringValue.of("b"));
        client.data(1, RC | NO_DATA);
        assertOk("a,b", Response.parseFrom(client.expect(MessageType.RESPONSE, 1, 0).payload()));
    }

    @Test
    void theClientsEndClosesWithTheFrameThatSaysSoEvenWhenItCarriesAMessage() throws IOException {
        client.request(1, RO, call("Join", Empty.getDefaultInstance()));
        client.data(1, 0, StringValue.of("first"));
        client.data(1, RC, StringValue.of("last"));
        assertOk("first,last", Response.parseFrom(client.expect(MessageType.RESPONSE, 1, 0).payload()));

        client.request(3, RC, call("Join", StringValue.of("only")));
        assertOk("only", Response.parseFrom(client.expect(MessageType.RESPONSE, 3, 0).payload()));
    }

    @Test
    void aBidirectionalStreamAnswersAsMessagesComeAndClosesAfterTheClient() throws IOException {
        client.request(1, RO, call("Echo", Empty.getDefaultInstance()));
        client.data(1, 0, StringValue.of("a"));
        assertData("a", client.expect(MessageType.DATA, 1, 0));
        client.data(1, 0, StringValue.of("b"));
        assertData("b", client.expect(MessageType.DATA, 1, 0));
        client.data(1, RC | NO_DATA);
        client.expect(MessageType.DATA, 1, RC | NO_DATA);
    }

    @Test
    void aHandlerThatFailsMidStreamEndsItWithAResponseCarryingItsStatus() throws IOException {
        client.request(1, RC, call("FailAfterOne", Empty.getDefaultInstance()));
        assertData("partial", client.expect(MessageType.DATA, 1, 0));
        Response response = Response.parseFrom(client.expect(MessageType.RESPONSE, 1, 0).payload());
        assertStatus(Status.Code.NOT_FOUND, response);
        assertEquals("container c1 not found", response.getStatus().getMessage());
    }

    @Test
    void dataOnAStreamThatNeverOpenedOrHasEndedIsInvalidArgument() throws IOException {
        client.data(5, 0, StringValue.of("nobody"));
        assertStatus(Status.Code.INVALID_ARGUMENT, client.readResponse(5));

        client.request(7, RC, call("Count", Int32Value.of(0)));
        client.expect(MessageType.DATA, 7, RC | NO_DATA);
        client.data(7, 0, StringValue.of("too late"));
        Response response = client.readResponse(7);
        assertStatus(Status.Code.INVALID_ARGUMENT, response);
        assertEquals("stream 7 is not active", response.getStatus().getMessage());
    }

    @Test
    void dataAfterTheClientClosedItsEndFailsTheStreamAndStopsItsHandler() throws Exception {
        client.request(1, RO, call("Gate", Empty.getDefaultInstance()));
        client.data(1, RC | NO_DATA);
        inputEnded.await();
        client.data(1, 0, StringValue.of("after the end"));
        assertStatus(Status.Code.INVALID_ARGUMENT, client.readResponse(1));

        gateInterrupted.await();
        gateDone.await();
        assertEquals(Status.Code.INVALID_ARGUMENT, lateSend.get().getCode(), "the handler cannot send any more");
        client.request(3, call("Ping", Empty.getDefaultInstance()));
        assertStatus(Status.Code.OK, client.readResponse(3));
    }

    @Test
    void dataOnAServerStreamIsRefusedAsItsRequestWasTheClientsOnlyMessage() throws Exception {
        client.request(1, RO, call("Hold", Empty.getDefaultInstance()));
        inputEnded.await();
        client.data(1, 0, StringValue.of("more"));
        assertStatus(Status.Code.INVALID_ARGUMENT, client.readResponse(1));
        gateInterrupted.await();
        gateDone.await();
        assertEquals(Status.Code.INVALID_ARGUMENT, lateSend.get().getCode());
    }

    @Test
    void aRequestFlaggedBothRemoteOpenAndRemoteClosedIsInvalidArgumentAndRunsNothing() throws IOException {
        client.request(1, RO | RC, call("Echo", Empty.getDefaultInstance()));
        assertStatus(Status.Code.INVALID_ARGUMENT, client.readResponse(1));

        client.request(3, RO, call("Echo", Empty.getDefaultInstance()));
        client.data(3, RC, StringValue.of("fine"));
        assertData("fine", client.expect(MessageType.DATA, 3, 0));
        client.expect(MessageType.DATA, 3, RC | NO_DATA);
        assertEquals(1, echoCalls.get());
    }

    @Test
    void aDataFrameFlaggedAsHavingNoDataThatCarriesBytesIsInvalidArgument() throws IOException {
        client.request(1, RO, call("Join", Empty.getDefaultInstance()));
        client.data(1, NO_DATA, StringValue.of("hidden"));
        Response response = client.readResponse(1);
        assertStatus(Status.Code.INVALID_ARGUMENT, response);
        assertTrue(response.getStatus().getMessage().contains("no data"), response.getStatus().getMessage());
    }

    @Test
    void anOversizedDataFrameFailsItsStreamWithResourceExhaustedAndTheConnectionSurvives() throws IOException {
        client.request(1, RO, call("Join", Empty.getDefaultInstance()));
        client.writeRaw(Frame.MAX_PAYLOAD + 1, 1, MessageType.DATA.code, 0);
        assertStatus(Status.Code.RESOURCE_EXHAUSTED, client.readResponse(1));
        client.data(1, RC | NO_DATA);
        assertStatus(Status.Code.INVALID_ARGUMENT, client.readResponse(1));

        client.request(3, RC, call("Count", Int32Value.of(1)));
        assertData("1", client.expect(MessageType.DATA, 3, 0));
        client.expect(MessageType.DATA, 3, RC | NO_DATA);
    }

    @Test
    void aStreamThatOutlivesItsCallersDeadlineEndsWithDeadlineExceeded() throws Exception {
        client.request(1, RO, call("Wait", Empty.getDefaultInstance()).toBuilder()
                .setTimeoutNano(Duration.ofMillis(20).toNanos()).build());
        assertStatus(Status.Code.DEADLINE_EXCEEDED, client.readResponse(1));
        waitEnded.await();
        assertEquals(Status.Code.DEADLINE_EXCEEDED, waitFailure.get().getCode());
    }

    @Test
    void closingTheConnectionEndsTheHandlersOfItsOpenStreams() throws Exception {
        client.request(1, RO, call("Wait", Empty.getDefaultInstance()));
        waiting.await();
        client.close();
        waitEnded.await();
        assertEquals(Status.Code.CANCELLED, waitFailure.get().getCode());
    }

    /** Says the input has ended, holds on until interrupted, then tries to send once more. */
    private void holdThenSendOnce(StreamSender responses) {
        inputEnded.countDown();
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            gateInterrupted.countDown();
        }
        try {
            responses.send(StringValue.of("too late"));
        } catch (StatusException e) {
            lateSend.set(e.getStatus());
        } finally {
            gateDone.countDown();
        }
    }

    /** Waits for a message that never comes; records how the wait ended. */
    private void waitForInput(StreamReceiver<StringValue> requests, StreamSender responses,
                              Map<String, List<String>> metadata) throws StatusException {
        waiting.countDown();
        try {
            requests.receive();
        } catch (StatusException e) {
            waitFailure.set(e.getStatus());
            throw e;
        } finally {
            waitEnded.countDown();
        }
    }

    private static Request call(String method, Message payload) {
        return Request.newBuilder().setService(SERVICE).setMethod(method).setPayload(payload.toByteString()).build();
    }

    private static void assertData(String expected, Frame frame) throws IOException {
        assertEquals(expected, StringValue.parseFrom(frame.payload()).getValue());
    }

    private static void assertOk(String expected, Response response) throws IOException {
        assertStatus(Status.Code.OK, response);
        assertEquals(expected, StringValue.parseFrom(response.getPayload()).getValue());
    }

    private static void assertStatus(Status.Code code, Response response) {
        assertEquals(code.value(), response.getStatus().getCode(), response.getStatus().getMessage());
    }
}

package io.berth.grpc.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Constants;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2FrameWriter;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Flags;
import io.netty.handler.codec.http2.Http2FrameTypes;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;

/** The server's HTTP/2 side, through grpc-java's client: streams, flow control, deadlines, cancellation, metadata. */
class GrpcTransportTest {
    private static final int MAX_MESSAGE = 1 << 20;
    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };
    private static final Metadata.Key<String> ASCII = Metadata.Key.of("x-ascii", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<byte[]> BINARY = Metadata.Key.of("x-bin", Metadata.BINARY_BYTE_MARSHALLER);

    private static MethodDescriptor<byte[], byte[]> method(String name, MethodDescriptor.MethodType type) {
        return MethodDescriptor.<byte[], byte[]>newBuilder().setType(type)
                .setFullMethodName(MethodDescriptor.generateFullMethodName("test.Transport", name))
                .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();
    }

    private static final MethodDescriptor<byte[], byte[]> WAIT = method("Wait", MethodDescriptor.MethodType.UNARY);
    private static final MethodDescriptor<byte[], byte[]> FLOOD =
            method("Flood", MethodDescriptor.MethodType.SERVER_STREAMING);
    private static final MethodDescriptor<byte[], byte[]> SUM =
            method("Sum", MethodDescriptor.MethodType.CLIENT_STREAMING);
    private static final MethodDescriptor<byte[], byte[]> ECHO = method("Echo", MethodDescriptor.MethodType.BIDI_STREAMING);
    private static final MethodDescriptor<byte[], byte[]> HEADERS = method("Headers", MethodDescriptor.MethodType.UNARY);
    private static final MethodDescriptor<byte[], byte[]> ECHO_ONE = method("EchoOne", MethodDescriptor.MethodType.UNARY);

    /** Messages of 64 KiB the flooding method sends, as fast as the client lets it. */
    private static final int FLOOD_MESSAGES = 200;

    @TempDir
    Path dir;

    private GrpcServer server;
    private EventLoopGroup clientLoop;
    private ManagedChannel channel;
    private final List<String> logLines = Loggers.lines();
    private final BlockingQueue<String> seen = new LinkedBlockingQueue<>();
    private final AtomicInteger flooded = new AtomicInteger();
    private final CountDownLatch waitStarted = new CountDownLatch(1);
    private volatile CountDownLatch waitRelease = new CountDownLatch(1);

    private ServerServiceDefinition service() {
        return ServerServiceDefinition.builder("test.Transport")
                .addMethod(WAIT, ServerCalls.asyncUnaryCall((request, response) -> {
                    Context context = Context.current();
                    seen.add(context.getDeadline() == null ? "no deadline"
                            : "deadline within " + (context.getDeadline().timeRemaining(TimeUnit.MILLISECONDS) <= 300));
                    context.addListener(c -> seen.add("context " + c.cancellationCause().getClass().getSimpleName()),
                            Runnable::run);
                    ((ServerCallStreamObserver<byte[]>) response).setOnCancelHandler(() -> seen.add("cancelled"));
                    waitStarted.countDown();
                    try {
                        if (waitRelease.await(30, TimeUnit.SECONDS)) {
                            response.onNext(request);
                            response.onCompleted();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }))
                .addMethod(FLOOD, ServerCalls.asyncServerStreamingCall((request, response) -> {
                    ServerCallStreamObserver<byte[]> call = (ServerCallStreamObserver<byte[]>) response;
                    call.setOnCancelHandler(() -> seen.add("cancelled"));
                    call.setOnReadyHandler(() -> {
                        while (call.isReady() && flooded.get() < FLOOD_MESSAGES) {
                            byte[] message = new byte[64 << 10];
                            Arrays.fill(message, (byte) flooded.get());
                            call.onNext(message);
                            if (flooded.incrementAndGet() == FLOOD_MESSAGES) {
                                call.onCompleted();
                            }
                        }
                    });
                }))
                .addMethod(SUM, ServerCalls.asyncClientStreamingCall(response -> new StreamObserver<>() {
                    private long bytes;
                    private long weighted;

                    @Override
                    public void onNext(byte[] value) {
                        for (byte b : value) {
                            weighted = weighted * 31 + b;
                        }
                        bytes += value.length;
                    }

                    @Override
                    public void onError(Throwable t) {
                    }

                    @Override
                    public void onCompleted() {
                        response.onNext((bytes + ":" + weighted).getBytes());
                        response.onCompleted();
                    }
                }))
                .addMethod(ECHO, ServerCalls.asyncBidiStreamingCall(response -> new StreamObserver<>() {
                    @Override
                    public void onNext(byte[] value) {
                        response.onNext(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                    }

                    @Override
                    public void onCompleted() {
                        response.onCompleted();
                    }
                }))
                .addMethod(ECHO_ONE, ServerCalls.asyncUnaryCall((request, response) -> {
                    response.onNext(request);
                    response.onCompleted();
                }))
                .addMethod(HEADERS, (call, headers) -> {
                    Metadata back = new Metadata();
                    if (headers.containsKey(ASCII)) {
                        back.put(ASCII, headers.get(ASCII));
                        back.put(BINARY, headers.get(BINARY));
                    }
                    call.sendHeaders(back);
                    call.request(1);
                    return new io.grpc.ServerCall.Listener<>() {
                        @Override
                        public void onHalfClose() {
                            Metadata trailers = new Metadata();
                            trailers.put(BINARY, new byte[] {(byte) 0xff, 0, 10});
                            call.close(Status.FAILED_PRECONDITION.withDescription("ünïcode and 100%"), trailers);
                        }
                    };
                })
                .build();
    }

    @BeforeEach
    void start() throws IOException {
        Path socket = dir.resolve("run/berth.sock");
        server = new GrpcServer(Loggers.recording(logLines, true), TestConfigs.serving(socket, MAX_MESSAGE));
        server.addService(this::service, Map.of(Constants.SERVICE_ID, 1L));
        server.start();
        clientLoop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        channel = NettyChannelBuilder.forAddress(UnixDomainSocketAddress.of(socket))
                .channelType(NioDomainSocketChannel.class).eventLoopGroup(clientLoop)
                .usePlaintext().overrideAuthority("localhost").build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        waitRelease.countDown();
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        clientLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        server.stop();
    }

    @Test
    void aDeadlineEndsTheCallForBothSides() throws InterruptedException {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> ClientCalls.blockingUnaryCall(
                channel, WAIT, CallOptions.DEFAULT.withDeadlineAfter(300, TimeUnit.MILLISECONDS), new byte[] {1}));
        assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode());
        assertEquals("deadline within true", seen.poll(10, TimeUnit.SECONDS), "the service's context has the deadline");
        // The server's timer or the client's reset, whichever comes first, ends it.
        String ended = seen.poll(10, TimeUnit.SECONDS);
        assertTrue("context TimeoutException".equals(ended) || "context StatusException".equals(ended),
                "the service's context ends when its deadline passes, while the service is busy: " + ended);
        waitRelease.countDown();
        assertEquals("cancelled", seen.poll(10, TimeUnit.SECONDS), "and the service hears the call is cancelled");
    }

    @Test
    void aClientThatGoesAwayCancelsItsCall() throws InterruptedException {
        ClientCall<byte[], byte[]> call = channel.newCall(WAIT, CallOptions.DEFAULT);
        call.start(new ClientCall.Listener<>() {
        }, new Metadata());
        call.sendMessage(new byte[] {1});
        call.halfClose();
        call.request(1);
        assertTrue(waitStarted.await(10, TimeUnit.SECONDS));
        assertEquals("no deadline", seen.poll(10, TimeUnit.SECONDS));
        call.cancel("the client gives up", null);
        assertEquals("context StatusException", seen.poll(10, TimeUnit.SECONDS),
                "the service's context ends at once, while the service is busy");
        waitRelease.countDown();
        assertEquals("cancelled", seen.poll(10, TimeUnit.SECONDS), "and the service hears the call is cancelled");
    }

    @Test
    void aStreamWaitsForASlowClientAndLosesNothing() throws Exception {
        BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
        CompletableFuture<Status> closed = new CompletableFuture<>();
        ClientCall<byte[], byte[]> call = channel.newCall(FLOOD, CallOptions.DEFAULT);
        call.start(new ClientCall.Listener<>() {
            @Override
            public void onMessage(byte[] message) {
                received.add(message);
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
                closed.complete(status);
            }
        }, new Metadata());
        call.sendMessage(new byte[0]);
        call.halfClose();
        // The client asks for nothing yet: the server may send what the windows and buffers hold, then waits.
        int before;
        do {
            before = flooded.get();
            Thread.sleep(300);
        } while (flooded.get() != before);
        assertTrue(before < FLOOD_MESSAGES / 2, before + " of " + FLOOD_MESSAGES + " messages sent to a client that read none");
        call.request(FLOOD_MESSAGES);
        assertEquals(Status.Code.OK, closed.get(30, TimeUnit.SECONDS).getCode());
        assertEquals(FLOOD_MESSAGES, received.size());
        for (int i = 0; i < FLOOD_MESSAGES; i++) {
            byte[] message = received.take();
            assertEquals(64 << 10, message.length);
            assertEquals((byte) i, message[message.length - 1], "message " + i + " in its place");
        }
    }

    @Test
    void aClientStreamLargerThanTheWindowsArrivesWhole() {
        List<byte[]> parts = new ArrayList<>();
        long bytes = 0;
        long weighted = 0;
        for (int i = 0; i < 40; i++) {
            byte[] part = new byte[i % 2 == 0 ? 100 << 10 : MAX_MESSAGE - 64];
            Arrays.fill(part, (byte) (i * 7));
            parts.add(part);
            for (byte b : part) {
                weighted = weighted * 31 + b;
            }
            bytes += part.length;
        }
        CompletableFuture<byte[]> answer = new CompletableFuture<>();
        StreamObserver<byte[]> requests = io.grpc.stub.ClientCalls.asyncClientStreamingCall(
                channel.newCall(SUM, CallOptions.DEFAULT), new StreamObserver<>() {
                    @Override
                    public void onNext(byte[] value) {
                        answer.complete(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                        answer.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
        parts.forEach(requests::onNext);
        requests.onCompleted();
        assertEquals(bytes + ":" + weighted, new String(answer.join()));
    }

    @Test
    void bothSidesStreamingKeepOrder() throws Exception {
        BlockingQueue<byte[]> echoed = new LinkedBlockingQueue<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        StreamObserver<byte[]> requests = ClientCalls.asyncBidiStreamingCall(channel.newCall(ECHO, CallOptions.DEFAULT),
                new StreamObserver<>() {
                    @Override
                    public void onNext(byte[] value) {
                        echoed.add(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                        done.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        done.complete(null);
                    }
                });
        for (int i = 0; i < 1000; i++) {
            requests.onNext(Integer.toString(i).getBytes());
        }
        requests.onCompleted();
        done.get(30, TimeUnit.SECONDS);
        for (int i = 0; i < 1000; i++) {
            assertEquals(Integer.toString(i), new String(echoed.take()));
        }
    }

    @Test
    void aCompressedMessageIsRefusedWithAReason() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> ClientCalls.blockingUnaryCall(
                channel, HEADERS, CallOptions.DEFAULT.withCompression("gzip"), new byte[100]));
        assertEquals(Status.Code.INTERNAL, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("compress"), e.getStatus().toString());
    }

    @Test
    void metadataAndAStatusWithTrailersTravelBothWays() throws Exception {
        CompletableFuture<Metadata> headers = new CompletableFuture<>();
        CompletableFuture<Map.Entry<Status, Metadata>> closed = new CompletableFuture<>();
        ClientCall<byte[], byte[]> call = channel.newCall(HEADERS, CallOptions.DEFAULT);
        Metadata sent = new Metadata();
        sent.put(ASCII, "plain text");
        sent.put(BINARY, new byte[] {0, 1, 2, (byte) 0x80, (byte) 0xff});
        call.start(new ClientCall.Listener<>() {
            @Override
            public void onHeaders(Metadata received) {
                headers.complete(received);
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
                closed.complete(Map.entry(status, trailers));
            }
        }, sent);
        call.sendMessage(new byte[] {1});
        call.halfClose();
        call.request(1);
        assertEquals("plain text", headers.get(10, TimeUnit.SECONDS).get(ASCII));
        assertArrayEquals(new byte[] {0, 1, 2, (byte) 0x80, (byte) 0xff}, headers.get().get(BINARY));
        Map.Entry<Status, Metadata> end = closed.get(10, TimeUnit.SECONDS);
        assertEquals(Status.Code.FAILED_PRECONDITION, end.getKey().getCode());
        assertEquals("ünïcode and 100%", end.getKey().getDescription());
        assertArrayEquals(new byte[] {(byte) 0xff, 0, 10}, end.getValue().get(BINARY));
    }

    @Test
    void stoppingLetsARunningCallFinish() throws Exception {
        CompletableFuture<byte[]> answer = CompletableFuture.supplyAsync(
                () -> ClientCalls.blockingUnaryCall(channel, WAIT, CallOptions.DEFAULT, new byte[] {42}));
        assertTrue(waitStarted.await(10, TimeUnit.SECONDS));
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(server::stop);
        assertThrows(TimeoutException.class, () -> stopped.get(300, TimeUnit.MILLISECONDS),
                "the server waits for its running call");
        waitRelease.countDown();
        assertArrayEquals(new byte[] {42}, answer.get(10, TimeUnit.SECONDS));
        stopped.get(10, TimeUnit.SECONDS);
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> ClientCalls.blockingUnaryCall(channel, HEADERS, CallOptions.DEFAULT, new byte[0]));
        assertInstanceOf(StatusRuntimeException.class, e);
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
    }

    @Test
    void aClientThatFloodsTheServerWithResetsIsCutOffAndOthersAreServed() throws Exception {
        // The "rapid reset" attack: streams opened and reset at once, each costing the server a call.
        Http2Headers request = new DefaultHttp2Headers().method("POST").scheme("http").authority("localhost")
                .path("/test.Transport/Headers").set("content-type", "application/grpc");
        ByteBuffer out = clientBytes((writer, context) -> {
            for (int stream = 1; stream < 2_000; stream += 2) {
                writer.writeHeaders(context, stream, request, 0, false, context.newPromise());
                writer.writeRstStream(context, stream, Http2Error.CANCEL.code(), context.newPromise());
            }
        });
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        try (SocketChannel raw = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            raw.connect(UnixDomainSocketAddress.of(dir.resolve("run/berth.sock")));
            ByteBuffer in = ByteBuffer.allocate(1 << 16);
            try {
                while (out.hasRemaining()) {
                    raw.write(out);
                }
            } catch (IOException closedWhileWriting) {
                // The server may close before the client has written all.
            }
            CompletableFuture<Void> closed = CompletableFuture.runAsync(() -> {
                try {
                    while (raw.read(in.clear()) >= 0) {
                        answer.write(in.array(), 0, in.position());
                    }
                } catch (IOException reset) {
                    // What was read before the reset is kept.
                }
            });
            assertTimeoutPreemptively(java.time.Duration.ofSeconds(30), () -> closed.join(),
                    "the server keeps serving a client that resets every stream it opens");
        }
        assertTrue(goAwayCodes(answer.toByteArray()).contains(Http2Error.ENHANCE_YOUR_CALM.code()),
                "the server says why it closes: " + goAwayCodes(answer.toByteArray()));
        assertArrayEquals(new byte[] {7}, ClientCalls.blockingUnaryCall(channel, ECHO_ONE, CallOptions.DEFAULT,
                new byte[] {7}));
    }

    @Test
    void aClientThatResetsItsConnectionIsNoCauseForWarning() throws Exception {
        // Netty's pipeline warns of every error that no handler took; a client gone is not one.
        java.util.logging.Logger pipelineLog =
                java.util.logging.Logger.getLogger("io.netty.channel.DefaultChannelPipeline");
        List<String> warnings = Loggers.lines();
        Handler recorder = new Handler() {
            @Override
            public void publish(LogRecord record) {
                warnings.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        pipelineLog.addHandler(recorder);
        try {
            try (SocketChannel raw = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                raw.connect(UnixDomainSocketAddress.of(dir.resolve("run/berth.sock")));
                ByteBuffer hello = clientBytes((writer, context) ->
                        writer.writePing(context, false, 42, context.newPromise()));
                while (hello.hasRemaining()) {
                    raw.write(hello);
                }
                // The server's answer to the ping is the last frame it sends. Closing with that frame's payload
                // unread resets the connection, as a client that exits at once does.
                ByteBuffer header = ByteBuffer.allocate(9);
                while (true) {
                    readFully(raw, header.clear());
                    if (header.get(3) == Http2FrameTypes.PING && (header.get(4) & Http2Flags.ACK) != 0) {
                        break;
                    }
                    readFully(raw, ByteBuffer.allocate(header.getInt(0) >>> 8));
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (logLines.stream().noneMatch(line -> line.startsWith("debug a client connection ended"))
                    && warnings.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } finally {
            pipelineLog.removeHandler(recorder);
        }
        assertEquals(List.of(), warnings);
        assertTrue(logLines.contains("debug a client connection ended: {}"), "logged for debugging: " + logLines);
    }

    /** What Netty's frame writer sends as a client: the connection preface, empty settings, then {@code frames}. */
    private static ByteBuffer clientBytes(ClientFrames frames) throws IOException {
        EmbeddedChannel channel = new EmbeddedChannel(new ChannelOutboundHandlerAdapter());
        ChannelHandlerContext context = channel.pipeline().firstContext();
        DefaultHttp2FrameWriter writer = new DefaultHttp2FrameWriter();
        channel.writeOutbound(Http2CodecUtil.connectionPrefaceBuf());
        writer.writeSettings(context, new Http2Settings(), context.newPromise());
        frames.write(writer, context);
        channel.flushOutbound();
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        for (ByteBuf frame; (frame = channel.readOutbound()) != null; frame.release()) {
            frame.readBytes(sent, frame.readableBytes());
        }
        return ByteBuffer.wrap(sent.toByteArray());
    }

    private interface ClientFrames {
        void write(DefaultHttp2FrameWriter writer, ChannelHandlerContext context);
    }

    private static void readFully(SocketChannel channel, ByteBuffer into) throws IOException {
        while (into.hasRemaining()) {
            if (channel.read(into) < 0) {
                throw new EOFException("the server closed the connection");
            }
        }
    }

    /** The error codes of the GOAWAY frames in what a server sent. */
    private static List<Long> goAwayCodes(byte[] received) {
        List<Long> codes = new ArrayList<>();
        ByteBuffer frames = ByteBuffer.wrap(received);
        while (frames.remaining() >= 9) {
            int length = (frames.get() & 0xff) << 16 | (frames.get() & 0xff) << 8 | frames.get() & 0xff;
            byte type = frames.get();
            frames.position(frames.position() + 5);
            if (frames.remaining() < length) {
                break;
            }
            if (type == Http2FrameTypes.GO_AWAY) {
                codes.add(frames.getInt(frames.position() + 4) & 0xffffffffL);
            }
            frames.position(frames.position() + length);
        }
        return codes;
    }
}

package io.berth.ttrpc;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;

import io.berth.proto.ttrpc.Request;
import io.berth.proto.ttrpc.Response;
import io.grpc.Status;
import io.grpc.StatusException;

/**
 * One ttrpc connection to a server on a Unix domain socket. Calls from many threads share the connection: each
 * gets its own stream, one writer thread sends every frame, and one reader thread hands every frame that comes back
 * to the call or stream it belongs to.
 */
public final class TtrpcClient implements AutoCloseable {
    private static final long LAST_STREAM_ID = 0xffff_ffffL;

    private final SocketChannel channel;
    private final Path socket;
    private final FrameWriter writer;
    private final BlockingQueue<Frame> outgoing = new LinkedBlockingQueue<>();
    private final Map<Integer, CompletableFuture<Response>> pending = new ConcurrentHashMap<>();
    private final Map<Integer, ClientStream<?>> streams = new ConcurrentHashMap<>();
    private final Object state = new Object();
    private final List<Runnable> closeListeners = new ArrayList<>();
    private long nextStreamId = 1;
    private boolean closed;
    private Thread writerThread;

    private TtrpcClient(SocketChannel channel, Path socket) {
        this.channel = channel;
        this.socket = socket;
        this.writer = new FrameWriter(channel);
    }

    /** Connects to the server listening on the socket. */
    public static TtrpcClient connect(Path socket) throws IOException {
        SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        TtrpcClient client = new TtrpcClient(channel, socket);
        synchronized (client.state) {
            client.writerThread = Thread.ofVirtual().name("ttrpc-client-writer " + socket)
                    .start(client::writeRequests);
        }
        Thread.ofVirtual().name("ttrpc-client-reader " + socket).start(client::readResponses);
        return client;
    }

    /**
     * Calls a method and waits for its result.
     *
     * @param timeout  how long to wait, also sent to the server; null waits for as long as it takes
     * @param metadata sent with the request; null sends none
     * @throws StatusException the call's status when it failed; UNAVAILABLE when the connection is gone or ends
     *                         before the response, DEADLINE_EXCEEDED when the timeout passes first, CANCELLED when
     *                         the calling thread is interrupted (its interrupt is kept)
     */
    public <R extends Message> R call(String service, String method, Message request, Parser<R> responseParser,
                                      Duration timeout, Map<String, List<String>> metadata) throws StatusException {
        byte[] payload = envelope(service, method, request.toByteString(), timeout, metadata);
        CompletableFuture<Response> answer = new CompletableFuture<>();
        int streamId = send(payload, answer);
        try {
            Response response = await(answer, timeout, service, method);
            if (response.hasStatus() && response.getStatus().getCode() != Status.Code.OK.value()) {
                throw Statuses.toException(response.getStatus());
            }
            return responseParser.parseFrom(response.getPayload());
        } catch (InvalidProtocolBufferException e) {
            throw Status.INTERNAL.withDescription("cannot decode the response of " + service + "/" + method
                    + ": " + e.getMessage()).asException();
        } finally {
            pending.remove(streamId);
        }
    }

    /**
     * Calls a server-streaming method: the request is the only message this side sends, so the stream's sending end
     * is closed from the start. Timeout and metadata are as for {@link #call}; the timeout covers the whole stream.
     *
     * @throws StatusException the stream could not be opened: UNAVAILABLE, RESOURCE_EXHAUSTED or CANCELLED as for
     *                         {@link #call}
     */
    public <R extends Message> ClientStream<R> stream(String service, String method, Message request,
                                                      Parser<R> responseParser, Duration timeout,
                                                      Map<String, List<String>> metadata) throws StatusException {
        return open(service, method, request.toByteString(), Frame.REMOTE_CLOSED, responseParser, timeout,
                metadata);
    }

    /**
     * Opens a stream on which this side sends messages: for client-streaming and bidirectional methods. Timeout and
     * metadata are as for {@link #call}; the timeout covers the whole stream.
     *
     * @throws StatusException the stream could not be opened: UNAVAILABLE or CANCELLED as for {@link #call}
     */
    public <R extends Message> ClientStream<R> stream(String service, String method, Parser<R> responseParser,
                                                      Duration timeout, Map<String, List<String>> metadata)
            throws StatusException {
        return open(service, method, ByteString.EMPTY, Frame.REMOTE_OPEN, responseParser, timeout, metadata);
    }

    /** Runs the listener once when the connection ends, from either side; at once if it already has. */
    public void onClose(Runnable listener) {
        synchronized (state) {
            if (!closed) {
                closeListeners.add(listener);
                return;
            }
        }
        listener.run();
    }

    public boolean isOpen() {
        synchronized (state) {
            return !closed;
        }
    }

    /** Ends the connection; calls still waiting and open streams fail with UNAVAILABLE. */
    @Override
    public void close() {
        shutDown(Status.UNAVAILABLE.withDescription("ttrpc client closed"));
    }

    /** The encoded request frame's payload, refused when the caller is interrupted or it is too large to send. */
    private static byte[] envelope(String service, String method, ByteString request, Duration timeout,
                                   Map<String, List<String>> metadata) throws StatusException {
        if (Thread.currentThread().isInterrupted()) {
            throw Status.CANCELLED.withDescription(service + "/" + method
                    + " not started: the caller is interrupted").asException();
        }
        Request.Builder envelope = Request.newBuilder()
                .setService(service)
                .setMethod(method)
                .setPayload(request)
                .addAllMetadata(CallMetadata.toWire(metadata));
        if (timeout != null) {
            envelope.setTimeoutNano(saturatedNanos(timeout));
        }
        return Frame.checkedPayload(envelope.build().toByteArray(), "request");
    }

    /**
     * Registers the call and queues its request. Stream ids are taken in queue order, so they reach the server
     * increasing, as it demands. The caller never writes to the socket itself: an interrupt of a calling thread
     * would close the channel, and with it every other call.
     */
    private int send(byte[] payload, CompletableFuture<Response> answer) throws StatusException {
        synchronized (state) {
            int streamId = takeStreamId();
            pending.put(streamId, answer);
            outgoing.add(new Frame(streamId, MessageType.REQUEST, 0, payload));
            return streamId;
        }
    }

    /** Registers a stream and queues its request, as {@link #send} does for a unary call. */
    private <R extends Message> ClientStream<R> open(String service, String method, ByteString request, int flags,
                                                     Parser<R> responseParser, Duration timeout,
                                                     Map<String, List<String>> metadata) throws StatusException {
        byte[] payload = envelope(service, method, request, timeout, metadata);
        synchronized (state) {
            int streamId = takeStreamId();
            ClientStream<R> stream = new ClientStream<>(this, streamId, service + "/" + method, responseParser,
                    timeout, flags == Frame.REMOTE_CLOSED);
            streams.put(streamId, stream);
            outgoing.add(new Frame(streamId, MessageType.REQUEST, flags, payload));
            return stream;
        }
    }

    /** Queues a stream's DATA frame behind everything queued before it. */
    void enqueue(Frame data) throws StatusException {
        synchronized (state) {
            if (closed) {
                throw unavailable();
            }
            outgoing.add(data);
        }
    }

    /** Drops a stream that has ended: frames the server still sends on it are ignored. */
    void forget(int streamId) {
        streams.remove(streamId);
    }

    /** The next stream id; the caller holds the state lock. */
    private int takeStreamId() throws StatusException {
        if (closed) {
            throw unavailable();
        }
        if (nextStreamId > LAST_STREAM_ID) {
            throw Status.UNAVAILABLE.withDescription("ttrpc connection to " + socket
                    + " has used up its stream ids").asException();
        }
        int streamId = (int) nextStreamId;
        nextStreamId += 2;
        return streamId;
    }

    private void writeRequests() {
        try {
            while (true) {
                Frame frame = outgoing.take();
                writer.write(frame);
                if (frame.type() == MessageType.DATA) {
                    ClientStream<?> stream = streams.get(frame.streamId());
                    if (stream != null) {
                        stream.written();
                    }
                }
            }
        } catch (InterruptedException e) {
            // Closing: the connection is shut down already.
        } catch (IOException e) {
            shutDown(Status.UNAVAILABLE.withDescription("ttrpc connection to " + socket + " failed: "
                    + e.getMessage()));
        }
    }

    private static Response await(CompletableFuture<Response> answer, Duration timeout, String service,
                                  String method) throws StatusException {
        try {
            return timeout == null ? answer.get() : answer.get(saturatedNanos(timeout), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw Status.DEADLINE_EXCEEDED.withDescription(service + "/" + method + " did not answer within "
                    + timeout).asException();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Status.CANCELLED.withDescription(service + "/" + method + " interrupted").asException();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StatusException failure) {
                throw failure;
            }
            throw Status.INTERNAL.withCause(e.getCause()).asException();
        }
    }

    private void readResponses() {
        FrameReader reader = new FrameReader(channel);
        Status end = Status.UNAVAILABLE.withDescription("ttrpc server at " + socket + " closed the connection");
        try {
            while (true) {
                try {
                    Frame frame = reader.read();
                    if (frame == null) {
                        break;
                    }
                    deliver(frame);
                } catch (RejectedFrameException e) {
                    fail(e.streamId(), e.status());
                }
            }
        } catch (IOException e) {
            if (isOpen()) {
                end = Status.UNAVAILABLE.withDescription("ttrpc connection to " + socket + " failed: "
                        + e.getMessage());
            }
        }
        shutDown(end);
    }

    /**
     * Completes the unary call waiting on the frame's stream, or hands the frame to the open stream; frames for
     * streams nobody waits on are dropped.
     */
    private void deliver(Frame frame) {
        CompletableFuture<Response> answer = pending.remove(frame.streamId());
        if (answer != null) {
            complete(answer, frame);
            return;
        }
        ClientStream<?> stream = streams.get(frame.streamId());
        if (stream != null) {
            stream.accept(frame);
        }
    }

    /** A unary call ends with its response; a DATA frame means the server serves the method as a stream. */
    private static void complete(CompletableFuture<Response> answer, Frame frame) {
        if (frame.type() != MessageType.RESPONSE) {
            answer.completeExceptionally(Status.INTERNAL.withDescription("a unary call received a "
                    + frame.type() + " frame instead of a response").asException());
            return;
        }
        try {
            answer.complete(Response.parseFrom(frame.payload()));
        } catch (InvalidProtocolBufferException e) {
            answer.completeExceptionally(Status.INTERNAL
                    .withDescription("cannot decode a ttrpc response: " + e.getMessage()).asException());
        }
    }

    private void fail(int streamId, Status status) {
        CompletableFuture<Response> answer = pending.remove(streamId);
        if (answer != null) {
            answer.completeExceptionally(status.asException());
            return;
        }
        ClientStream<?> stream = streams.get(streamId);
        if (stream != null) {
            stream.stop(status);
        }
    }

    /** Ends the connection once: no call can register after this, and every waiting call fails. */
    private void shutDown(Status reason) {
        List<Runnable> listeners;
        synchronized (state) {
            if (closed) {
                return;
            }
            closed = true;
            listeners = List.copyOf(closeListeners);
            closeListeners.clear();
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closing is best effort: the connection is of no further use either way.
        }
        writerThread.interrupt();
        outgoing.clear();
        pending.values().forEach(answer -> answer.completeExceptionally(reason.asException()));
        pending.clear();
        streams.values().forEach(stream -> stream.connectionEnded(reason));
        streams.clear();
        runAll(listeners);
    }

    /** Runs every listener even when one fails; the first failure is rethrown after the rest ran. */
    private static void runAll(List<Runnable> listeners) {
        RuntimeException failure = null;
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private StatusException unavailable() {
        return Status.UNAVAILABLE.withDescription("ttrpc connection to " + socket + " is closed").asException();
    }

    static long saturatedNanos(Duration duration) {
        try {
            return Math.max(1, duration.toNanos());
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}

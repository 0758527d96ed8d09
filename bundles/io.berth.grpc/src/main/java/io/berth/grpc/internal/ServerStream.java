package io.berth.grpc.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntFunction;

import io.grpc.Context;
import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Stream;

/**
 * One call on one HTTP/2 stream: the {@link ServerCall} a service answers through. Frames arrive on the
 * connection's event loop; the service's callbacks run one at a time on the call's executor; what the service sends
 * goes back to the event loop in the order it was sent, one hand-over for all that is sent in a row.
 */
final class ServerStream<Q, R> extends ServerCall<Q, R> {
    /** Bytes handed to the connection and not yet on the socket above which the call is no longer ready. */
    private static final int READY_THRESHOLD = 32 * 1024;
    /** A message's prefix: a compression flag and its length. */
    private static final int PREFIX = 5;

    private final GrpcConnection connection;
    private final EventLoop eventLoop;
    private final Http2Stream stream;
    private final MethodDescriptor<Q, R> method;
    private final String authority;
    private final int maxInboundMessageSize;
    private final SerialExecutor callbacks;
    private final Context.CancellableContext context;
    /** Set by the first callback; every later one runs after it, on the same serial executor. */
    private Listener<Q> listener;

    /** The request's messages, whole and not yet asked for, and the bytes of the next one; guarded by itself. */
    private final Queue<ByteBuf> messages = new ArrayDeque<>();
    /**
     * The next message's prefix as far as it has come; then, when the message spans frames, its bytes as slices of
     * the DATA frames they came in.
     */
    private final byte[] prefix = new byte[PREFIX];
    private int prefixRead;
    private CompositeByteBuf body;
    private int bodyMissing;
    private int requested;
    private int unreturnedBytes;
    private boolean endOfInput;
    private boolean halfClosed;
    /** Whether the request broke gRPC's framing: nothing more of it is read or handed over. */
    private boolean malformed;

    /**
     * Whether the service answers with one message, as a unary call does: its headers and reply then wait on the
     * service's thread and go to the event loop with its trailers, in one hand-over instead of three.
     */
    private final boolean oneReply;
    private Metadata heldHeaders;
    private ByteBuf heldReply;

    /** What the service sends, in the order it sends it, on the event loop: at once when sent from there. */
    private final SerialExecutor outbound;
    private final AtomicInteger queuedBytes = new AtomicInteger();
    /** Event loop only: whether the response's headers went out, and whether the stream takes no more. */
    private boolean headersSent;
    private boolean finished;
    private boolean flushNeeded;
    private volatile boolean closeCalled;
    private volatile boolean cancelled;

    ServerStream(GrpcConnection connection, Http2Stream stream, MethodDescriptor<Q, R> method, String authority,
                 Executor executor, int maxInboundMessageSize, long timeoutNanos) {
        this.connection = connection;
        this.eventLoop = connection.eventLoop();
        this.stream = stream;
        this.method = method;
        this.authority = authority;
        this.maxInboundMessageSize = maxInboundMessageSize;
        this.callbacks = new SerialExecutor(executor);
        this.outbound = new SerialExecutor(task -> {
            if (eventLoop.inEventLoop()) {
                task.run();
            } else {
                eventLoop.execute(task);
            }
        });
        this.oneReply = method.getType().serverSendsOneMessage();
        if (timeoutNanos < 0) {
            context = Context.ROOT.withCancellation();
        } else {
            context = Context.ROOT.withDeadlineAfter(timeoutNanos, TimeUnit.NANOSECONDS, eventLoop);
            context.addListener(ended -> {
                if (ended.cancellationCause() instanceof TimeoutException) {
                    onEventLoop(this::deadlineExceeded);
                }
            }, Runnable::run);
        }
    }

    /** Starts the call: the service sees it on its executor, then hears that it may send. */
    void start(ServerCallHandler<Q, R> handler, Metadata headers) {
        callbacks.execute(() -> {
            Context previous = context.attach();
            try {
                listener = handler.startCall(this, headers);
            } catch (Throwable t) {
                failed(t);
            } finally {
                context.detach(previous);
            }
        });
        callbacks.execute(() -> callback(Listener::onReady));
    }

    // Inbound, from the event loop.

    /** A DATA frame's bytes, and whether the client is done sending. */
    void inbound(ByteBuf data, boolean endOfStream) {
        Status refused;
        synchronized (messages) {
            if (cancelled || malformed) {
                return;
            }
            unreturnedBytes += data.readableBytes();
            refused = data.isReadable() ? splitMessages(data) : null;
            malformed = refused != null;
            endOfInput |= endOfStream;
            if (refused == null) {
                refused = deliver();
            }
        }
        callbacks.schedule();
        if (refused != null) {
            fail(refused);
        }
    }

    /** Cuts the bytes into messages, without copying them, and queues every message they complete. */
    private Status splitMessages(ByteBuf data) {
        while (data.isReadable()) {
            if (body == null) {
                int read = Math.min(PREFIX - prefixRead, data.readableBytes());
                data.readBytes(prefix, prefixRead, read);
                prefixRead += read;
                if (prefixRead < PREFIX) {
                    break;
                }
                prefixRead = 0;
                if ((prefix[0] & 1) != 0) {
                    return Status.INTERNAL.withDescription(
                            "Can't decode compressed gRPC message as compression not configured");
                }
                int length = (prefix[1] & 0xff) << 24 | (prefix[2] & 0xff) << 16 | (prefix[3] & 0xff) << 8
                        | prefix[4] & 0xff;
                if (length < 0 || length > maxInboundMessageSize) {
                    return Status.RESOURCE_EXHAUSTED.withDescription(String.format(
                            "gRPC message exceeds maximum size %d: %d", maxInboundMessageSize,
                            length & 0xffffffffL));
                }
                if (data.readableBytes() >= length) {
                    // The whole message is in this frame, as a small one mostly is: a slice of it is enough.
                    messages.add(data.readRetainedSlice(length));
                    continue;
                }
                body = data.alloc().compositeBuffer(Integer.MAX_VALUE);
                bodyMissing = length;
            }
            int taken = Math.min(bodyMissing, data.readableBytes());
            if (taken > 0) {
                body.addComponent(true, data.readRetainedSlice(taken));
                bodyMissing -= taken;
            }
            if (bodyMissing == 0) {
                messages.add(body);
                body = null;
            }
        }
        return null;
    }

    /**
     * Queues for the service the messages it asked for, and gives the client its window back once all are handed
     * over. The caller holds the lock on the messages and has the queued callbacks run once it lets go.
     *
     * @return why the call must end: the request ended inside a message; null when it goes on
     */
    private Status deliver() {
        if (malformed) {
            return null;
        }
        while (requested > 0 && !messages.isEmpty()) {
            requested--;
            ByteBuf message = messages.poll();
            callbacks.enqueue(() -> hand(message));
        }
        if (!messages.isEmpty()) {
            return null;
        }
        // Once the client has sent all it will, the stream's window no longer matters (the connection's came back).
        if (unreturnedBytes > 0 && !endOfInput) {
            int bytes = unreturnedBytes;
            unreturnedBytes = 0;
            onEventLoop(() -> connection.consume(stream, bytes));
        }
        if (endOfInput && !halfClosed) {
            halfClosed = true;
            if (prefixRead > 0 || body != null) {
                malformed = true;
                return Status.INTERNAL.withDescription("Encountered end-of-stream mid-frame");
            }
            callbacks.enqueue(() -> callback(Listener::onHalfClose));
        }
        return null;
    }

    /** The stream ended: by the client's reset, the connection's end, or after the call's own trailers. */
    void transportClosed() {
        if (!finished) {
            cancel(Status.CANCELLED.withDescription("the client cancelled the call"));
        }
    }

    private void deadlineExceeded() {
        if (!finished) {
            // Finished first, so that the stream's closing by the reset does not cancel the call a second time.
            cancel(Status.DEADLINE_EXCEEDED);
            connection.reset(stream, Http2Error.CANCEL);
            flushNeeded = true;
        }
    }

    private void cancel(Status reason) {
        finished = true;
        cancelled = true;
        synchronized (messages) {
            messages.forEach(ByteBuf::release);
            messages.clear();
            if (body != null) {
                body.release();
                body = null;
            }
        }
        // The context ends at once, so that a service busy in a callback can see it; onCancel waits its turn.
        context.cancel(reason.asException());
        callbacks.execute(() -> callback(Listener::onCancel));
    }

    /** Ends the call with a status of the transport's making, stops the client, and tells the service. */
    private void fail(Status status) {
        onEventLoop(() -> {
            if (!finished) {
                cancel(status);
                connection.writeHeaders(stream, GrpcHeaders.trailers(status, new Metadata(), headersSent), true);
                connection.reset(stream, Http2Error.CANCEL);
                flushNeeded = true;
            }
        });
    }

    // The service's side, from any thread.

    @Override
    public void request(int numMessages) {
        Status refused = null;
        synchronized (messages) {
            requested = (int) Math.min(Integer.MAX_VALUE, (long) requested + numMessages);
            if (!cancelled) {
                refused = deliver();
            }
        }
        callbacks.schedule();
        if (refused != null) {
            fail(refused);
        }
    }

    @Override
    public void sendHeaders(Metadata headers) {
        if (oneReply) {
            heldHeaders = headers;
            return;
        }
        onEventLoop(() -> {
            if (!finished && !headersSent) {
                writeHeaders(headers);
            }
        });
    }

    @Override
    public void sendMessage(R message) {
        if (oneReply) {
            heldReply = frame(message, Unpooled::buffer);
            return;
        }
        ByteBuf framed = frame(message, connection.context().alloc()::buffer);
        int size = framed.readableBytes();
        queuedBytes.addAndGet(size);
        onEventLoop(() -> {
            if (finished) {
                framed.release();
                return;
            }
            if (!headersSent) {
                writeHeaders(new Metadata());
            }
            ChannelFuture written = connection.writeData(stream, framed);
            written.addListener(f -> written(size));
            flushNeeded = true;
        });
    }

    private void writeHeaders(Metadata headers) {
        headersSent = true;
        connection.writeHeaders(stream, GrpcHeaders.responseHeaders(headers), false);
        flushNeeded = true;
    }

    private ByteBuf frame(R message, IntFunction<ByteBuf> allocator) {
        try (InputStream in = method.streamResponse(message)) {
            if (in instanceof KnownLength known && in instanceof Drainable drainable) {
                int length = known.available();
                ByteBuf framed = allocator.apply(PREFIX + length);
                framed.writeByte(0).writeInt(length);
                try (ByteBufOutputStream out = new ByteBufOutputStream(framed)) {
                    drainable.drainTo(out);
                }
                return framed;
            }
            byte[] bytes = in.readAllBytes();
            return allocator.apply(PREFIX + bytes.length).writeByte(0).writeInt(bytes.length).writeBytes(bytes);
        } catch (IOException e) {
            throw Status.INTERNAL.withDescription("cannot serialize the response: " + e.getMessage())
                    .withCause(e).asRuntimeException();
        }
    }

    private void written(int size) {
        int queued = queuedBytes.addAndGet(-size);
        if (queued < READY_THRESHOLD && queued + size >= READY_THRESHOLD && !closeCalled) {
            callbacks.execute(() -> callback(Listener::onReady));
        }
    }

    @Override
    public void close(Status status, Metadata trailers) {
        closeCalled = true;
        Metadata headers = heldHeaders;
        ByteBuf reply = heldReply;
        onEventLoop(() -> {
            if (finished) {
                return;
            }
            if (headers != null || reply != null) {
                writeHeaders(headers == null ? new Metadata() : headers);
            }
            if (reply != null) {
                connection.writeData(stream, reply);
            }
            writeTrailers(status, trailers);
        });
    }

    private void writeTrailers(Status status, Metadata trailers) {
        finished = true;
        ChannelFuture written = connection.writeHeaders(stream,
                GrpcHeaders.trailers(status, trailers, headersSent), true);
        flushNeeded = true;
        written.addListener(f -> callbacks.execute(() -> {
            if (f.isSuccess()) {
                callback(Listener::onComplete);
            } else {
                cancelled = true;
                callback(Listener::onCancel);
            }
            context.cancel(null);
        }));
    }

    @Override
    public boolean isReady() {
        return !closeCalled && !cancelled && queuedBytes.get() < READY_THRESHOLD;
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    @Override
    public MethodDescriptor<Q, R> getMethodDescriptor() {
        return method;
    }

    @Override
    public String getAuthority() {
        return authority;
    }

    /** Runs an operation on the event loop after those handed over before it, and sends what it wrote. */
    private void onEventLoop(Runnable operation) {
        outbound.execute(() -> {
            operation.run();
            if (flushNeeded) {
                flushNeeded = false;
                connection.flush();
            }
        });
    }

    // The service's callbacks, on its executor.

    private void callback(Consumer<Listener<Q>> callback) {
        if (listener == null) {
            return;
        }
        Context previous = context.attach();
        try {
            callback.accept(listener);
        } catch (Throwable t) {
            failed(t);
        } finally {
            context.detach(previous);
        }
    }

    /** A service's callback threw: the call ends with the reason, if it can still end. */
    private void failed(Throwable t) {
        Status status = t instanceof StatusRuntimeException || t instanceof StatusException
                ? Status.fromThrowable(t)
                : Status.UNKNOWN.withDescription("Application error processing RPC").withCause(t);
        close(status, new Metadata());
    }

    private void hand(ByteBuf message) {
        if (listener == null) {
            // The call never started: nobody takes the message.
            message.release();
            return;
        }
        callback(l -> l.onMessage(parse(message)));
    }

    private Q parse(ByteBuf message) {
        try (Message in = new Message(message)) {
            return method.parseRequest(in);
        } catch (IOException e) {
            throw Status.INTERNAL.withDescription("cannot read the request: " + e.getMessage()).withCause(e)
                    .asRuntimeException();
        }
    }

    /** A message's bytes as the marshaller reads them best: with their length known. Closing frees them. */
    private static final class Message extends ByteBufInputStream implements KnownLength {
        Message(ByteBuf bytes) {
            super(bytes, true);
        }
    }
}

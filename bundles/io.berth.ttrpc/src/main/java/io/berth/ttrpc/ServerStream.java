package io.berth.ttrpc;

import java.io.IOException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;

import io.berth.proto.ttrpc.Request;
import io.grpc.Status;
import io.grpc.StatusException;

/**
 * The server's end of one streaming call. The connection's reader hands it the client's frames; the handler runs on
 * a virtual thread of its own, receives the client's messages and sends its own; how the handler ends becomes the
 * stream's last frame, and nothing is sent on the stream after that.
 */
final class ServerStream<Q extends Message> implements StreamReceiver<Q>, StreamSender {
    private static final Status RETURNED = Status.FAILED_PRECONDITION.withDescription("the call has returned");

    private final int id;
    private final String name;
    private final Request request;
    private final StreamMethod<Q> method;
    private final FrameWriter writer;
    private final Runnable forget;
    private final StreamInbox inbox = new StreamInbox();
    private final ReentrantLock sending = new ReentrantLock();
    private final Thread handler;
    private final CallInterrupter interrupter;
    private final long startNanos;
    /** Why the stream is over, once it is; set with {@code sending} held. */
    private volatile Status end;

    /** @param forget removes the stream from its connection once it has ended */
    ServerStream(int id, Request request, StreamMethod<Q> method, FrameWriter writer, ScheduledExecutorService timer,
                 Runnable forget) {
        this.id = id;
        this.name = request.getService() + "/" + request.getMethod();
        this.request = request;
        this.method = method;
        this.writer = writer;
        this.forget = forget;
        this.handler = Thread.ofVirtual().name("ttrpc-stream " + name).unstarted(this::run);
        this.interrupter = CallInterrupter.watch(handler, timer, request.getTimeoutNano());
        this.startNanos = System.nanoTime();
    }

    /**
     * Starts the handler. The request's payload is the first message unless the client streams and sent none, as
     * with Go's ttrpc; the client's end stays open only when it streams and its request said it keeps sending.
     */
    void start(boolean clientKeepsSending) {
        byte[] first = request.getPayload().toByteArray();
        if (!method.clientStreams() || first.length > 0) {
            inbox.put(first);
        }
        if (!method.clientStreams() || !clientKeepsSending) {
            inbox.close();
        }
        handler.start();
    }

    /** A DATA frame from the client; one it may not send ends the stream with the status that says why. */
    void accept(Frame data) throws IOException {
        try {
            inbox.accept(data);
        } catch (StatusException e) {
            fail(e.getStatus());
        }
    }

    /** Ends the stream at once with the status, tells the client so, and interrupts the handler. */
    void fail(Status status) throws IOException {
        finish(status, Responses.frame(id, Responses.failure(status)));
    }

    /** Ends the stream because its connection has closed; the client can no longer be told. */
    void cancel() {
        try {
            fail(Status.CANCELLED.withDescription(name + ": the connection closed"));
        } catch (IOException e) {
            // Expected: the channel is closed.
        }
    }

    @Override
    public Q receive() throws StatusException {
        byte[] payload;
        try {
            payload = inbox.take(remainingNanos());
        } catch (TimeoutException e) {
            throw interrupter.exceeded(name).asException();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interruption();
        }
        if (payload == null) {
            return null;
        }
        try {
            return method.requestParser().parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            throw Status.INVALID_ARGUMENT.withDescription("cannot decode a message of " + name + ": "
                    + e.getMessage()).asException();
        }
    }

    @Override
    public void send(Message message) throws StatusException {
        byte[] payload = Frame.checkedPayload(message.toByteArray(), "message");
        sending.lock();
        try {
            if (end != null) {
                throw end.asException();
            }
            if (interrupter.expired()) {
                throw interrupter.exceeded(name).asException();
            }
            interrupter.write(writer, new Frame(id, MessageType.DATA, 0, payload));
        } catch (IOException e) {
            throw Status.UNAVAILABLE.withDescription(name + ": the connection failed: " + e.getMessage())
                    .asException();
        } finally {
            sending.unlock();
        }
    }

    private void run() {
        Frame last;
        try {
            last = lastFrame(method.body().run(this, this, CallMetadata.fromWire(request.getMetadataList())));
        } catch (StatusException | RuntimeException | Error e) {
            last = Responses.frame(id, Responses.failure(name, e));
        } finally {
            interrupter.close();
        }
        if (interrupter.expired()) {
            last = Responses.frame(id, Responses.failure(interrupter.exceeded(name)));
        }
        // An interrupt left over from the handler would close the channel in the middle of the write.
        Thread.interrupted();
        try {
            finish(RETURNED, last);
        } catch (IOException e) {
            // The client is gone; the reader notices and ends the connection.
        }
    }

    /** A streaming server ends with an empty closing DATA frame, as Go's does; otherwise the response ends it. */
    private Frame lastFrame(Message result) {
        if (method.serverStreams()) {
            return new Frame(id, MessageType.DATA, Frame.REMOTE_CLOSED | Frame.NO_DATA, Frame.NO_PAYLOAD);
        }
        if (result == null) {
            return Responses.frame(id, Responses.failure(Status.INTERNAL.withDescription(name
                    + " returned no response")));
        }
        return Responses.frame(id, Responses.success(result));
    }

    /** Ends the stream unless it has ended already: receiving and sending fail from now on, then the last frame. */
    private void finish(Status status, Frame last) throws IOException {
        sending.lock();
        try {
            if (end != null) {
                return;
            }
            end = status;
            forget.run();
            inbox.fail(status.asException());
            interrupter.cancel();
            writer.write(last);
        } finally {
            sending.unlock();
        }
    }

    /** Why a receive was interrupted: the deadline, the stream's end, or someone else's interrupt. */
    private StatusException interruption() {
        if (interrupter.expired()) {
            return interrupter.exceeded(name).asException();
        }
        Status ended = end;
        return (ended != null ? ended : Status.CANCELLED.withDescription(name + " was interrupted")).asException();
    }

    private long remainingNanos() {
        long timeout = request.getTimeoutNano();
        return timeout == 0 ? Long.MAX_VALUE : timeout - (System.nanoTime() - startNanos);
    }
}

package io.berth.ttrpc;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;

import io.berth.proto.ttrpc.Response;
import io.grpc.Status;
import io.grpc.StatusException;

/**
 * A streaming call as the client sees it: send messages, then close the sending end; receive the server's messages
 * until the stream ends, where a failed call throws its status. One thread may send while another receives.
 *
 * <p>ttrpc has no frame that cancels a stream: {@link #cancel()} and a passed deadline end it on this side only, and
 * the server's handler runs on until its own deadline, its return, or the end of the connection.
 */
public final class ClientStream<R extends Message> implements StreamSender, StreamReceiver<R>, AutoCloseable {
    /** How many of a stream's frames may wait for the connection's writer before sending blocks. */
    private static final int SEND_WINDOW = 16;

    private final TtrpcClient client;
    private final int id;
    private final String name;
    private final Parser<R> parser;
    private final Duration timeout;
    private final long timeoutNanos;
    private final long startNanos = System.nanoTime();
    private final StreamInbox inbox = new StreamInbox();
    private final ReentrantLock sending = new ReentrantLock();
    private final Condition writerCaughtUp = sending.newCondition();
    private int unwritten;
    private boolean sendClosed;

    ClientStream(TtrpcClient client, int id, String name, Parser<R> parser, Duration timeout, boolean sendClosed) {
        this.client = client;
        this.id = id;
        this.name = name;
        this.parser = parser;
        this.timeout = timeout;
        this.timeoutNanos = timeout == null ? 0 : TtrpcClient.saturatedNanos(timeout);
        this.sendClosed = sendClosed;
    }

    /**
     * Sends one message, waiting while earlier ones still wait to be written. A message sent after the server
     * ended the stream successfully is dropped, as the server would refuse it.
     *
     * @throws IllegalStateException the sending end is closed: by {@link #closeSend()}, or by a request that was the
     *                               only message
     * @throws StatusException       RESOURCE_EXHAUSTED for a message over the size limit (the stream goes on); the
     *                               stream's failure; UNAVAILABLE when the connection is closed; DEADLINE_EXCEEDED
     *                               past the stream's deadline; CANCELLED when the thread is interrupted (which
     *                               cancels the stream)
     */
    @Override
    public void send(Message message) throws StatusException {
        byte[] payload = Frame.checkedPayload(message.toByteArray(), "message");
        enqueue(new Frame(id, MessageType.DATA, 0, payload));
    }

    /** Tells the server that this end sends no more messages; once closed, closing again does nothing. */
    public void closeSend() throws StatusException {
        sending.lock();
        try {
            if (!sendClosed) {
                enqueue(new Frame(id, MessageType.DATA, Frame.REMOTE_CLOSED | Frame.NO_DATA, Frame.NO_PAYLOAD));
            }
        } finally {
            sending.unlock();
        }
    }

    /**
     * The server's next message, waiting no longer than the stream's deadline; for a method that answers with one
     * response, that response.
     *
     * @return null once the server ended the stream successfully and every message was received
     * @throws StatusException the status the server ended the stream with, once the messages before it were
     *                         received; UNAVAILABLE when the connection ended first; INTERNAL for a message that
     *                         cannot be decoded; DEADLINE_EXCEEDED and CANCELLED as for {@link #send}
     */
    @Override
    public R receive() throws StatusException {
        byte[] payload;
        try {
            payload = inbox.take(remainingNanos());
        } catch (TimeoutException e) {
            throw expired();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw stop(Status.CANCELLED.withDescription(name + " was interrupted"));
        }
        if (payload == null) {
            return null;
        }
        try {
            return parser.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            throw stop(Status.INTERNAL.withDescription("cannot decode a message of " + name + ": "
                    + e.getMessage()));
        }
    }

    /** Gives up on the stream: sending and receiving fail with CANCELLED; the server's later frames are dropped. */
    public void cancel() {
        stop(Status.CANCELLED.withDescription(name + " was cancelled"));
    }

    /** Cancels the stream, so that a try-with-resources block leaves none open; after its end this changes nothing. */
    @Override
    public void close() {
        cancel();
    }

    /** A frame the server sent on this stream; the connection's reader calls this, and only it. */
    void accept(Frame frame) {
        try {
            if (frame.type() == MessageType.DATA) {
                inbox.accept(frame);
            } else if (frame.type() == MessageType.RESPONSE) {
                end(Response.parseFrom(frame.payload()));
            }
        } catch (StatusException e) {
            // The inbox blames its sender; to this stream's caller, a mistake of the server is INTERNAL.
            Status status = e.getStatus();
            inbox.fail((status.getCode() == Status.Code.INVALID_ARGUMENT
                    ? Status.INTERNAL.withDescription("the server broke the protocol on " + name + ": "
                    + status.getDescription()) : status).asException());
        } catch (InvalidProtocolBufferException e) {
            inbox.fail(Status.INTERNAL.withDescription("cannot decode a ttrpc response: " + e.getMessage())
                    .asException());
        }
        if (inbox.closed()) {
            client.forget(id);
            wakeSenders();
        }
    }

    /** The connection's writer has written one of this stream's frames. */
    void written() {
        sending.lock();
        try {
            unwritten--;
            writerCaughtUp.signalAll();
        } finally {
            sending.unlock();
        }
    }

    /** The connection ended: the stream fails with the reason once the messages that came before are received. */
    void connectionEnded(Status reason) {
        inbox.close(reason.asException());
        wakeSenders();
    }

    /** Ends the stream on this side with the status; returns it to throw. */
    StatusException stop(Status status) {
        StatusException failure = status.asException();
        client.forget(id);
        inbox.fail(failure);
        wakeSenders();
        return failure;
    }

    /** A RESPONSE ends the stream; a successful one's payload is the last message, as Go's client reads it. */
    private void end(Response response) {
        if (response.hasStatus() && response.getStatus().getCode() != Status.Code.OK.value()) {
            inbox.close(Statuses.toException(response.getStatus()));
            return;
        }
        inbox.put(response.getPayload().toByteArray());
        inbox.close();
    }

    private void enqueue(Frame frame) throws StatusException {
        sending.lock();
        try {
            if (sendClosed) {
                throw new IllegalStateException("the sending end of " + name + " is closed");
            }
            while (unwritten >= SEND_WINDOW && !inbox.closed()) {
                awaitWriter();
            }
            if (inbox.closed()) {
                StatusException failure = inbox.failure();
                if (failure != null) {
                    throw failure;
                }
                return;
            }
            if (remainingNanos() <= 0) {
                throw expired();
            }
            client.enqueue(frame);
            unwritten++;
            sendClosed = frame.has(Frame.REMOTE_CLOSED);
        } finally {
            sending.unlock();
        }
    }

    private void awaitWriter() throws StatusException {
        long left = remainingNanos();
        if (left <= 0) {
            throw expired();
        }
        try {
            writerCaughtUp.awaitNanos(left);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw stop(Status.CANCELLED.withDescription(name + " was interrupted"));
        }
    }

    private void wakeSenders() {
        sending.lock();
        try {
            writerCaughtUp.signalAll();
        } finally {
            sending.unlock();
        }
    }

    private StatusException expired() {
        return stop(Status.DEADLINE_EXCEEDED.withDescription(name + " did not finish within " + timeout));
    }

    private long remainingNanos() {
        return timeout == null ? Long.MAX_VALUE : timeoutNanos - (System.nanoTime() - startNanos);
    }
}

package io.berth.ttrpc;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.grpc.Status;
import io.grpc.StatusException;

/**
 * The messages that arrived on one stream and wait to be received, followed by how the stream ended. ttrpc has no
 * flow control, so the queue is bounded: the connection's reader waits a while for room, as Go's ttrpc does, and
 * then gives up on this stream rather than hold up every other call on the connection.
 */
final class StreamInbox {
    static final int CAPACITY = 64;
    private static final long PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<byte[]> messages = new ArrayDeque<>();
    private boolean closed;
    private StatusException failure;

    /**
     * Queues a DATA frame's message, unless it is flagged as having none, and closes the inbox when the frame closes
     * the sender's end.
     *
     * @throws StatusException INVALID_ARGUMENT for a frame the sender may not send, RESOURCE_EXHAUSTED when the
     *                         receiver left the queue full for too long
     */
    void accept(Frame data) throws StatusException {
        boolean noData = data.has(Frame.NO_DATA);
        if (noData && data.payload().length > 0) {
            throw Status.INVALID_ARGUMENT.withDescription("a data frame flagged as having no data carries "
                    + data.payload().length + " bytes").asException();
        }
        lock.lock();
        try {
            if (closed) {
                throw Status.INVALID_ARGUMENT
                        .withDescription("a data frame after the sender closed its end of the stream").asException();
            }
            if (!noData) {
                awaitRoom();
                add(data.payload());
            }
            if (data.has(Frame.REMOTE_CLOSED)) {
                close();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Queues a message that comes outside a DATA frame (a request's, a response's) without waiting for room. */
    void put(byte[] message) {
        lock.lock();
        try {
            add(message);
        } finally {
            lock.unlock();
        }
    }

    /** The sender sends no more: once the queued messages are taken, the stream has ended successfully. */
    void close() {
        close(null);
    }

    /** The sender sends no more: once the queued messages are taken, the stream has failed. */
    void close(StatusException failure) {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                this.failure = failure;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Fails the stream at once, dropping what is queued; a stream that has already failed keeps its failure. */
    void fail(StatusException failure) {
        lock.lock();
        try {
            if (this.failure == null) {
                closed = true;
                this.failure = failure;
                messages.clear();
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Whether the sender sends no more, whatever is still queued. */
    boolean closed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** Why the stream failed, or null while it has not. */
    StatusException failure() {
        lock.lock();
        try {
            return failure;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next message, waiting for one as long as the timeout allows.
     *
     * @return null once the stream ended successfully and every message was taken
     * @throws StatusException  the stream's failure, once every message queued before it was taken
     * @throws TimeoutException no message came in time
     */
    byte[] take(long timeoutNanos) throws StatusException, InterruptedException, TimeoutException {
        lock.lock();
        try {
            long left = timeoutNanos;
            while (messages.isEmpty()) {
                if (failure != null) {
                    throw failure;
                }
                if (closed) {
                    return null;
                }
                if (left <= 0) {
                    throw new TimeoutException();
                }
                left = changed.awaitNanos(left);
            }
            changed.signalAll();
            return messages.poll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits, with the lock held, until there is room or the stream fails. */
    private void awaitRoom() throws StatusException {
        long left = PATIENCE_NANOS;
        while (messages.size() >= CAPACITY && failure == null) {
            if (left <= 0) {
                throw Status.RESOURCE_EXHAUSTED.withDescription(CAPACITY + " messages of the stream are waiting "
                        + "and none was received for " + TimeUnit.NANOSECONDS.toSeconds(PATIENCE_NANOS) + " s")
                        .asException();
            }
            try {
                left = changed.awaitNanos(left);
            } catch (InterruptedException e) {
                // Nobody interrupts a connection's reader; if someone does, its next read ends the connection.
                Thread.currentThread().interrupt();
                throw Status.CANCELLED.withDescription("interrupted while the stream's queue was full").asException();
            }
        }
    }

    /** Adds a message, with the lock held, unless the stream has failed. */
    private void add(byte[] message) {
        if (failure == null) {
            messages.add(message);
            changed.signalAll();
        }
    }
}

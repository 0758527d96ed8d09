package io.berth.ttrpc;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.grpc.Status;

/**
 * Interrupts a handler when its caller's timeout passes, as a Go handler's context would be cancelled, or when its
 * stream ends under it. Never in the middle of the handler's own write to the connection: an interrupt there would
 * close the channel under every other call. Once closed it interrupts nothing more, so the thread can clear its
 * interrupt and then write the call's last frame safely.
 */
final class CallInterrupter {
    private final Thread handler;
    private final long timeoutNanos;
    private ScheduledFuture<?> alarm;
    private boolean expired;
    private boolean closed;
    private boolean writing;
    private boolean interruptAfterWrite;

    private CallInterrupter(Thread handler, long timeoutNanos) {
        this.handler = handler;
        this.timeoutNanos = timeoutNanos;
    }

    /** Watches the handler's thread, started or not; a timeout of zero means none. */
    static CallInterrupter watch(Thread handler, ScheduledExecutorService timer, long timeoutNanos) {
        CallInterrupter interrupter = new CallInterrupter(handler, timeoutNanos);
        if (timeoutNanos != 0) {
            interrupter.arm(timer);
        }
        return interrupter;
    }

    private synchronized void arm(ScheduledExecutorService timer) {
        try {
            alarm = timer.schedule(this::expire, timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // The server is closing: the connection ends before any deadline would matter.
        }
    }

    private synchronized void expire() {
        if (!closed) {
            expired = true;
            interrupt();
        }
    }

    /** Interrupts the handler because its stream has ended. */
    synchronized void cancel() {
        if (!closed) {
            interrupt();
        }
    }

    private void interrupt() {
        if (writing) {
            interruptAfterWrite = true;
        } else {
            handler.interrupt();
        }
    }

    synchronized boolean expired() {
        return expired;
    }

    /** The status of a call that outlived its caller's timeout. */
    Status exceeded(String name) {
        return Status.DEADLINE_EXCEEDED.withDescription(name + " did not finish within "
                + Duration.ofNanos(timeoutNanos));
    }

    /** Stops watching; after this the handler's thread is not interrupted any more. */
    synchronized void close() {
        closed = true;
        if (alarm != null) {
            alarm.cancel(false);
        }
    }

    /**
     * Writes a frame from the handler's thread. Interrupts wait until the write is done, and an interrupt the thread
     * already had (its own code may have restored one) is put back afterwards.
     */
    void write(FrameWriter writer, Frame frame) throws IOException {
        boolean hadInterrupt;
        synchronized (this) {
            writing = true;
            hadInterrupt = Thread.interrupted();
        }
        try {
            writer.write(frame);
        } finally {
            synchronized (this) {
                writing = false;
                if (hadInterrupt || interruptAfterWrite) {
                    interruptAfterWrite = false;
                    handler.interrupt();
                }
            }
        }
    }
}

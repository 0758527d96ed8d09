package io.berth.ttrpc;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Interrupts a handler when its caller's timeout passes, as a Go handler's context would be cancelled. Once
 * closed it interrupts nothing more, so the thread can clear its interrupt and then write the response safely.
 */
final class CallDeadline {
    private final Thread handler;
    private ScheduledFuture<?> alarm;
    private boolean expired;
    private boolean closed;

    private CallDeadline(Thread handler) {
        this.handler = handler;
    }

    /** Watches the current thread; a timeout of zero means none. */
    static CallDeadline watch(ScheduledExecutorService timer, long timeoutNanos) {
        CallDeadline deadline = new CallDeadline(Thread.currentThread());
        if (timeoutNanos != 0) {
            deadline.arm(timer, timeoutNanos);
        }
        return deadline;
    }

    private synchronized void arm(ScheduledExecutorService timer, long timeoutNanos) {
        try {
            alarm = timer.schedule(this::expire, timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // The server is closing: the connection ends before any deadline would matter.
        }
    }

    private synchronized void expire() {
        if (!closed) {
            expired = true;
            handler.interrupt();
        }
    }

    synchronized boolean expired() {
        return expired;
    }

    /** Stops watching; after this the handler's thread is not interrupted any more. */
    synchronized void close() {
        closed = true;
        if (alarm != null) {
            alarm.cancel(false);
        }
    }
}

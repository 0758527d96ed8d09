package io.berth.grpc.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one call's callbacks one at a time and in order, on the executor the call runs on. A task submitted while
 * another runs waits for it, even on the same thread: a callback that asks for the next message gets it after it
 * returns, not inside itself.
 */
final class SerialExecutor implements Executor {
    private final Executor executor;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();

    SerialExecutor(Executor executor) {
        this.executor = executor;
    }

    @Override
    public void execute(Runnable task) {
        enqueue(task);
        schedule();
    }

    /** Queues a task without running it: for a caller holding a lock the task must not run under. */
    void enqueue(Runnable task) {
        tasks.add(task);
    }

    /** Has the queued tasks run: on the executor, which for a direct one is this thread, now. */
    void schedule() {
        if (!tasks.isEmpty() && draining.compareAndSet(false, true)) {
            executor.execute(this::drain);
        }
    }

    private void drain() {
        do {
            Runnable task;
            while ((task = tasks.poll()) != null) {
                task.run();
            }
            draining.set(false);
        } while (!tasks.isEmpty() && draining.compareAndSet(false, true));
    }
}

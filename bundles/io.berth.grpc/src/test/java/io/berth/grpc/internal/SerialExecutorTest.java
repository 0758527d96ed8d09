package io.berth.grpc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class SerialExecutorTest {
    @Test
    void aTaskSubmittedByARunningTaskRunsAfterItOnTheSameThread() {
        List<String> order = new ArrayList<>();
        SerialExecutor serial = new SerialExecutor(Runnable::run);
        serial.execute(() -> {
            order.add("first begins");
            serial.execute(() -> order.add("second"));
            order.add("first ends");
        });
        assertEquals(List.of("first begins", "first ends", "second"), order);
    }

    @Test
    void queuedTasksWaitUntilScheduled() {
        List<String> order = new ArrayList<>();
        SerialExecutor serial = new SerialExecutor(Runnable::run);
        serial.enqueue(() -> order.add("a"));
        serial.enqueue(() -> order.add("b"));
        assertTrue(order.isEmpty());
        serial.schedule();
        assertEquals(List.of("a", "b"), order);
    }

    @Test
    void tasksFromManyThreadsNeverOverlapAndAllRun() throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        ExecutorService submitters = Executors.newFixedThreadPool(4);
        try {
            SerialExecutor serial = new SerialExecutor(pool);
            AtomicBoolean running = new AtomicBoolean();
            AtomicBoolean overlapped = new AtomicBoolean();
            AtomicInteger ran = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(4 * 5_000);
            for (int s = 0; s < 4; s++) {
                submitters.execute(() -> {
                    for (int i = 0; i < 5_000; i++) {
                        serial.execute(() -> {
                            overlapped.compareAndSet(false, !running.compareAndSet(false, true));
                            ran.incrementAndGet();
                            running.set(false);
                            done.countDown();
                        });
                    }
                });
            }
            assertTrue(done.await(30, TimeUnit.SECONDS), ran.get() + " of 20000 ran");
            assertFalse(overlapped.get(), "two tasks ran at once");
        } finally {
            submitters.shutdownNow();
            pool.shutdownNow();
        }
    }

    @Test
    void oneThreadsTasksRunInTheOrderItSubmittedThem() throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            SerialExecutor serial = new SerialExecutor(pool);
            List<Integer> seen = new ArrayList<>();
            CountDownLatch done = new CountDownLatch(1);
            for (int i = 0; i < 10_000; i++) {
                int n = i;
                serial.execute(() -> seen.add(n));
            }
            serial.execute(done::countDown);
            assertTrue(done.await(30, TimeUnit.SECONDS));
            for (int i = 0; i < 10_000; i++) {
                assertEquals(i, seen.get(i));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}

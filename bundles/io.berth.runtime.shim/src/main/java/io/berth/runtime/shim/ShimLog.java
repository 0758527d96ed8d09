package io.berth.runtime.shim;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Reads the {@code log} FIFO a shim writes its log to, a line at a time. A shim will not serve until the FIFO has
 * a reader, and opening it read-write makes this reader without waiting for the shim. Closing it stops the
 * reader (the thread blocked in read(2) is woken by the close).
 */
final class ShimLog implements AutoCloseable {
    /**
     * A read of a FIFO blocks its thread, so each log has a platform thread while its shim lives; the threads are
     * kept a minute after their shim ends, because starting one costs a millisecond on the path of every task's
     * creation.
     */
    private static final ExecutorService READERS = Executors.newCachedThreadPool(
            Thread.ofPlatform().daemon().name("shim-log-", 0).factory());

    private final FileChannel fifo;
    private final Future<?> reader;

    private ShimLog(FileChannel fifo, Future<?> reader) {
        this.fifo = fifo;
        this.reader = reader;
    }

    static ShimLog follow(Path fifoPath, String name, Consumer<String> lines) throws IOException {
        FileChannel fifo = FileChannel.open(fifoPath, StandardOpenOption.READ, StandardOpenOption.WRITE);
        Future<?> reader = READERS.submit(() -> {
            Thread thread = Thread.currentThread();
            String idle = thread.getName();
            thread.setName("shim-log-" + name);
            try (BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(fifo),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.accept(line);
                }
            } catch (IOException closed) {
                // Closed by close(): the shim is gone or the daemon stops.
            } finally {
                thread.setName(idle);
            }
        });
        return new ShimLog(fifo, reader);
    }

    @Override
    public void close() {
        try {
            fifo.close();
        } catch (IOException e) {
            // Nothing more can be done about a FIFO that will not close.
        }
        reader.cancel(true);
    }
}

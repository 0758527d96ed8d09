package io.berth.diff;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Writes a layer's small regular files on a few threads while the tar stream is read on. Creating a file is
 * mostly waiting for the filesystem (its journal, its inode tables), so several creations in flight unpack a
 * layer of many small files several times faster than one at a time. The paths in flight are known, so that
 * an entry touching one of them (or what is under it) can wait for them first; the data waiting to be written
 * is held in memory, a bounded amount of it.
 */
final class FileWriters implements AutoCloseable {
    /** Creations in flight: enough to keep a disk's queue busy, few enough not to crowd the machine. */
    private static final int THREADS = 4;
    /** Files up to this size are handed over; larger ones are written by the reading thread itself. */
    static final int MAX_HANDED_OVER = 1 << 20;
    private static final int MAX_BUFFERED = 16 << 20;

    /** A file's creation, data and metadata, run on a writing thread. */
    interface FileWrite {
        void run() throws IOException;
    }

    private final ExecutorService threads = Executors.newFixedThreadPool(THREADS,
            Thread.ofPlatform().daemon().name("layer-write-", 0).factory());
    private final Semaphore buffered = new Semaphore(MAX_BUFFERED);
    private final Set<Path> inFlight = ConcurrentHashMap.newKeySet();
    private final List<Future<?>> pending = new ArrayList<>();
    private volatile boolean failed;

    /** Reserves room for {@code size} bytes of data, waiting while too much is buffered. */
    void reserve(int size) throws IOException {
        if (failed) {
            awaitAll();
        }
        try {
            buffered.acquire(size);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the layer was unpacked");
        }
    }

    /** Runs {@code write} of {@code path} on a writing thread; the {@code size} bytes reserved go back after. */
    void submit(Path path, int size, FileWrite write) {
        inFlight.add(path);
        pending.add(threads.submit(() -> {
            try {
                write.run();
                return null;
            } catch (IOException | RuntimeException e) {
                failed = true;
                throw e;
            } finally {
                inFlight.remove(path);
                buffered.release(size);
            }
        }));
    }

    /** Whether a file in flight is {@code path} or one of the directories it is in. */
    boolean touches(Path path) {
        if (inFlight.isEmpty()) {
            return false;
        }
        for (Path at = path; at != null; at = at.getParent()) {
            if (inFlight.contains(at)) {
                return true;
            }
        }
        return false;
    }

    /** Waits for every file handed over so far; throws the first failure among them. */
    void awaitAll() throws IOException {
        Throwable first = null;
        for (Future<?> write : pending) {
            try {
                write.get();
            } catch (ExecutionException e) {
                first = first == null ? e.getCause() : first;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while the layer was unpacked");
            }
        }
        pending.clear();
        switch (first) {
            case null -> { }
            case IOException e -> throw e;
            case RuntimeException e -> throw e;
            default -> throw new IOException(first);
        }
    }

    /** Drops what has not started and waits for what has: no file is written after this returns. */
    @Override
    public void close() {
        threads.shutdownNow();
        threads.close();
    }
}

package io.berth.diff;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A stream read on a thread of its own, a few chunks ahead of its reader: the layer's decompression and hashing
 * then run beside the tar reading and file writing instead of between them. What the source throws is thrown
 * to the reader where the data would have been. Closing stops the thread before the source is given back.
 */
final class ReadAhead extends InputStream {
    private static final int CHUNK = 256 * 1024;
    private static final int CHUNKS_AHEAD = 4;

    /** Data, or with a negative length the end: {@code failure} set when the source failed. */
    private record Chunk(byte[] data, int length, Throwable failure) {
        static final Chunk END = new Chunk(new byte[0], -1, null);
    }

    private final BlockingQueue<Chunk> filled = new ArrayBlockingQueue<>(CHUNKS_AHEAD);
    private final Thread reader;
    private volatile boolean closed;
    private Chunk current = new Chunk(new byte[0], 0, null);
    private int position;

    ReadAhead(InputStream source, String name) {
        this.reader = Thread.ofPlatform().daemon().name(name).start(() -> fill(source));
    }

    /** Reads the source to its end or first failure; the data read before a failure is handed over first. */
    private void fill(InputStream source) {
        Throwable failure = null;
        boolean end = false;
        try {
            while (!closed && !end) {
                byte[] data = new byte[CHUNK];
                int length = 0;
                try {
                    for (int n; length < CHUNK && (n = source.read(data, length, CHUNK - length)) >= 0; ) {
                        length += n;
                    }
                    end = length < CHUNK;
                } catch (IOException | RuntimeException | Error e) {
                    failure = e;
                    end = true;
                }
                if (length > 0) {
                    filled.put(new Chunk(data, length, null));
                }
            }
            if (end) {
                filled.put(failure == null ? Chunk.END : new Chunk(null, -1, failure));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (current.length() >= 0 && position == current.length()) {
            current = next();
            position = 0;
        }
        if (current.length() < 0) {
            next();
            return -1;
        }
        int n = Math.min(length, current.length() - position);
        System.arraycopy(current.data(), position, buffer, offset, n);
        position += n;
        return n;
    }

    /** The next chunk; the end and a failure stay, so that every later read sees them again. */
    private Chunk next() throws IOException {
        Chunk chunk = current;
        if (chunk.length() >= 0) {
            try {
                chunk = filled.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while the layer was read");
            }
        }
        return switch (chunk.failure()) {
            case null -> chunk;
            case IOException e -> throw failed(chunk, e);
            case RuntimeException e -> throw failed(chunk, e);
            case Error e -> throw failed(chunk, e);
            default -> throw failed(chunk, new IOException(chunk.failure()));
        };
    }

    private <T extends Throwable> T failed(Chunk failure, T thrown) {
        current = failure;
        position = 0;
        return thrown;
    }

    /**
     * Stops the reading thread and waits for it: it puts at most one more chunk once the queue is emptied, and
     * then sees that it is closed.
     */
    @Override
    public void close() {
        closed = true;
        filled.clear();
        try {
            reader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

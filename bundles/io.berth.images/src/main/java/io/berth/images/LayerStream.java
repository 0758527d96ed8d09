package io.berth.images;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;

/**
 * A layer's bytes handed from its download to its unpacking as they arrive, so that the layer is applied while it
 * downloads. The download decides first: it either writes the blob from its start ({@link #start}) or does not (the
 * store has it, an interrupted download resumes, it failed before any byte), and then the unpacking reads the
 * stored blob instead. A follower that has claimed the stream is waited for when it falls behind; bytes for one
 * that has not claimed it yet are kept up to {@link #CAPACITY}, past which the stream is given up and the follower
 * reads the stored blob, so that a download never waits for an unpacking that is not reading.
 */
final class LayerStream {
    /** Bytes kept for a follower that is behind: what a pull holds in memory per layer it downloads. */
    static final int CAPACITY = 4 << 20;

    private enum State { UNDECIDED, STREAMING, ENDED, FAILED, NOT_STREAMED }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private int buffered;
    private State state = State.UNDECIDED;
    private boolean claimed;
    private boolean followerGone;
    private RuntimeException failure;

    /** A stream no one follows: its download declines it, and a claim finds nothing to read. */
    static LayerStream declined() {
        LayerStream stream = new LayerStream();
        stream.decline();
        return stream;
    }

    /** The download writes the blob from its first byte: a follower gets every byte it writes. */
    void start() {
        transition(State.UNDECIDED, State.STREAMING);
    }

    /** The download does not write the blob from its start, or has ended without: the follower reads the store. */
    void decline() {
        transition(State.UNDECIDED, State.NOT_STREAMED);
    }

    /**
     * Hands a chunk to the follower, waiting while one that reads is {@link #CAPACITY} behind.
     *
     * @throws BerthException CANCELED when the download is interrupted while it waits
     */
    void write(byte[] data, int offset, int length) {
        lock.lock();
        try {
            while (state == State.STREAMING && claimed && !followerGone && buffered > 0
                    && buffered + length > CAPACITY) {
                changed.await();
            }
            if (state != State.STREAMING || followerGone) {
                return;
            }
            if (!claimed && buffered + length > CAPACITY) {
                giveUp(State.NOT_STREAMED);
                return;
            }
            chunks.add(Arrays.copyOfRange(data, offset, offset + length));
            buffered += length;
            changed.signalAll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BerthException(ErrorKind.CANCELED, "the pull was interrupted", e);
        } finally {
            lock.unlock();
        }
    }

    /** The download has written the last byte; whether they are the digest's bytes is its commit's to say. */
    void end() {
        transition(State.STREAMING, State.ENDED);
    }

    /** The download failed: a follower reading its bytes fails with {@code cause}, one waiting reads the store. */
    void fail(RuntimeException cause) {
        lock.lock();
        try {
            if (state == State.STREAMING) {
                failure = cause;
                giveUp(State.FAILED);
            }
        } finally {
            lock.unlock();
        }
        decline();
    }

    /**
     * Claims the stream, once the download has decided, for its one follower.
     *
     * @return the blob's bytes as they are downloaded; empty when the stored blob is to be read instead
     * @throws BerthException CANCELED when the pull is interrupted while it waits
     */
    Optional<InputStream> claim() {
        lock.lock();
        try {
            while (state == State.UNDECIDED) {
                changed.await();
            }
            if (state == State.NOT_STREAMED || state == State.FAILED || claimed || followerGone) {
                return Optional.empty();
            }
            claimed = true;
            return Optional.of(new Follower());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BerthException(ErrorKind.CANCELED, "the pull was interrupted", e);
        } finally {
            lock.unlock();
        }
    }

    /** No follower will read this stream: what it holds goes, and its download no longer hands anything on. */
    void ignore() {
        lock.lock();
        try {
            followerGone = true;
            chunks.clear();
            buffered = 0;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void transition(State from, State to) {
        lock.lock();
        try {
            if (state == from) {
                state = to;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Must hold the lock. */
    private void giveUp(State to) {
        state = to;
        chunks.clear();
        buffered = 0;
        changed.signalAll();
    }

    /** The follower's end: the bytes in order, then the end of the download or its failure. */
    private final class Follower extends InputStream {
        private byte[] current = new byte[0];
        private int position;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (position == current.length && !next()) {
                return -1;
            }
            int count = Math.min(length, current.length - position);
            System.arraycopy(current, position, into, offset, count);
            position += count;
            return count;
        }

        /** Takes the next chunk; false at the end of the download. */
        private boolean next() throws IOException {
            lock.lock();
            try {
                while (chunks.isEmpty() && state == State.STREAMING) {
                    changed.await();
                }
                if (state == State.FAILED) {
                    throw new IOException("the download failed: " + failure.getMessage(), failure);
                }
                if (chunks.isEmpty()) {
                    return false;
                }
                current = chunks.poll();
                position = 0;
                buffered -= current.length;
                changed.signalAll();
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the download");
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void close() {
            ignore();
        }
    }
}

package io.berth.api.content;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

/** A byte range of a {@link ReaderAt} as a stream; closing it closes the reader. */
final class ReaderAtInputStream extends InputStream {
    private final ReaderAt reader;
    private final long end;
    private long position;

    ReaderAtInputStream(ReaderAt reader, long start, long end) {
        this.reader = reader;
        this.position = start;
        this.end = end;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (length == 0) {
            return 0;
        }
        if (position >= end) {
            return -1;
        }
        int wanted = (int) Math.min(length, end - position);
        int read = reader.read(ByteBuffer.wrap(buffer, offset, wanted), position);
        if (read < 0) {
            return -1;
        }
        position += read;
        return read;
    }

    @Override
    public long skip(long n) {
        long skipped = Math.max(0, Math.min(n, end - position));
        position += skipped;
        return skipped;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, end - position);
    }

    @Override
    public void close() {
        reader.close();
    }
}

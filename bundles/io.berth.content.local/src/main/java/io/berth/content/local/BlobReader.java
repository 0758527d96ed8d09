package io.berth.content.local;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

import io.berth.api.content.Digest;
import io.berth.api.content.ReaderAt;

/** Positional reads of one blob file; the file's channel is safe for concurrent positional reads. */
final class BlobReader implements ReaderAt {
    private final Digest digest;
    private final FileChannel channel;
    private final long size;

    BlobReader(Digest digest, FileChannel channel) throws IOException {
        this.digest = digest;
        this.channel = channel;
        this.size = channel.size();
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public int read(ByteBuffer dst, long position) {
        if (position >= size) {
            return -1;
        }
        try {
            return channel.read(dst, position);
        } catch (IOException e) {
            throw IoFailures.of("cannot read content " + digest + " at offset " + position, e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw IoFailures.of("cannot close content " + digest, e);
        }
    }
}

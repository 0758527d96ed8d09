package io.berth.ttrpc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.concurrent.locks.ReentrantLock;

/** Writes whole frames to a connection; many threads may write, one frame at a time. */
final class FrameWriter {
    private final GatheringByteChannel out;
    private final ReentrantLock lock = new ReentrantLock();

    FrameWriter(GatheringByteChannel out) {
        this.out = out;
    }

    /** Writes the frame; its payload must be at most {@link Frame#MAX_PAYLOAD} bytes. */
    void write(Frame frame) throws IOException {
        if (frame.payload().length > Frame.MAX_PAYLOAD) {
            throw new IllegalArgumentException("payload of " + frame.payload().length
                    + " bytes exceeds maximum message size of " + Frame.MAX_PAYLOAD);
        }
        ByteBuffer header = ByteBuffer.allocate(Frame.HEADER_LENGTH)
                .putInt(frame.payload().length)
                .putInt(frame.streamId())
                .put((byte) frame.type().code)
                .put((byte) frame.flags())
                .flip();
        ByteBuffer[] buffers = {header, ByteBuffer.wrap(frame.payload())};
        lock.lock();
        try {
            while (buffers[1].hasRemaining() || header.hasRemaining()) {
                out.write(buffers);
            }
        } finally {
            lock.unlock();
        }
    }
}

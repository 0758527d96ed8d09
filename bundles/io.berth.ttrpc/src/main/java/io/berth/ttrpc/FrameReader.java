package io.berth.ttrpc;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

import io.grpc.Status;

/** Reads frames one after another from a connection; used by one thread at a time. */
final class FrameReader {
    private static final int DISCARD_CHUNK = 64 << 10;

    private final ReadableByteChannel in;
    private final ByteBuffer header = ByteBuffer.allocate(Frame.HEADER_LENGTH);

    FrameReader(ReadableByteChannel in) {
        this.in = in;
    }

    /**
     * The next frame, or null when the peer closed the connection between frames.
     *
     * @throws RejectedFrameException a frame too large or of an unknown type; it was consumed, read on
     * @throws EOFException           the connection ended inside a frame
     */
    Frame read() throws IOException {
        header.clear();
        if (!fill(header, true)) {
            return null;
        }
        header.flip();
        long length = Integer.toUnsignedLong(header.getInt());
        int streamId = header.getInt();
        int typeCode = Byte.toUnsignedInt(header.get());
        int flags = Byte.toUnsignedInt(header.get());

        if (length > Frame.MAX_PAYLOAD) {
            discard(length);
            throw new RejectedFrameException(streamId, Status.RESOURCE_EXHAUSTED.withDescription(
                    "message length " + length + " exceeds maximum message size of " + Frame.MAX_PAYLOAD));
        }
        ByteBuffer payload = ByteBuffer.allocate((int) length);
        fill(payload, false);
        MessageType type = MessageType.of(typeCode);
        if (type == null) {
            throw new RejectedFrameException(streamId,
                    Status.INVALID_ARGUMENT.withDescription("unknown message type 0x" + Integer.toHexString(typeCode)));
        }
        return new Frame(streamId, type, flags, payload.array());
    }

    /** Fills the buffer; false only when the connection ended before the first byte and that is allowed. */
    private boolean fill(ByteBuffer buffer, boolean endAllowedBeforeFirstByte) throws IOException {
        int wanted = buffer.remaining();
        while (buffer.hasRemaining()) {
            if (in.read(buffer) < 0) {
                int got = wanted - buffer.remaining();
                if (got == 0 && endAllowedBeforeFirstByte) {
                    return false;
                }
                throw new EOFException("connection closed after " + got + " of " + wanted + " bytes of a frame");
            }
        }
        return true;
    }

    private void discard(long length) throws IOException {
        ByteBuffer sink = ByteBuffer.allocate((int) Math.min(DISCARD_CHUNK, length));
        long left = length;
        while (left > 0) {
            sink.clear().limit((int) Math.min(sink.capacity(), left));
            fill(sink, false);
            left -= sink.limit();
        }
    }
}

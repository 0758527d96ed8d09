package io.berth.ttrpc;

import java.util.Objects;

import io.grpc.Status;
import io.grpc.StatusException;

/**
 * One ttrpc message: a 10-byte header (payload length, stream id, type, flags) and its payload.
 *
 * @param streamId the stream, an unsigned 32-bit number held in an int; odd when the client opened it
 * @param type     what the frame carries
 * @param flags    stream state bits, see the constants
 * @param payload  the data, never null
 */
record Frame(int streamId, MessageType type, int flags, byte[] payload) {

    static final int HEADER_LENGTH = 10;
    /** The largest payload either side accepts (4 MiB), as upstream. */
    static final int MAX_PAYLOAD = 4 << 20;
    /** The payload of a frame that carries none. */
    static final byte[] NO_PAYLOAD = new byte[0];

    /** The sender sends no more on this stream. */
    static final int REMOTE_CLOSED = 0x1;
    /** The sender keeps sending on this stream (a streaming request). */
    static final int REMOTE_OPEN = 0x2;
    /** A data frame with no data, only flags. */
    static final int NO_DATA = 0x4;

    Frame {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payload, "payload");
        if ((flags & ~0xff) != 0) {
            throw new IllegalArgumentException("flags do not fit in a byte: " + flags);
        }
    }

    /**
     * The payload, refused with RESOURCE_EXHAUSTED before anything is sent when it is over the size limit.
     *
     * @param what names the payload in the refusal, e.g. "request" or "message"
     */
    static byte[] checkedPayload(byte[] payload, String what) throws StatusException {
        if (payload.length > MAX_PAYLOAD) {
            throw Status.RESOURCE_EXHAUSTED.withDescription(what + " of " + payload.length
                    + " bytes exceeds maximum message size of " + MAX_PAYLOAD).asException();
        }
        return payload;
    }

    boolean has(int flag) {
        return (flags & flag) == flag;
    }
}

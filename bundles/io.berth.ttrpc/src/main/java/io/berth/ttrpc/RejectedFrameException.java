package io.berth.ttrpc;

import java.io.IOException;

import io.grpc.Status;

/**
 * A frame that was read off the connection in full (or skipped) but cannot be used. The connection stays in
 * step: the next frame can be read. The status says why, for the peer waiting on that stream.
 */
final class RejectedFrameException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int streamId;
    private final transient Status status;

    RejectedFrameException(int streamId, Status status) {
        super(status.getDescription());
        this.streamId = streamId;
        this.status = status;
    }

    int streamId() {
        return streamId;
    }

    Status status() {
        return status;
    }
}

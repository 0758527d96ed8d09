package io.berth.services.content;

import java.io.IOException;
import java.io.InputStream;

import com.google.protobuf.ByteString;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.proto.containerd.services.content.v1.ReadContentResponse;
import io.grpc.stub.ServerCallStreamObserver;

/**
 * Sends a blob's bytes in chunks as fast as the client takes them: only while the call is ready, so a
 * large blob never piles up in memory. gRPC runs the ready and cancel handlers one at a time.
 */
final class ReadStream {
    /** The largest chunk, well under gRPC's default message limit of 4 MiB. */
    static final int CHUNK = 1 << 20;
    /** The smallest buffer, for a stream that cannot tell how much it holds. */
    static final int SMALLEST = 64 << 10;

    private final InputStream data;
    private final ServerCallStreamObserver<ReadContentResponse> call;
    private final String what;
    private long offset;
    private boolean ended;
    private byte[] buffer;

    private ReadStream(InputStream data, ServerCallStreamObserver<ReadContentResponse> call, long offset,
                       String what) {
        this.data = data;
        this.call = call;
        this.offset = offset;
        this.what = what;
    }

    /** Starts sending; must be called before the service method returns. */
    static void start(InputStream data, ServerCallStreamObserver<ReadContentResponse> call, long offset,
                      String what) {
        ReadStream stream = new ReadStream(data, call, offset, what);
        call.setOnCancelHandler(stream::end);
        call.setOnReadyHandler(stream::pump);
    }

    private void pump() {
        if (ended) {
            return;
        }
        try {
            if (buffer == null) {
                // Most blobs read this way are manifests and configs of a few KiB: a chunk-sized buffer for
                // each would be mostly garbage to zero and collect.
                buffer = new byte[Math.clamp(data.available(), SMALLEST, CHUNK)];
            }
            while (call.isReady()) {
                int read = data.readNBytes(buffer, 0, buffer.length);
                if (read == 0) {
                    end();
                    call.onCompleted();
                    return;
                }
                call.onNext(ReadContentResponse.newBuilder().setOffset(offset)
                        .setData(ByteString.copyFrom(buffer, 0, read)).build());
                offset += read;
            }
        } catch (IOException | RuntimeException e) {
            end();
            call.onError(e instanceof BerthException ? e
                    : new BerthException(ErrorKind.UNAVAILABLE, "cannot read " + what + ": " + e.getMessage(), e));
        }
    }

    private void end() {
        if (!ended) {
            ended = true;
            try {
                data.close();
            } catch (IOException | RuntimeException e) {
                // The bytes were sent or the call is gone: a failing close changes nothing for the client.
            }
        }
    }
}

package io.berth.services.content;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.protobuf.ByteString;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.proto.containerd.services.content.v1.ReadContentResponse;
import io.grpc.stub.ServerCallStreamObserver;

/**
 * Sends a blob's bytes in chunks as fast as the client takes them: only while the call is ready, so a large blob
 * never piles up in memory. Read runs on the transport thread, which answers most reads, those of manifests and
 * configs of a few KiB, from there: their first chunk is all there is. Whatever follows the first chunk is read on
 * a thread of its own, one pass at a time, woken when the call is ready again or cancelled, so a large blob never
 * holds up the connection's other calls.
 */
final class ReadStream {
    /** The largest chunk, well under gRPC's default message limit of 4 MiB. */
    static final int CHUNK = 1 << 20;
    /** The first chunk, read on the transport thread: a manifest's or a config's size. */
    static final int FIRST = 64 << 10;

    private final InputStream data;
    private final ServerCallStreamObserver<ReadContentResponse> call;
    private final String what;
    private final Executor reader;
    /** Wake-ups not yet handled: the reading thread runs while it is above zero. */
    private final AtomicInteger wakeUps = new AtomicInteger();
    private volatile boolean cancelled;
    private long offset;
    private boolean ended;
    private byte[] buffer;

    private ReadStream(InputStream data, ServerCallStreamObserver<ReadContentResponse> call, long offset,
                       String what, Executor reader) {
        this.data = data;
        this.call = call;
        this.offset = offset;
        this.what = what;
        this.reader = reader;
    }

    /**
     * Sends the first chunk and, when there is more, arranges for the rest; must be called before the service
     * method returns.
     *
     * @param reader runs the reads after the first chunk, on threads that may block
     */
    static void start(InputStream data, ServerCallStreamObserver<ReadContentResponse> call, long offset,
                      String what, Executor reader) {
        ReadStream stream = new ReadStream(data, call, offset, what, reader);
        call.setOnCancelHandler(stream::cancel);
        if (stream.sendFirst()) {
            call.setOnReadyHandler(stream::wakeUp);
        }
    }

    /** @return whether there may be more to send */
    private boolean sendFirst() {
        try {
            // One byte over what the stream says it holds: a read that stops short of the buffer reached the end.
            byte[] first = new byte[Math.clamp(data.available() + 1L, 1, FIRST)];
            int read = data.readNBytes(first, 0, first.length);
            if (read > 0) {
                send(first, read);
            }
            if (read < first.length) {
                end();
                call.onCompleted();
                return false;
            }
            return true;
        } catch (IOException | RuntimeException e) {
            fail(e);
            return false;
        }
    }

    private void cancel() {
        cancelled = true;
        wakeUp();
    }

    /** Makes sure a reading pass runs after this moment, without ever running two at once. */
    private void wakeUp() {
        if (wakeUps.getAndIncrement() == 0) {
            reader.execute(this::drain);
        }
    }

    private void drain() {
        int handled = 1;
        do {
            pump();
            handled = wakeUps.addAndGet(-handled);
        } while (handled != 0);
    }

    private void pump() {
        if (ended) {
            return;
        }
        if (cancelled) {
            end();
            return;
        }
        try {
            if (buffer == null) {
                buffer = new byte[Math.clamp(data.available(), FIRST, CHUNK)];
            }
            while (call.isReady() && !cancelled) {
                int read = data.readNBytes(buffer, 0, buffer.length);
                if (read == 0) {
                    end();
                    call.onCompleted();
                    return;
                }
                send(buffer, read);
            }
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
    }

    private void send(byte[] bytes, int length) {
        call.onNext(ReadContentResponse.newBuilder().setOffset(offset)
                .setData(ByteString.copyFrom(bytes, 0, length)).build());
        offset += length;
    }

    private void fail(Exception e) {
        end();
        call.onError(e instanceof BerthException ? e
                : new BerthException(ErrorKind.UNAVAILABLE, "cannot read " + what + ": " + e.getMessage(), e));
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

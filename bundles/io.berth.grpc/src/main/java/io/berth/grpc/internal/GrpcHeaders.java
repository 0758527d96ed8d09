package io.berth.grpc.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.grpc.InternalMetadata;
import io.grpc.InternalStatus;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.internal.TransportFrameUtil;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.AsciiString;

/** gRPC's use of HTTP/2 headers: a call's metadata and deadline in, its response headers and trailers out. */
final class GrpcHeaders {
    static final AsciiString CONTENT_TYPE = AsciiString.cached("content-type");
    static final AsciiString GRPC = AsciiString.cached("application/grpc");
    static final AsciiString TIMEOUT = AsciiString.cached("grpc-timeout");
    private static final AsciiString OK = AsciiString.cached("200");

    private GrpcHeaders() {
    }

    /** The request's metadata: every header but HTTP/2's pseudo-headers, binary values decoded. */
    static Metadata metadata(Http2Headers headers) {
        List<byte[]> namesAndValues = new ArrayList<>(headers.size() * 2);
        for (Map.Entry<CharSequence, CharSequence> header : headers) {
            CharSequence name = header.getKey();
            if (name.length() > 0 && name.charAt(0) != ':') {
                namesAndValues.add(AsciiString.of(name).toByteArray());
                namesAndValues.add(AsciiString.of(header.getValue()).toByteArray());
            }
        }
        byte[][] raw = TransportFrameUtil.toRawSerializedHeaders(namesAndValues.toArray(byte[][]::new));
        return InternalMetadata.newMetadata(raw.length / 2, raw);
    }

    /**
     * The call's time limit from {@code grpc-timeout}, in nanoseconds: up to 8 digits and a unit (H, M, S, m, u,
     * n); -1 when there is none.
     *
     * @throws IllegalArgumentException if the header is malformed
     */
    static long timeoutNanos(Http2Headers headers) {
        CharSequence value = headers.get(TIMEOUT);
        if (value == null) {
            return -1;
        }
        int digits = value.length() - 1;
        if (digits < 1 || digits > 8) {
            throw new IllegalArgumentException("malformed grpc-timeout: " + value);
        }
        long amount = 0;
        for (int i = 0; i < digits; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("malformed grpc-timeout: " + value);
            }
            amount = amount * 10 + (c - '0');
        }
        TimeUnit unit = switch (value.charAt(digits)) {
            case 'H' -> TimeUnit.HOURS;
            case 'M' -> TimeUnit.MINUTES;
            case 'S' -> TimeUnit.SECONDS;
            case 'm' -> TimeUnit.MILLISECONDS;
            case 'u' -> TimeUnit.MICROSECONDS;
            case 'n' -> TimeUnit.NANOSECONDS;
            default -> throw new IllegalArgumentException("malformed grpc-timeout: " + value);
        };
        return unit.toNanos(amount);
    }

    /** The response's headers: status 200, gRPC's content type and the call's own metadata. */
    static Http2Headers responseHeaders(Metadata metadata) {
        Http2Headers headers = new DefaultHttp2Headers(false).status(OK).set(CONTENT_TYPE, GRPC);
        add(headers, metadata);
        return headers;
    }

    /**
     * The trailers that end a call with a status. When no headers went before them they are the whole response
     * ("trailers only"), with the status line and content type of response headers.
     */
    static Http2Headers trailers(Status status, Metadata metadata, boolean headersSent) {
        metadata.discardAll(InternalStatus.CODE_KEY);
        metadata.discardAll(InternalStatus.MESSAGE_KEY);
        metadata.put(InternalStatus.CODE_KEY, status);
        if (status.getDescription() != null) {
            metadata.put(InternalStatus.MESSAGE_KEY, status.getDescription());
        }
        if (headersSent) {
            Http2Headers trailers = new DefaultHttp2Headers(false);
            add(trailers, metadata);
            return trailers;
        }
        return responseHeaders(metadata);
    }

    private static void add(Http2Headers headers, Metadata metadata) {
        byte[][] namesAndValues = TransportFrameUtil.toHttp2Headers(metadata);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.add(new AsciiString(namesAndValues[i], false), new AsciiString(namesAndValues[i + 1], false));
        }
    }
}

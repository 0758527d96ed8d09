package io.berth.grpc.internal;

import java.io.IOException;

import org.osgi.service.log.Logger;

import io.grpc.Metadata;
import io.grpc.ServerMethodDefinition;
import io.grpc.Status;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http2.AbstractHttp2ConnectionHandlerBuilder;
import io.netty.handler.codec.http2.DefaultHttp2Connection;
import io.netty.handler.codec.http2.DefaultHttp2LocalFlowController;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2ConnectionDecoder;
import io.netty.handler.codec.http2.Http2ConnectionEncoder;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Flags;
import io.netty.handler.codec.http2.Http2FrameListener;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.util.AsciiString;

/**
 * One client connection: HTTP/2 as Netty speaks it, and gRPC's calls on its streams. Each request's headers start
 * a {@link ServerStream}; its DATA frames and its end go to that call.
 */
final class GrpcConnection extends Http2ConnectionHandler implements Http2FrameListener {
    /** Each stream's flow-control window, and the connection's: what a client may send ahead of the service. */
    private static final int WINDOW = 1 << 20;
    private static final int MAX_HEADER_LIST_SIZE = 8192;
    /** How long a closing connection waits for its calls to end before it drops them. */
    private static final long GRACE_MILLIS = 5_000;
    private static final AsciiString POST = AsciiString.cached("POST");

    private final CallRouter router;
    private final Logger log;
    private final Http2Connection.PropertyKey callKey;
    private ChannelHandlerContext context;

    static GrpcConnection create(CallRouter router, Logger log) {
        return new Builder(router, log).build();
    }

    private GrpcConnection(Http2ConnectionDecoder decoder, Http2ConnectionEncoder encoder, Http2Settings settings,
                           CallRouter router, Logger log) {
        super(decoder, encoder, settings);
        this.router = router;
        this.log = log;
        this.callKey = connection().newKey();
        decoder.frameListener(this);
        connection().addListener(new Http2ConnectionAdapter() {
            @Override
            public void onStreamClosed(Http2Stream stream) {
                ServerStream<?, ?> call = stream.getProperty(callKey);
                if (call != null) {
                    call.transportClosed();
                }
            }
        });
    }

    /**
     * Netty's way to a connection handler, which also guards against clients that flood it with resets, empty DATA
     * frames or control frames they never read the answers to.
     */
    private static final class Builder extends AbstractHttp2ConnectionHandlerBuilder<GrpcConnection, Builder> {
        private final CallRouter router;
        private final Logger log;

        Builder(CallRouter router, Logger log) {
            this.router = router;
            this.log = log;
            Http2Connection connection = new DefaultHttp2Connection(true);
            // The connection's window comes back as soon as bytes arrive; each stream's once its call has taken them.
            connection.local().flowController(new DefaultHttp2LocalFlowController(connection,
                    DefaultHttp2LocalFlowController.DEFAULT_WINDOW_UPDATE_RATIO, true));
            connection(connection);
            initialSettings(new Http2Settings().initialWindowSize(WINDOW).maxHeaderListSize(MAX_HEADER_LIST_SIZE));
            gracefulShutdownTimeoutMillis(GRACE_MILLIS);
        }

        /** Open to {@link GrpcConnection#create}: Netty's builder keeps it protected. */
        @Override
        protected GrpcConnection build() {
            return super.build();
        }

        @Override
        protected GrpcConnection build(Http2ConnectionDecoder decoder, Http2ConnectionEncoder encoder,
                                       Http2Settings settings) {
            return new GrpcConnection(decoder, encoder, settings, router, log);
        }
    }

    /**
     * A socket error means the client is gone: a client that exits with frames of ours unread, as a short-lived
     * {@code ctr} often does, resets the connection. Its calls end as the channel closes. Netty's handler takes only
     * HTTP/2 errors; anything else is ours, and ends the connection with a GOAWAY.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
        if (cause instanceof IOException) {
            log.debug("a client connection ended: {}", cause.toString());
            ctx.close();
        } else if (Http2CodecUtil.getEmbeddedHttp2Exception(cause) != null) {
            super.exceptionCaught(ctx, cause);
        } else {
            log.warn("closing a client connection after an unexpected error", cause);
            onError(ctx, false, cause);
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        context = ctx;
        super.handlerAdded(ctx);
        Http2Stream whole = connection().connectionStream();
        decoder().flowController().incrementWindowSize(whole, WINDOW - decoder().flowController().windowSize(whole));
    }

    ChannelHandlerContext context() {
        return context;
    }

    EventLoop eventLoop() {
        return context.channel().eventLoop();
    }

    /** Gives the client back the window of bytes a call has taken. */
    void consume(Http2Stream stream, int bytes) {
        if (stream.state() == Http2Stream.State.CLOSED) {
            return;
        }
        try {
            if (decoder().flowController().consumeBytes(stream, bytes)) {
                flush();
            }
        } catch (Http2Exception e) {
            onError(context, false, e);
        }
    }

    ChannelFuture writeHeaders(Http2Stream stream, Http2Headers headers, boolean endOfStream) {
        return encoder().writeHeaders(context, stream.id(), headers, 0, endOfStream, context.newPromise());
    }

    ChannelFuture writeData(Http2Stream stream, ByteBuf data) {
        return encoder().writeData(context, stream.id(), data, 0, false, context.newPromise());
    }

    /** Writes what was written since the last flush, as far as the client's windows let it. */
    void flush() {
        flush(context);
    }

    void reset(Http2Stream stream, Http2Error error) {
        resetStream(context, stream.id(), error.code(), context.newPromise());
    }

    @Override
    public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding,
                              boolean endOfStream) {
        Http2Stream stream = connection().stream(streamId);
        ServerStream<?, ?> call = stream.getProperty(callKey);
        if (call != null) {
            // The client's trailers: for gRPC they only end what it sends.
            if (endOfStream) {
                call.inbound(Unpooled.EMPTY_BUFFER, true);
            }
            return;
        }
        String refusal = refusal(headers);
        if (refusal != null) {
            answer(stream, Status.INTERNAL.withDescription(refusal));
            return;
        }
        String name = headers.path().toString().substring(1);
        ServerMethodDefinition<?, ?> method = router.method(name);
        if (method == null) {
            answer(stream, Status.UNIMPLEMENTED.withDescription("Method not found: " + name));
            return;
        }
        long timeoutNanos;
        try {
            timeoutNanos = GrpcHeaders.timeoutNanos(headers);
        } catch (IllegalArgumentException e) {
            answer(stream, Status.INTERNAL.withDescription(e.getMessage()));
            return;
        }
        start(stream, method, headers, timeoutNanos);
        if (endOfStream) {
            stream.<ServerStream<?, ?>>getProperty(callKey).inbound(Unpooled.EMPTY_BUFFER, true);
        }
    }

    private <Q, R> void start(Http2Stream stream, ServerMethodDefinition<Q, R> method, Http2Headers headers,
                              long timeoutNanos) {
        String name = method.getMethodDescriptor().getFullMethodName();
        CharSequence authority = headers.authority();
        ServerStream<Q, R> call = new ServerStream<>(this, stream, method.getMethodDescriptor(),
                authority == null ? null : authority.toString(), router.executor(name),
                router.maxInboundMessageSize(), timeoutNanos);
        stream.setProperty(callKey, call);
        call.start(router.intercepted(method.getServerCallHandler()), GrpcHeaders.metadata(headers));
    }

    /** Why the request cannot be a gRPC call, or null when it can be one. */
    private static String refusal(Http2Headers headers) {
        if (!POST.contentEquals(headers.method())) {
            return "a gRPC call is a POST, not " + headers.method();
        }
        CharSequence contentType = headers.get(GrpcHeaders.CONTENT_TYPE);
        if (contentType == null || !AsciiString.regionMatches(contentType, true, 0, GrpcHeaders.GRPC, 0,
                GrpcHeaders.GRPC.length())) {
            return "not a gRPC request: content-type " + contentType;
        }
        CharSequence path = headers.path();
        if (path == null || path.length() < 2 || path.charAt(0) != '/') {
            return "a gRPC call's path is /service/method, not " + path;
        }
        return null;
    }

    /** Answers a request that starts no call with its status alone. */
    private void answer(Http2Stream stream, Status status) {
        writeHeaders(stream, GrpcHeaders.trailers(status, new Metadata(), false), true);
        if (stream.state() != Http2Stream.State.CLOSED) {
            resetStream(context, stream.id(), Http2Error.NO_ERROR.code(), context.newPromise());
        }
    }

    @Override
    public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int streamDependency,
                              short weight, boolean exclusive, int padding, boolean endOfStream) {
        onHeadersRead(ctx, streamId, headers, padding, endOfStream);
    }

    @Override
    public int onDataRead(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding, boolean endOfStream) {
        Http2Stream stream = connection().stream(streamId);
        ServerStream<?, ?> call = stream == null ? null : stream.getProperty(callKey);
        if (call == null) {
            return data.readableBytes() + padding;
        }
        call.inbound(data, endOfStream);
        return padding;
    }

    @Override
    public void onPriorityRead(ChannelHandlerContext ctx, int streamId, int streamDependency, short weight,
                               boolean exclusive) {
    }

    @Override
    public void onRstStreamRead(ChannelHandlerContext ctx, int streamId, long errorCode) {
        // The stream's closing tells its call.
    }

    @Override
    public void onSettingsAckRead(ChannelHandlerContext ctx) {
    }

    @Override
    public void onSettingsRead(ChannelHandlerContext ctx, Http2Settings settings) {
    }

    @Override
    public void onPingRead(ChannelHandlerContext ctx, long data) {
    }

    @Override
    public void onPingAckRead(ChannelHandlerContext ctx, long data) {
    }

    @Override
    public void onPushPromiseRead(ChannelHandlerContext ctx, int streamId, int promisedStreamId,
                                  Http2Headers headers, int padding) {
    }

    @Override
    public void onGoAwayRead(ChannelHandlerContext ctx, int lastStreamId, long errorCode, ByteBuf debugData) {
    }

    @Override
    public void onWindowUpdateRead(ChannelHandlerContext ctx, int streamId, int windowSizeIncrement) {
    }

    @Override
    public void onUnknownFrame(ChannelHandlerContext ctx, byte frameType, int streamId, Http2Flags flags,
                               ByteBuf payload) {
    }
}

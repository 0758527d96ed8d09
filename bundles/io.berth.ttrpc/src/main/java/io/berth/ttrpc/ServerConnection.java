package io.berth.ttrpc;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

import com.google.protobuf.InvalidProtocolBufferException;

import io.berth.proto.ttrpc.Request;
import io.berth.proto.ttrpc.Response;
import io.grpc.Status;
import io.grpc.StatusException;

/**
 * One accepted client: reads its frames, runs each call on a virtual thread of its own, writes the answers back.
 * Unary calls are not tracked once started; streams are, so that their DATA frames find them.
 */
final class ServerConnection {
    private final SocketChannel channel;
    private final Map<String, Map<String, Method>> services;
    private final ScheduledExecutorService timer;
    private final Consumer<ServerConnection> onEnd;
    private final FrameWriter writer;
    private final Map<Integer, ServerStream<?>> streams = new ConcurrentHashMap<>();
    private long lastStreamId;

    ServerConnection(SocketChannel channel, Map<String, Map<String, Method>> services,
                     ScheduledExecutorService timer, Consumer<ServerConnection> onEnd) {
        this.channel = channel;
        this.services = services;
        this.timer = timer;
        this.onEnd = onEnd;
        this.writer = new FrameWriter(channel);
    }

    /** Reads frames until the client goes away or the connection is closed. */
    void serve() {
        FrameReader reader = new FrameReader(channel);
        try {
            Frame frame;
            while ((frame = readNext(reader)) != null) {
                accept(frame);
            }
        } catch (IOException e) {
            // The client vanished or sent a broken frame: nothing more can be read from this connection.
        } finally {
            close();
        }
    }

    /** Closes the connection and ends its open streams, whose handlers are interrupted. */
    void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // The connection is being discarded either way.
        }
        streams.values().forEach(ServerStream::cancel);
        onEnd.accept(this);
    }

    /** The next usable frame; a rejected one is answered on its stream, and reading goes on. */
    private Frame readNext(FrameReader reader) throws IOException {
        while (true) {
            try {
                return reader.read();
            } catch (RejectedFrameException e) {
                // Unknown types are skipped for the sake of newer peers, as upstream does; too large is answered.
                if (e.status().getCode() == Status.Code.RESOURCE_EXHAUSTED) {
                    refuse(e.streamId(), e.status());
                }
            }
        }
    }

    private void accept(Frame frame) throws IOException {
        if ((frame.streamId() & 1) == 0) {
            respond(frame.streamId(), Status.INVALID_ARGUMENT
                    .withDescription("stream id " + Integer.toUnsignedString(frame.streamId())
                            + " is even; clients open streams with odd ids"));
            return;
        }
        switch (frame.type()) {
            case REQUEST -> acceptRequest(frame);
            case DATA -> acceptData(frame);
            case RESPONSE -> refuse(frame.streamId(), Status.INVALID_ARGUMENT
                    .withDescription("a server does not accept responses"));
        }
    }

    private void acceptRequest(Frame frame) throws IOException {
        long streamId = Integer.toUnsignedLong(frame.streamId());
        if (streamId <= lastStreamId) {
            refuse(frame.streamId(), Status.INVALID_ARGUMENT.withDescription("stream id " + streamId
                    + " was used already; stream ids must increase"));
            return;
        }
        lastStreamId = streamId;
        if (frame.has(Frame.REMOTE_OPEN | Frame.REMOTE_CLOSED)) {
            respond(frame.streamId(), Status.INVALID_ARGUMENT.withDescription("a request cannot say both that the "
                    + "client keeps sending (remote open) and that it sends no more (remote closed)"));
            return;
        }
        Request request;
        try {
            request = Request.parseFrom(frame.payload());
        } catch (InvalidProtocolBufferException e) {
            respond(frame.streamId(), Status.INVALID_ARGUMENT.withDescription("cannot decode the request: "
                    + e.getMessage()));
            return;
        }
        Map<String, Method> methods = services.get(request.getService());
        if (methods == null) {
            respond(frame.streamId(), Status.UNIMPLEMENTED.withDescription("service " + request.getService()));
            return;
        }
        Method method = methods.get(request.getMethod());
        if (method == null) {
            respond(frame.streamId(), Status.UNIMPLEMENTED.withDescription("method " + request.getMethod()));
            return;
        }
        if (method instanceof UnaryMethod<?> unary) {
            Thread.ofVirtual().name("ttrpc-call " + request.getService() + "/" + request.getMethod())
                    .start(() -> call(frame.streamId(), unary, request));
        } else {
            openStream(frame, (StreamMethod<?>) method, request);
        }
    }

    /** Streams follow their methods' kinds, as Go's server does; the request's flags only say whether more follows. */
    private void openStream(Frame frame, StreamMethod<?> method, Request request) {
        int streamId = frame.streamId();
        ServerStream<?> stream = new ServerStream<>(streamId, request, method, writer, timer,
                () -> streams.remove(streamId));
        streams.put(streamId, stream);
        stream.start(frame.has(Frame.REMOTE_OPEN));
        if (!channel.isOpen()) {
            // close() may have gone through the streams before this one was added.
            stream.cancel();
        }
    }

    private void acceptData(Frame frame) throws IOException {
        ServerStream<?> stream = streams.get(frame.streamId());
        if (stream == null) {
            respond(frame.streamId(), Status.INVALID_ARGUMENT.withDescription("stream "
                    + Integer.toUnsignedString(frame.streamId()) + " is not active"));
            return;
        }
        stream.accept(frame);
    }

    private void call(int streamId, UnaryMethod<?> method, Request request) {
        String name = request.getService() + "/" + request.getMethod();
        Map<String, List<String>> metadata = CallMetadata.fromWire(request.getMetadataList());
        CallInterrupter deadline = CallInterrupter.watch(Thread.currentThread(), timer, request.getTimeoutNano());
        Response response;
        try {
            response = invoke(name, method, request, metadata);
        } finally {
            deadline.close();
        }
        if (deadline.expired()) {
            response = Responses.failure(deadline.exceeded(name));
        }
        // An interrupt left over from the handler would close the channel in the middle of the write.
        Thread.interrupted();
        try {
            writer.write(Responses.frame(streamId, response));
        } catch (IOException e) {
            // The client is gone; the reader notices and ends the connection.
        }
    }

    private static Response invoke(String name, UnaryMethod<?> method, Request request,
                                   Map<String, List<String>> metadata) {
        try {
            return Responses.success(method.invoke(name, request.getPayload(), metadata));
        } catch (StatusException | RuntimeException | Error e) {
            return Responses.failure(name, e);
        }
    }

    /** Refuses a frame: an open stream it belongs to ends with the status; otherwise a response carries it. */
    private void refuse(int streamId, Status status) throws IOException {
        ServerStream<?> stream = streams.get(streamId);
        if (stream != null) {
            stream.fail(status);
        } else {
            respond(streamId, status);
        }
    }

    private void respond(int streamId, Status status) throws IOException {
        writer.write(Responses.frame(streamId, Responses.failure(status)));
    }
}

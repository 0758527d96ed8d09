package io.berth.ttrpc;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;

import io.berth.proto.ttrpc.Request;
import io.berth.proto.ttrpc.Response;
import io.grpc.Status;
import io.grpc.StatusException;

/** One accepted client: reads its requests, runs each on a virtual thread, writes the responses back. */
final class ServerConnection {
    private final SocketChannel channel;
    private final Map<String, Map<String, Method<?>>> services;
    private final ScheduledExecutorService timer;
    private final Consumer<ServerConnection> onEnd;
    private final FrameWriter writer;
    private long lastStreamId;

    ServerConnection(SocketChannel channel, Map<String, Map<String, Method<?>>> services,
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

    void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // The connection is being discarded either way.
        }
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
                    respond(e.streamId(), e.status());
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
            case DATA -> respond(frame.streamId(), Status.INVALID_ARGUMENT.withDescription("stream "
                    + Integer.toUnsignedString(frame.streamId()) + " is not active"));
            case RESPONSE -> respond(frame.streamId(), Status.INVALID_ARGUMENT
                    .withDescription("a server does not accept responses"));
        }
    }

    private void acceptRequest(Frame frame) throws IOException {
        long streamId = Integer.toUnsignedLong(frame.streamId());
        if (streamId <= lastStreamId) {
            respond(frame.streamId(), Status.INVALID_ARGUMENT.withDescription("stream id " + streamId
                    + " was used already; stream ids must increase"));
            return;
        }
        lastStreamId = streamId;
        Request request;
        try {
            request = Request.parseFrom(frame.payload());
        } catch (InvalidProtocolBufferException e) {
            respond(frame.streamId(), Status.INVALID_ARGUMENT.withDescription("cannot decode the request: "
                    + e.getMessage()));
            return;
        }
        Map<String, Method<?>> methods = services.get(request.getService());
        if (methods == null) {
            respond(frame.streamId(), Status.UNIMPLEMENTED.withDescription("service " + request.getService()));
            return;
        }
        Method<?> method = methods.get(request.getMethod());
        if (method == null) {
            respond(frame.streamId(), Status.UNIMPLEMENTED.withDescription("method " + request.getMethod()));
            return;
        }
        Thread.ofVirtual().name("ttrpc-call " + request.getService() + "/" + request.getMethod())
                .start(() -> call(frame.streamId(), method, request));
    }

    private void call(int streamId, Method<?> method, Request request) {
        String name = request.getService() + "/" + request.getMethod();
        Map<String, List<String>> metadata = CallMetadata.fromWire(request.getMetadataList());
        CallDeadline deadline = CallDeadline.watch(timer, request.getTimeoutNano());
        Response response;
        try {
            response = invoke(name, method, request, metadata);
        } finally {
            deadline.close();
        }
        if (deadline.expired()) {
            response = failure(Status.DEADLINE_EXCEEDED.withDescription(name + " did not finish within "
                    + Duration.ofNanos(request.getTimeoutNano())));
        }
        // An interrupt left over from the handler would close the channel in the middle of the write.
        Thread.interrupted();
        try {
            send(streamId, response);
        } catch (IOException e) {
            // The client is gone; the reader notices and ends the connection.
        }
    }

    private static Response invoke(String name, Method<?> method, Request request,
                                   Map<String, List<String>> metadata) {
        try {
            Message result = method.invoke(name, request.getPayload(), metadata);
            return Response.newBuilder().setStatus(Statuses.toProto(Status.OK))
                    .setPayload(result.toByteString()).build();
        } catch (StatusException e) {
            return Response.newBuilder().setStatus(Statuses.toProto(e)).build();
        } catch (RuntimeException e) {
            return failure(Status.UNKNOWN.withDescription(name + " failed: " + e));
        }
    }

    private static Response failure(Status status) {
        return Response.newBuilder().setStatus(Statuses.toProto(status)).build();
    }

    private void respond(int streamId, Status status) throws IOException {
        send(streamId, failure(status));
    }

    /** Sends the response; one too large for the client to accept is replaced by a status that says so. */
    private void send(int streamId, Response response) throws IOException {
        byte[] payload = response.toByteArray();
        if (payload.length > Frame.MAX_PAYLOAD) {
            payload = failure(Status.RESOURCE_EXHAUSTED.withDescription("response of " + payload.length
                    + " bytes exceeds maximum message size of " + Frame.MAX_PAYLOAD)).toByteArray();
        }
        writer.write(new Frame(streamId, MessageType.RESPONSE, 0, payload));
    }
}

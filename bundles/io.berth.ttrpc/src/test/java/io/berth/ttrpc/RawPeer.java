package io.berth.ttrpc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;

import io.berth.proto.ttrpc.Request;
import io.berth.proto.ttrpc.Response;

/** The other end of a ttrpc connection driven frame by frame, to send what a well-behaved peer never would. */
final class RawPeer implements AutoCloseable {
    final SocketChannel channel;
    private final FrameReader reader;
    private final FrameWriter writer;

    RawPeer(SocketChannel channel) {
        this.channel = channel;
        this.reader = new FrameReader(channel);
        this.writer = new FrameWriter(channel);
    }

    Frame read() throws IOException {
        return reader.read();
    }

    void write(Frame frame) throws IOException {
        writer.write(frame);
    }

    void request(int streamId, Request request) throws IOException {
        request(streamId, 0, request);
    }

    void request(int streamId, int flags, Request request) throws IOException {
        write(new Frame(streamId, MessageType.REQUEST, flags, request.toByteArray()));
    }

    void data(int streamId, int flags, Message message) throws IOException {
        write(new Frame(streamId, MessageType.DATA, flags, message.toByteArray()));
    }

    /** Writes a DATA frame that carries nothing, only its flags. */
    void data(int streamId, int flags) throws IOException {
        write(new Frame(streamId, MessageType.DATA, flags, Frame.NO_PAYLOAD));
    }

    void respond(int streamId, Response response) throws IOException {
        write(new Frame(streamId, MessageType.RESPONSE, 0, response.toByteArray()));
    }

    /** Writes a header and then that many bytes, whatever the limits say. */
    void writeRaw(int length, int streamId, int type, int flags) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(Frame.HEADER_LENGTH)
                .putInt(length).putInt(streamId).put((byte) type).put((byte) flags).flip();
        writeFully(header);
        writeFully(ByteBuffer.allocate(length));
    }

    void writeFully(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** Reads the next frame, which must have this type, stream and flags. */
    Frame expect(MessageType type, int streamId, int flags) throws IOException {
        Frame frame = read();
        if (frame == null || frame.type() != type || frame.streamId() != streamId || frame.flags() != flags) {
            throw new AssertionError("expected " + type + " on stream " + streamId + " with flags 0x"
                    + Integer.toHexString(flags) + ", got " + describe(frame));
        }
        return frame;
    }

    Response readResponse(int expectedStreamId) throws IOException {
        Frame frame = read();
        if (frame == null || frame.type() != MessageType.RESPONSE || frame.streamId() != expectedStreamId) {
            throw new AssertionError("expected a response on stream " + expectedStreamId + ", got " + describe(frame));
        }
        return Response.parseFrom(frame.payload());
    }

    Request readRequest() throws IOException {
        Frame frame = read();
        if (frame == null || frame.type() != MessageType.REQUEST) {
            throw new AssertionError("expected a request, got " + frame);
        }
        try {
            return Request.parseFrom(frame.payload());
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("undecodable request", e);
        }
    }

    private static String describe(Frame frame) {
        return frame == null ? "the end of the connection" : frame.type() + " on stream "
                + Integer.toUnsignedString(frame.streamId()) + " with flags 0x" + Integer.toHexString(frame.flags())
                + " and " + frame.payload().length + " bytes";
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}

package io.berth.ttrpc;

import com.google.protobuf.Message;

import io.berth.proto.ttrpc.Response;
import io.grpc.Status;
import io.grpc.StatusException;

/** The RESPONSE frames that end a call on the server's side. */
final class Responses {
    private Responses() {
    }

    static Response success(Message result) {
        return Response.newBuilder().setStatus(Statuses.toProto(Status.OK)).setPayload(result.toByteString()).build();
    }

    static Response failure(Status status) {
        return Response.newBuilder().setStatus(Statuses.toProto(status)).build();
    }

    /**
     * The response of a handler that threw: its status, or UNKNOWN naming anything else it threw, errors too
     * (a class that fails to link, a broken assertion), so that the caller is answered rather than left waiting.
     */
    static Response failure(String name, Throwable e) {
        if (e instanceof StatusException status) {
            return Response.newBuilder().setStatus(Statuses.toProto(status)).build();
        }
        return failure(Status.UNKNOWN.withDescription(name + " failed: " + e));
    }

    /** The frame for a response; one too large for the client to accept is replaced by a status that says so. */
    static Frame frame(int streamId, Response response) {
        byte[] payload = response.toByteArray();
        if (payload.length > Frame.MAX_PAYLOAD) {
            payload = failure(Status.RESOURCE_EXHAUSTED.withDescription("response of " + payload.length
                    + " bytes exceeds maximum message size of " + Frame.MAX_PAYLOAD)).toByteArray();
        }
        return new Frame(streamId, MessageType.RESPONSE, 0, payload);
    }
}

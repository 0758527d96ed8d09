package io.berth.ttrpc;

import java.util.List;
import java.util.Map;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;

import io.grpc.Status;
import io.grpc.StatusException;

/** A registered unary method: how to decode its request and who answers it. */
record UnaryMethod<Q extends Message>(Parser<Q> requestParser, UnaryHandler<Q> handler) implements Method {

    /** Decodes the request and runs the handler. */
    Message invoke(String name, ByteString payload, Map<String, List<String>> metadata) throws StatusException {
        Q request;
        try {
            request = requestParser.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            throw Status.INVALID_ARGUMENT.withDescription("cannot decode the request of " + name + ": "
                    + e.getMessage()).asException();
        }
        Message response = handler.handle(request, metadata);
        if (response == null) {
            throw Status.INTERNAL.withDescription(name + " returned no response").asException();
        }
        return response;
    }
}

package io.berth.ttrpc;

import java.util.List;
import java.util.Map;

import com.google.protobuf.Message;
import com.google.protobuf.Parser;

import io.grpc.StatusException;

/**
 * A registered streaming method: which sides stream, how to decode the client's messages, and the handler behind
 * one shape that fits all three kinds.
 *
 * @param clientStreams whether the client sends messages after its request; otherwise the request is the only one
 * @param serverStreams whether the server sends messages; otherwise it answers with one response
 */
record StreamMethod<Q extends Message>(Parser<Q> requestParser, boolean clientStreams, boolean serverStreams,
                                       Body<Q> body) implements Method {

    /** Runs the handler of one call. */
    @FunctionalInterface
    interface Body<Q extends Message> {
        /** @return the response when the server does not stream; null otherwise */
        Message run(StreamReceiver<Q> requests, StreamSender responses, Map<String, List<String>> metadata)
                throws StatusException;
    }

    static <Q extends Message> StreamMethod<Q> serverStreaming(Parser<Q> requestParser,
                                                               ServerStreamingHandler<Q> handler) {
        return new StreamMethod<>(requestParser, false, true, (requests, responses, metadata) -> {
            // The request is the one message the client sends, so it is there at once.
            handler.handle(requests.receive(), responses, metadata);
            return null;
        });
    }

    static <Q extends Message> StreamMethod<Q> clientStreaming(Parser<Q> requestParser,
                                                               ClientStreamingHandler<Q> handler) {
        return new StreamMethod<>(requestParser, true, false,
                (requests, responses, metadata) -> handler.handle(requests, metadata));
    }

    static <Q extends Message> StreamMethod<Q> bidiStreaming(Parser<Q> requestParser,
                                                             BidiStreamingHandler<Q> handler) {
        return new StreamMethod<>(requestParser, true, true, (requests, responses, metadata) -> {
            handler.handle(requests, responses, metadata);
            return null;
        });
    }
}

package io.berth.ttrpc;

import java.util.List;
import java.util.Map;

import com.google.protobuf.Message;

import io.grpc.StatusException;

/** Serves a client-streaming method: messages in until the client closes its end, then one response out. */
@FunctionalInterface
public interface ClientStreamingHandler<Q extends Message> {

    /**
     * @param metadata the request's metadata, each key with its values in the order sent; unmodifiable
     * @return the response, which ends the stream
     * @throws StatusException the status that ends the stream instead
     */
    Message handle(StreamReceiver<Q> requests, Map<String, List<String>> metadata) throws StatusException;
}

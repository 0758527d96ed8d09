package io.berth.ttrpc;

import java.util.List;
import java.util.Map;

import com.google.protobuf.Message;

import io.grpc.StatusException;

/** Serves a server-streaming method: one request in, any number of messages out. */
@FunctionalInterface
public interface ServerStreamingHandler<Q extends Message> {

    /**
     * Returning ends the stream successfully.
     *
     * @param metadata the request's metadata, each key with its values in the order sent; unmodifiable
     * @throws StatusException the status that ends the stream instead
     */
    void handle(Q request, StreamSender responses, Map<String, List<String>> metadata) throws StatusException;
}

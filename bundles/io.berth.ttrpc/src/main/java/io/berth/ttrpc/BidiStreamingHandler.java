package io.berth.ttrpc;

import java.util.List;
import java.util.Map;

import com.google.protobuf.Message;

import io.grpc.StatusException;

/** Serves a bidirectional method: messages flow both ways, in whatever order the handler chooses. */
@FunctionalInterface
public interface BidiStreamingHandler<Q extends Message> {

    /**
     * Returning ends the stream successfully, whether or not the client has closed its end.
     *
     * @param metadata the request's metadata, each key with its values in the order sent; unmodifiable
     * @throws StatusException the status that ends the stream instead
     */
    void handle(StreamReceiver<Q> requests, StreamSender responses, Map<String, List<String>> metadata)
            throws StatusException;
}

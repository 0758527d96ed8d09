package io.berth.ttrpc;

import java.util.List;
import java.util.Map;

import com.google.protobuf.Message;

import io.grpc.StatusException;

/** Serves one unary method: a request in, a response (or a status) out. */
@FunctionalInterface
public interface UnaryHandler<Q extends Message> {

    /**
     * @param metadata the request's metadata, each key with its values in the order sent; unmodifiable
     * @throws StatusException the status the caller receives
     */
    Message handle(Q request, Map<String, List<String>> metadata) throws StatusException;
}

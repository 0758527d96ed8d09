package io.berth.runtime.shim;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.google.protobuf.Message;
import com.google.protobuf.Parser;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.ttrpc.TtrpcClient;
import io.grpc.Status;
import io.grpc.StatusException;

/**
 * The connection to one shim's task API ({@code containerd.task.v2.Task}, or v3 for a shim that says so). A
 * refusal comes back as a {@link BerthException} of the kind the shim's status code names, with the shim's own
 * words, as containerd passes them on.
 */
final class ShimClient implements AutoCloseable {
    /** The ttrpc metadata key containerd sends the namespace in. */
    static final String NAMESPACE_KEY = "containerd-namespace-ttrpc";

    private final TtrpcClient client;
    private final String service;
    private final Map<String, List<String>> metadata;

    private ShimClient(TtrpcClient client, int version, String namespace) {
        this.client = client;
        this.service = "containerd.task.v" + version + ".Task";
        this.metadata = Map.of(NAMESPACE_KEY, List.of(namespace));
    }

    /**
     * Connects to a shim.
     *
     * @throws IOException when nothing listens on its socket
     */
    static ShimClient connect(ShimAddress address, String namespace) throws IOException {
        return new ShimClient(TtrpcClient.connect(address.socket()), address.version(), namespace);
    }

    /** Calls a method and waits for its answer as long as it takes (Wait takes as long as the process runs). */
    <R extends Message> R call(String method, Message request, Parser<R> parser) {
        return call(method, request, parser, null);
    }

    <R extends Message> R call(String method, Message request, Parser<R> parser, Duration timeout) {
        try {
            return client.call(service, method, request, parser, timeout, metadata);
        } catch (StatusException e) {
            throw failure(e.getStatus());
        }
    }

    void onClose(Runnable listener) {
        client.onClose(listener);
    }

    boolean isOpen() {
        return client.isOpen();
    }

    @Override
    public void close() {
        client.close();
    }

    private static BerthException failure(Status status) {
        String description = status.getDescription() == null ? status.getCode().toString() : status.getDescription();
        return new BerthException(kind(status.getCode()), description);
    }

    static ErrorKind kind(Status.Code code) {
        return switch (code) {
            case INVALID_ARGUMENT -> ErrorKind.INVALID_ARGUMENT;
            case NOT_FOUND -> ErrorKind.NOT_FOUND;
            case ALREADY_EXISTS -> ErrorKind.ALREADY_EXISTS;
            case FAILED_PRECONDITION -> ErrorKind.FAILED_PRECONDITION;
            case PERMISSION_DENIED -> ErrorKind.PERMISSION_DENIED;
            case RESOURCE_EXHAUSTED -> ErrorKind.RESOURCE_EXHAUSTED;
            case OUT_OF_RANGE -> ErrorKind.OUT_OF_RANGE;
            case ABORTED -> ErrorKind.ABORTED;
            case UNAVAILABLE -> ErrorKind.UNAVAILABLE;
            case UNIMPLEMENTED -> ErrorKind.NOT_IMPLEMENTED;
            case CANCELLED -> ErrorKind.CANCELED;
            case DEADLINE_EXCEEDED -> ErrorKind.DEADLINE_EXCEEDED;
            case DATA_LOSS -> ErrorKind.DATA_LOSS;
            case UNKNOWN -> ErrorKind.UNKNOWN;
            default -> ErrorKind.INTERNAL;
        };
    }
}

package io.berth.grpc.internal;

import io.berth.api.errors.BerthException;
import io.grpc.Status;

/** The one place where Berth's error kinds become gRPC status codes, as containerd's errdefs does. */
final class StatusMapping {
    private StatusMapping() {
    }

    static Status toStatus(BerthException e) {
        Status status = switch (e.kind()) {
            case INVALID_ARGUMENT -> Status.INVALID_ARGUMENT;
            case NOT_FOUND -> Status.NOT_FOUND;
            case ALREADY_EXISTS -> Status.ALREADY_EXISTS;
            case FAILED_PRECONDITION, CONFLICT -> Status.FAILED_PRECONDITION;
            case PERMISSION_DENIED -> Status.PERMISSION_DENIED;
            case RESOURCE_EXHAUSTED -> Status.RESOURCE_EXHAUSTED;
            case OUT_OF_RANGE -> Status.OUT_OF_RANGE;
            case ABORTED -> Status.ABORTED;
            case UNAVAILABLE -> Status.UNAVAILABLE;
            case NOT_IMPLEMENTED -> Status.UNIMPLEMENTED;
            case CANCELED -> Status.CANCELLED;
            case DEADLINE_EXCEEDED -> Status.DEADLINE_EXCEEDED;
            case DATA_LOSS -> Status.DATA_LOSS;
            case INTERNAL -> Status.INTERNAL;
            case UNKNOWN -> Status.UNKNOWN;
        };
        return status.withDescription(e.getMessage());
    }

    /**
     * The status to close a call with after a service failed: Berth errors keep their kind and
     * message; anything else is INTERNAL with the exception's own message, never a stack trace.
     */
    static Status toStatus(Throwable t) {
        if (t instanceof BerthException e) {
            return toStatus(e);
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return Status.INTERNAL.withDescription(message).withCause(t);
    }
}

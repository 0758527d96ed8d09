package io.berth.cli;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** A failure to report on one line: the message says what failed and why, without the "berth:" prefix. */
public final class CommandFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CommandFailure(String message) {
        super(message);
    }

    public CommandFailure(String message, Throwable cause) {
        super(message, cause);
    }

    /** "list plugins: Unavailable: daemon is shutting down" for a failed call. */
    public static CommandFailure of(String what, StatusRuntimeException e) {
        return new CommandFailure(what + ": " + describe(e.getStatus()), e);
    }

    /** The gRPC code of the failed call, or UNKNOWN for a failure that was no call. */
    public Status.Code code() {
        return getCause() instanceof StatusRuntimeException call ? call.getStatus().getCode() : Status.Code.UNKNOWN;
    }

    static String describe(Status status) {
        String description = status.getDescription();
        if (description == null && status.getCause() != null) {
            description = status.getCause().getMessage();
        }
        return GrpcCodes.name(status.getCode().value()) + ": " + (description == null ? "no description" : description);
    }
}

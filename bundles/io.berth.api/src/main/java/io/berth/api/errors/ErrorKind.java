package io.berth.api.errors;

/**
 * The classes of failure a caller can act on, as containerd's errdefs names them.
 * The gRPC edge maps each to its status code.
 */
public enum ErrorKind {
    INVALID_ARGUMENT,
    NOT_FOUND,
    ALREADY_EXISTS,
    FAILED_PRECONDITION,
    CONFLICT,
    PERMISSION_DENIED,
    RESOURCE_EXHAUSTED,
    OUT_OF_RANGE,
    ABORTED,
    UNAVAILABLE,
    NOT_IMPLEMENTED,
    CANCELED,
    DEADLINE_EXCEEDED,
    DATA_LOSS,
    INTERNAL,
    /** A failure its reporter did not class, as a runtime shim's own refusals are. */
    UNKNOWN
}

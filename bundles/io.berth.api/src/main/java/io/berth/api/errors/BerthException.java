package io.berth.api.errors;

import java.util.Objects;

/**
 * A failure with a kind the caller can act on and a message that says what and why.
 * Services throw it; the gRPC edge turns it into a status with the message as description.
 */
public class BerthException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorKind kind;

    public BerthException(ErrorKind kind, String message) {
        this(kind, message, null);
    }

    public BerthException(ErrorKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public ErrorKind kind() {
        return kind;
    }

    /**
     * The same refusal, its message led by what was being done ({@code context: message}), as containerd wraps an
     * error it passes on.
     */
    public BerthException withContext(String context) {
        return new BerthException(kind, context + ": " + getMessage(), this);
    }

    public static BerthException invalidArgument(String format, Object... args) {
        return new BerthException(ErrorKind.INVALID_ARGUMENT, String.format(format, args));
    }

    public static BerthException notFound(String format, Object... args) {
        return new BerthException(ErrorKind.NOT_FOUND, String.format(format, args));
    }

    public static BerthException alreadyExists(String format, Object... args) {
        return new BerthException(ErrorKind.ALREADY_EXISTS, String.format(format, args));
    }

    public static BerthException failedPrecondition(String format, Object... args) {
        return new BerthException(ErrorKind.FAILED_PRECONDITION, String.format(format, args));
    }

    public static BerthException unavailable(String format, Object... args) {
        return new BerthException(ErrorKind.UNAVAILABLE, String.format(format, args));
    }
}

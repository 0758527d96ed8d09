package io.berth.launcher;

/** berthd cannot start; the message is for the operator, without a stack trace. */
public final class LauncherException extends Exception {
    private static final long serialVersionUID = 1L;

    LauncherException(String message) {
        super(message);
    }

    LauncherException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.berth.launcher;

/** The command line is wrong: berthd prints the message and a hint, and exits 2. */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}

package io.berth.metadata.sqlite;

import java.sql.SQLException;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;

/** SQLite's result codes as the error kinds a caller can act on. */
final class SqlErrors {
    // SQLite's primary result codes (the low byte of an extended code).
    private static final int BUSY = 5;
    private static final int LOCKED = 6;
    private static final int READONLY = 8;
    private static final int CORRUPT = 11;
    private static final int FULL = 13;
    private static final int CONSTRAINT = 19;
    private static final int NOTADB = 26;

    private SqlErrors() {
    }

    /** @param what the statement or step that failed, for the message */
    static BerthException toBerth(String what, SQLException e) {
        ErrorKind kind = switch (e.getErrorCode() & 0xff) {
            case BUSY, LOCKED -> ErrorKind.UNAVAILABLE;
            case READONLY, CONSTRAINT -> ErrorKind.FAILED_PRECONDITION;
            case CORRUPT, NOTADB -> ErrorKind.DATA_LOSS;
            case FULL -> ErrorKind.RESOURCE_EXHAUSTED;
            default -> ErrorKind.INTERNAL;
        };
        return new BerthException(kind, "metadata: " + what + ": " + e.getMessage(), e);
    }
}

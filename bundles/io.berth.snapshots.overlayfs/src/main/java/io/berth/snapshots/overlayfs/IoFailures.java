package io.berth.snapshots.overlayfs;

import java.io.IOException;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;

/** Turns the file system's failures into errors that say which operation failed on what. */
final class IoFailures {
    private IoFailures() {
    }

    static BerthException of(String what, IOException e) {
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        // A full disk is the one I/O failure a client can act on (free space, retry later).
        ErrorKind kind = detail.contains("No space left on device") ? ErrorKind.RESOURCE_EXHAUSTED : ErrorKind.INTERNAL;
        return new BerthException(kind, what + ": " + detail, e);
    }
}

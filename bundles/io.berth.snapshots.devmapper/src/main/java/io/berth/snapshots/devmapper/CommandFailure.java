package io.berth.snapshots.devmapper;

import java.util.List;

/** A command that could not run or exited with a failure status. */
final class CommandFailure extends Exception {
    private static final long serialVersionUID = 1L;

    CommandFailure(List<String> argv, String why) {
        super(String.join(" ", argv) + ": " + why);
    }

    CommandFailure(List<String> argv, Exception cause) {
        super(String.join(" ", argv) + ": " + cause.getMessage(), cause);
    }
}

package io.berth.cli;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps grpc's and Netty's log lines off the terminal: they report details of the transport (such as
 * socket options a Unix socket does not have) that mean nothing to someone running a command.
 * Failures still reach the user through the command's own error line; --debug lets the logs through.
 */
final class LibraryLogging {
    // Held here because java.util.logging forgets the level of a logger nobody references.
    private static final List<Logger> LIBRARY_LOGGERS = List.of(Logger.getLogger("io.grpc"), Logger.getLogger("io.netty"));

    private LibraryLogging() {
    }

    static void configure(boolean debug) {
        for (Logger logger : LIBRARY_LOGGERS) {
            logger.setLevel(debug ? null : Level.OFF);
        }
    }
}

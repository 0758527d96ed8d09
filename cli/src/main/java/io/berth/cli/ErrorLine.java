package io.berth.cli;

import io.grpc.StatusRuntimeException;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;

/** The one line on standard error that reports a failure: "berth: what failed: why". */
public final class ErrorLine {
    private static final String PREFIX = "berth: ";

    private ErrorLine() {
    }

    public static String of(Throwable failure) {
        return PREFIX + switch (failure) {
            case CommandFailure known -> known.getMessage();
            case StatusRuntimeException call -> CommandFailure.describe(call.getStatus());
            default -> failure.getMessage() == null ? failure.getClass().getName() : failure.getMessage();
        };
    }

    /** A command line that could not be parsed, with a pointer to the help of the command concerned. */
    static String forUsage(CommandSpec command, String message) {
        return PREFIX + lowerFirst(message) + " (see '" + command.qualifiedName() + " --help')";
    }

    /** Java's messages start with a capital; Go's, which ctr prints, do not. */
    static String lowerFirst(String message) {
        if (message == null || message.isEmpty()) {
            return "no description";
        }
        return message.substring(0, 1).toLowerCase(Locale.ROOT) + message.substring(1);
    }
}

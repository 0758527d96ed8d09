package io.berth.itests.support;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

import com.google.protobuf.Message;
import com.google.protobuf.TextFormat;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** What a call of containerd's API answered, as text to hold one daemon's answer against another's. */
public final class ApiAnswers {
    /** What containerd's errdefs call the errors of each code. */
    private static final Map<Status.Code, String> ERRDEFS_WORDS = Map.of(
            Status.Code.NOT_FOUND, "not found",
            Status.Code.ALREADY_EXISTS, "already exists",
            Status.Code.INVALID_ARGUMENT, "invalid argument",
            Status.Code.FAILED_PRECONDITION, "failed precondition",
            Status.Code.UNIMPLEMENTED, "not implemented",
            Status.Code.UNAVAILABLE, "unavailable",
            Status.Code.UNKNOWN, "unknown");
    private static final Pattern PID = Pattern.compile("pid: \\d+");
    private static final Pattern EXITED_AT = Pattern.compile("exited_at \\{[^}]*\\}");

    private ApiAnswers() {
    }

    /**
     * The message on one line, or the code and the description as containerd's Go client reads it, without the
     * code's own words at its end (errdefs.FromGRPC takes them off, and puts them back on its own).
     *
     * @param whole the message or description too, not only whether the call succeeded and with which code
     */
    public static String of(Callable<? extends Message> call, boolean whole) {
        try {
            Message message = call.call();
            return whole ? TextFormat.printer().emittingSingleLine(true).printToString(message) : "OK";
        } catch (StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            String description = String.valueOf(e.getStatus().getDescription());
            String ownWords = ": " + ERRDEFS_WORDS.getOrDefault(code, "");
            if (description.endsWith(ownWords)) {
                description = description.substring(0, description.length() - ownWords.length());
            }
            return whole ? code + ": " + description : code.toString();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The whole answer of a call about processes, their pids and exit times masked: each run has its own. */
    public static String ofProcesses(Callable<? extends Message> call) {
        return PID.matcher(EXITED_AT.matcher(of(call, true)).replaceAll("exited_at TIME")).replaceAll("pid: N");
    }
}

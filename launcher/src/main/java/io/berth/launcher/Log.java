package io.berth.launcher;

import java.io.PrintStream;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The launcher's own log lines, in the daemon's one-line format:
 * {@code 2026-11-23T19:30:00.123Z INFO  [berthd] message}.
 */
final class Log {
    private final LogLevel threshold;
    private final PrintStream out;

    Log(LogLevel threshold, PrintStream out) {
        this.threshold = threshold;
        this.out = out;
    }

    /** The daemon's log: stderr, at {@code level} or {@code info} when none was given. */
    static Log toStderr(LogLevel level) {
        return new Log(level != null ? level : LogLevel.INFO, System.err);
    }

    void debug(String message) {
        log(LogLevel.DEBUG, "berthd", message, null);
    }

    void info(String message) {
        log(LogLevel.INFO, "berthd", message, null);
    }

    void warn(String message) {
        log(LogLevel.WARN, "berthd", message, null);
    }

    void error(String message, Throwable cause) {
        log(LogLevel.ERROR, "berthd", message, cause);
    }

    void log(LogLevel level, String component, String message, Throwable cause) {
        if (!threshold.includes(level)) {
            return;
        }
        String text = cause == null ? message : message + ": " + cause;
        out.println(line(System.currentTimeMillis(), level, component, text));
        // A stack trace breaks the one-line format: only when someone asked for detail.
        if (cause != null && threshold.compareTo(LogLevel.DEBUG) <= 0) {
            cause.printStackTrace(out);
        }
    }

    static String line(long epochMillis, LogLevel level, String component, String message) {
        // Formatted by hand: java.time's formatters cost class loading on the start-up path.
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(epochMillis, 1000L), 0, ZoneOffset.UTC);
        StringBuilder line = new StringBuilder(40 + message.length());
        digits(line, t.getYear(), 4).append('-');
        digits(line, t.getMonthValue(), 2).append('-');
        digits(line, t.getDayOfMonth(), 2).append('T');
        digits(line, t.getHour(), 2).append(':');
        digits(line, t.getMinute(), 2).append(':');
        digits(line, t.getSecond(), 2).append('.');
        digits(line, (int) Math.floorMod(epochMillis, 1000L), 3).append("Z ");
        String name = level.name();
        line.append(name).repeat(' ', 5 - name.length());
        return line.append(" [").append(component).append("] ").append(message).toString();
    }

    private static StringBuilder digits(StringBuilder line, int value, int width) {
        String text = Integer.toString(value);
        return line.repeat('0', width - text.length()).append(text);
    }
}

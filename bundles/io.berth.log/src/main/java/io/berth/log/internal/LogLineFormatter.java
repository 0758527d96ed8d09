package io.berth.log.internal;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

import org.osgi.service.log.LogLevel;
import org.osgi.service.log.Logger;

/**
 * One log entry as one line: {@code 2026-11-23T19:30:00.123Z INFO  [source] message: Exception: why}.
 * A line never contains a line break of the message's own, so that each entry stays one line
 * for grep and journald; only a requested stack trace follows on lines of its own.
 */
final class LogLineFormatter {
    /** The logger name behind the legacy {@code LogService.log} methods; Felix appends the bundle's name. */
    private static final String LEGACY_LOGGER_NAME = "LogService";
    /** The Log service names framework, bundle and service events {@code Events.*}; their bundle says more. */
    private static final String EVENT_LOGGER_PREFIX = "Events.";
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private LogLineFormatter() {
    }

    /**
     * The line for an entry, ending with a line break.
     *
     * @param source what goes between the brackets, see {@link #source(String, String)}
     * @param stackTrace whether the exception's stack trace follows the line
     */
    static String format(long epochMillis, LogLevel level, String source, String message, Throwable thrown,
                         boolean stackTrace) {
        StringBuilder line = new StringBuilder(160);
        TIME.formatTo(Instant.ofEpochMilli(epochMillis), line);
        line.append(' ').append(padded(level.name())).append(" [").append(source).append("] ");
        line.append(oneLine(message == null ? "" : message));
        if (thrown != null) {
            line.append(": ");
            summarize(thrown, line);
        }
        line.append('\n');
        if (thrown != null && stackTrace) {
            StringWriter trace = new StringWriter();
            thrown.printStackTrace(new PrintWriter(trace));
            line.append(trace);
        }
        return line.toString();
    }

    /** The bundle's symbolic name, or the logger's name when it says more than the bundle's default logger. */
    static String source(String bundleName, String loggerName) {
        boolean defaultLogger = loggerName == null || loggerName.isEmpty() || loggerName.equals(bundleName)
                || loggerName.equals(Logger.ROOT_LOGGER_NAME) || loggerName.equals(LEGACY_LOGGER_NAME)
                || loggerName.equals(LEGACY_LOGGER_NAME + "." + bundleName) || loggerName.startsWith(EVENT_LOGGER_PREFIX);
        if (!defaultLogger) {
            return loggerName;
        }
        if (bundleName != null) {
            return bundleName;
        }
        return loggerName == null || loggerName.isEmpty() ? "-" : loggerName;
    }

    /**
     * The message followed by {@code service=<objectClass>}: the framework's service events
     * ({@code ServiceEvent REGISTERED}) do not say which service they are about.
     */
    static String withService(String message, Object objectClass) {
        String text = message == null ? "" : message;
        if (!(objectClass instanceof String[] names) || names.length == 0) {
            return text;
        }
        return text + " service=" + String.join(",", names);
    }

    /** {@code Class: message; caused by Class: message ...}, stopping where causes loop. */
    private static void summarize(Throwable thrown, StringBuilder line) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = thrown; t != null && seen.add(t); t = t.getCause()) {
            if (t != thrown) {
                line.append("; caused by ");
            }
            line.append(t.getClass().getName());
            String why = t.getLocalizedMessage();
            if (why != null) {
                line.append(": ").append(oneLine(why));
            }
        }
    }

    private static String padded(String levelName) {
        return levelName.length() >= 5 ? levelName : levelName + " ".repeat(5 - levelName.length());
    }

    private static String oneLine(String text) {
        return text.replace("\r", "\\r").replace("\n", "\\n");
    }
}

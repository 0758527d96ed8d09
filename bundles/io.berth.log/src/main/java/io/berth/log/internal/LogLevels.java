package io.berth.log.internal;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Level;

import org.osgi.service.log.LogLevel;

/** containerd's level names, and the translation between OSGi and java.util.logging levels. */
final class LogLevels {
    /** The names containerd accepts, in order of growing severity. */
    static final List<String> NAMES = List.of("trace", "debug", "info", "warn", "error", "fatal", "panic");

    private LogLevels() {
    }

    /** The OSGi level for a containerd level name; OSGi has nothing above error, so fatal and panic are error. */
    static Optional<LogLevel> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "trace" -> LogLevel.TRACE;
            case "debug" -> LogLevel.DEBUG;
            case "info" -> LogLevel.INFO;
            case "warn", "warning" -> LogLevel.WARN; // containerd accepts both spellings
            case "error", "fatal", "panic" -> LogLevel.ERROR;
            default -> null;
        });
    }

    /** Whether exceptions get their full stack trace at this level. */
    static boolean showsStackTraces(LogLevel level) {
        return level.implies(LogLevel.DEBUG);
    }

    /**
     * The java.util.logging threshold for a level, never below INFO: grpc-java and Netty log
     * through java.util.logging, and their debug output is a flood.
     */
    static Level javaLoggingThreshold(LogLevel level) {
        return switch (level) {
            case AUDIT, ERROR -> Level.SEVERE;
            case WARN -> Level.WARNING;
            case INFO, DEBUG, TRACE -> Level.INFO;
        };
    }

    /** The OSGi level of a java.util.logging record, by its numeric value so that custom levels fit too. */
    static LogLevel fromJavaLogging(Level level) {
        int value = level.intValue();
        if (value >= Level.SEVERE.intValue()) {
            return LogLevel.ERROR;
        }
        if (value >= Level.WARNING.intValue()) {
            return LogLevel.WARN;
        }
        if (value >= Level.INFO.intValue()) {
            return LogLevel.INFO;
        }
        if (value >= Level.FINE.intValue()) {
            return LogLevel.DEBUG;
        }
        return LogLevel.TRACE;
    }
}

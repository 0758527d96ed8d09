package io.berth.launcher;

import java.util.Locale;

/** containerd's log levels, least to most severe. */
public enum LogLevel {
    TRACE, DEBUG, INFO, WARN, ERROR, FATAL, PANIC;

    /** The level named as on containerd's command line ({@code debug}, {@code warn}, ...). */
    public static LogLevel parse(String name) {
        for (LogLevel level : values()) {
            if (level.flagName().equals(name)) {
                return level;
            }
        }
        throw new IllegalArgumentException("unknown log level \"" + name
                + "\" (trace, debug, info, warn, error, fatal or panic)");
    }

    /** The name as the flag and the framework property {@code berth.log.level} spell it. */
    public String flagName() {
        return name().toLowerCase(Locale.ROOT);
    }

    boolean includes(LogLevel other) {
        return other.compareTo(this) >= 0;
    }
}

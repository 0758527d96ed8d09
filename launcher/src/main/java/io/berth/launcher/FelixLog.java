package io.berth.launcher;

import org.apache.felix.framework.Logger;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

/** Felix's own messages (resolution and start failures) in the daemon's log format on stderr. */
final class FelixLog extends Logger {
    private final Log log;

    FelixLog(Log log) {
        this.log = log;
    }

    @Override
    @SuppressWarnings("rawtypes") // Felix declares the raw type; an override must match its erasure.
    protected void doLog(Bundle bundle, ServiceReference reference, int level, String message, Throwable cause) {
        String text = bundle == null ? message
                : "bundle " + bundle.getSymbolicName() + " [" + bundle.getBundleId() + "]: " + message;
        log.log(level(level), "felix", text, cause);
    }

    private static LogLevel level(int felixLevel) {
        return switch (felixLevel) {
            case LOG_ERROR -> LogLevel.ERROR;
            case LOG_WARNING -> LogLevel.WARN;
            case LOG_INFO -> LogLevel.INFO;
            default -> LogLevel.DEBUG;
        };
    }
}

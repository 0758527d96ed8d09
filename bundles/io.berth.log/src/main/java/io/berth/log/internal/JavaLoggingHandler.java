package io.berth.log.internal;

import java.util.Objects;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * Hands java.util.logging records to the OSGi Log service under their own logger names, so that
 * they reach stderr through the same writer, in the same format, as everything else.
 */
final class JavaLoggingHandler extends Handler {
    private static final String UNNAMED_LOGGER = "java.util.logging";

    private final LoggerFactory loggers;
    /** Only its {@code formatMessage} is used: it fills in parameters and resource bundles. */
    private final SimpleFormatter messages = new SimpleFormatter();

    JavaLoggingHandler(LoggerFactory loggers) {
        this.loggers = loggers;
        setLevel(Level.INFO);
    }

    @Override
    public void publish(LogRecord record) {
        if (!isLoggable(record)) {
            return;
        }
        Logger logger = loggers.getLogger(Objects.requireNonNullElse(record.getLoggerName(), UNNAMED_LOGGER));
        String message = messages.formatMessage(record);
        // The message is an argument, not the format, so braces in it are never taken for placeholders;
        // a trailing Throwable argument becomes the entry's exception.
        Object[] arguments = record.getThrown() == null
                ? new Object[] {message}
                : new Object[] {message, record.getThrown()};
        switch (LogLevels.fromJavaLogging(record.getLevel())) {
            case AUDIT -> logger.audit("{}", arguments);
            case ERROR -> logger.error("{}", arguments);
            case WARN -> logger.warn("{}", arguments);
            case INFO -> logger.info("{}", arguments);
            case DEBUG -> logger.debug("{}", arguments);
            case TRACE -> logger.trace("{}", arguments);
        }
    }

    @Override
    public void flush() {
        // Nothing is buffered here: the Log service owns delivery.
    }

    @Override
    public void close() {
        // Nothing to release: the LoggerFactory belongs to the component that installed this handler.
    }
}

package io.berth.log.internal;

import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.Collections;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;
import org.osgi.service.log.admin.LoggerAdmin;
import org.osgi.service.log.admin.LoggerContext;

/**
 * Writes log entries to stderr, one line each (see {@link LogLineFormatter}), at the levels the
 * logger contexts set ({@link RootLogLevel}). It checks those levels itself: the Log service
 * reports framework events without consulting them. It also decides whether exceptions come with
 * stack traces, and follows level changes without re-registering its listener.
 */
@Component(immediate = true, configurationPid = DebugConfig.PID)
public final class StderrLogWriter {
    private final LogReaderService reader;
    private final LoggerAdmin loggerAdmin;
    private final PrintStream stderr = System.err;
    private final Charset charset = stderr.charset();
    private final LogListener listener = this::write;
    private volatile boolean stackTraces;
    /** Entries up to this sequence number were written from the history; guarded by {@link #stderr}. */
    private long replayedUpTo = -1;

    @Activate
    public StderrLogWriter(@Reference(name = "reader") LogReaderService reader,
                           @Reference(name = "loggerAdmin") LoggerAdmin loggerAdmin, DebugConfig config) {
        this.reader = reader;
        this.loggerAdmin = loggerAdmin;
        modified(config);
        synchronized (stderr) {
            reader.addLogListener(listener);
            replayHistory();
        }
    }

    @Modified
    void modified(DebugConfig config) {
        LogLevels.parse(config.level()).ifPresent(level -> stackTraces = LogLevels.showsStackTraces(level));
    }

    @Deactivate
    void deactivate() {
        reader.removeLogListener(listener);
    }

    /**
     * Writes what was logged before this listener existed (e.g. a config error during start-up).
     * The listener is registered first, so nothing falls between; sequence numbers drop the overlap.
     */
    private void replayHistory() {
        List<LogEntry> newestFirst = Collections.list(reader.getLog());
        for (LogEntry entry : newestFirst.reversed()) {
            write(entry);
            replayedUpTo = Math.max(replayedUpTo, entry.getSequence());
        }
    }

    private void write(LogEntry entry) {
        Bundle bundle = entry.getBundle();
        if (!enabled(entry, bundle)) {
            return;
        }
        String source = LogLineFormatter.source(bundle == null ? null : bundle.getSymbolicName(),
                entry.getLoggerName());
        ServiceReference<?> service = entry.getServiceReference();
        String message = service == null
                ? entry.getMessage()
                : LogLineFormatter.withService(entry.getMessage(), service.getProperty(Constants.OBJECTCLASS));
        String line = LogLineFormatter.format(entry.getTime(), entry.getLogLevel(), source, message,
                entry.getException(), stackTraces);
        byte[] bytes = line.getBytes(charset);
        // One write per entry, under the stream's own lock, so that lines from different threads never mix.
        synchronized (stderr) {
            if (entry.getSequence() <= replayedUpTo) {
                return;
            }
            stderr.write(bytes, 0, bytes.length);
            stderr.flush();
        }
    }

    private boolean enabled(LogEntry entry, Bundle bundle) {
        LoggerContext context = loggerAdmin.getLoggerContext(bundle == null ? null : bundle.getSymbolicName());
        return context.getEffectiveLogLevel(entry.getLoggerName()).implies(entry.getLogLevel());
    }
}

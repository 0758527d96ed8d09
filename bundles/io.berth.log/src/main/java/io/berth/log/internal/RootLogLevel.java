package io.berth.log.internal;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.log.admin.LoggerAdmin;
import org.osgi.service.log.admin.LoggerContext;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Sets the level of the root logger context, which every bundle's loggers inherit, from
 * {@code [debug] level}. A change is applied in place, so an edit of config.toml takes effect
 * without restarting anything.
 */
@Component(immediate = true, configurationPid = DebugConfig.PID)
@Designate(ocd = DebugConfig.class)
public final class RootLogLevel {
    /**
     * The Log service reports every bundle and service event at INFO under these names: at
     * info level that is a page of noise per start, so they show only at debug and trace.
     */
    static final String[] FRAMEWORK_EVENT_LOGGERS = {"Events.Bundle", "Events.Service", "Events.Framework"};

    private final LoggerContext rootContext;
    private final Logger log;
    /** What the root context held before, put back when this component goes away. */
    private final Map<String, LogLevel> previousLevels;

    @Activate
    public RootLogLevel(@Reference(name = "loggerAdmin") LoggerAdmin loggerAdmin,
                        @Reference(name = "log", service = LoggerFactory.class) Logger log,
                        DebugConfig config) {
        this.rootContext = loggerAdmin.getLoggerContext(null);
        this.log = log;
        this.previousLevels = rootContext.getLogLevels();
        apply(config);
    }

    @Modified
    void modified(DebugConfig config) {
        apply(config);
    }

    /** Framework events follow the root level at debug and trace; otherwise only their warnings show. */
    static LogLevel eventLevel(LogLevel root) {
        return root.implies(LogLevel.DEBUG) ? root : LogLevel.WARN;
    }

    @Deactivate
    void deactivate() {
        rootContext.setLogLevels(previousLevels);
    }

    private void apply(DebugConfig config) {
        Optional<LogLevel> level = LogLevels.parse(config.level());
        if (level.isEmpty()) {
            log.warn("unknown log level \"{}\" ([debug] level, PID {}); use one of {}; keeping {}", config.level(),
                    DebugConfig.PID, String.join(", ", LogLevels.NAMES),
                    rootContext.getEffectiveLogLevel(Logger.ROOT_LOGGER_NAME).name().toLowerCase(Locale.ROOT));
            return;
        }
        // Only the root entry and the framework's event loggers change: levels set for single
        // loggers (e.g. from the shell) stay.
        Map<String, LogLevel> levels = new HashMap<>(rootContext.getLogLevels());
        levels.put(Logger.ROOT_LOGGER_NAME, level.get());
        LogLevel events = eventLevel(level.get());
        for (String eventLogger : FRAMEWORK_EVENT_LOGGERS) {
            levels.put(eventLogger, events);
        }
        rootContext.setLogLevels(levels);
    }
}

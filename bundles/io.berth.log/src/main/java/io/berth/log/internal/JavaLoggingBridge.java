package io.berth.log.internal;

import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.LoggerFactory;

/**
 * Routes java.util.logging (grpc-java, Netty, the JDK) into the OSGi Log service while active:
 * the JUL root handlers are replaced on activation and put back on deactivation. Its threshold
 * follows {@code [debug] level} but never goes below INFO.
 */
@Component(immediate = true, configurationPid = DebugConfig.PID)
public final class JavaLoggingBridge {
    private final java.util.logging.Logger julRoot = java.util.logging.Logger.getLogger("");
    private final List<Handler> previousHandlers = List.of(julRoot.getHandlers());
    private final Level previousLevel = julRoot.getLevel();
    private final Handler handler;

    @Activate
    public JavaLoggingBridge(@Reference(name = "loggers") LoggerFactory loggers, DebugConfig config) {
        this.handler = new JavaLoggingHandler(loggers);
        modified(config);
        previousHandlers.forEach(julRoot::removeHandler);
        julRoot.addHandler(handler);
    }

    @Modified
    void modified(DebugConfig config) {
        LogLevels.parse(config.level()).map(LogLevels::javaLoggingThreshold).ifPresent(threshold -> {
            // Both: the root level spares building records, the handler's catches loggers with levels of their own.
            handler.setLevel(threshold);
            julRoot.setLevel(threshold);
        });
    }

    @Deactivate
    void deactivate() {
        julRoot.removeHandler(handler);
        previousHandlers.forEach(julRoot::addHandler);
        julRoot.setLevel(previousLevel);
    }
}

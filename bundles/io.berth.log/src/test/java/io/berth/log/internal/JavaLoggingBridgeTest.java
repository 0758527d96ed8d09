package io.berth.log.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

class JavaLoggingBridgeTest {
    private final java.util.logging.Logger julRoot = java.util.logging.Logger.getLogger("");
    private List<Handler> handlersBefore;
    private Level levelBefore;
    /** What reached the OSGi loggers: {@code <logger name> <method> <arguments>}. */
    private final List<String> logged = new ArrayList<>();

    /** A LoggerFactory whose loggers write down each call. */
    private final LoggerFactory loggers = (LoggerFactory) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {LoggerFactory.class}, (factory, getLogger, name) ->
                    Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Logger.class},
                            (logger, method, arguments) -> {
                                logged.add(name[0] + " " + method.getName() + " " + Arrays.deepToString(arguments));
                                return null;
                            }));

    private static DebugConfig level(String name) {
        return new DebugConfig() {
            @Override
            public String level() {
                return name;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return DebugConfig.class;
            }
        };
    }

    @BeforeEach
    void rememberJavaLogging() {
        handlersBefore = List.of(julRoot.getHandlers());
        levelBefore = julRoot.getLevel();
    }

    @AfterEach
    void javaLoggingIsAsBefore() {
        assertEquals(handlersBefore, List.of(julRoot.getHandlers()));
        assertSame(levelBefore, julRoot.getLevel());
    }

    @Test
    void recordsReachTheOsgiLoggerOfTheirName() {
        JavaLoggingBridge bridge = new JavaLoggingBridge(loggers, level("info"));
        try {
            IllegalStateException thrown = new IllegalStateException("closed");
            java.util.logging.Logger.getLogger("io.grpc.netty.Test").log(Level.WARNING, "stream {0} reset", 7);
            java.util.logging.Logger.getLogger("io.netty.Test").log(Level.SEVERE, "failed {x}", thrown);
            assertEquals(List.of(
                    "io.grpc.netty.Test warn [{}, [stream 7 reset]]",
                    "io.netty.Test error [{}, [failed {x}, " + thrown + "]]"), logged);
        } finally {
            bridge.deactivate();
        }
    }

    @Test
    void neverMoreVerboseThanInfoEvenAtTrace() {
        JavaLoggingBridge bridge = new JavaLoggingBridge(loggers, level("trace"));
        try {
            java.util.logging.Logger netty = java.util.logging.Logger.getLogger("io.netty.Flood");
            netty.fine("frame");
            netty.info("bound");
            assertEquals(List.of("io.netty.Flood info [{}, [bound]]"), logged);
        } finally {
            bridge.deactivate();
        }
    }

    @Test
    void aLevelChangeAppliesWithoutReinstalling() {
        JavaLoggingBridge bridge = new JavaLoggingBridge(loggers, level("info"));
        try {
            List<Handler> installed = List.of(julRoot.getHandlers());
            bridge.modified(level("error"));
            java.util.logging.Logger.getLogger("io.grpc.Test").warning("dropped");
            assertEquals(List.of(), logged);
            assertEquals(installed, List.of(julRoot.getHandlers()));

            bridge.modified(level("nonsense"));
            assertEquals(Level.SEVERE, julRoot.getLevel());
        } finally {
            bridge.deactivate();
        }
    }
}

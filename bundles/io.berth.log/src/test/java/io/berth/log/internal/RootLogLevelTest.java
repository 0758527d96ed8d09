package io.berth.log.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.osgi.service.log.LogLevel;

class RootLogLevelTest {
    @Test
    void frameworkEventsShowOnlyAtDebugAndTrace() {
        assertEquals(LogLevel.DEBUG, RootLogLevel.eventLevel(LogLevel.DEBUG));
        assertEquals(LogLevel.TRACE, RootLogLevel.eventLevel(LogLevel.TRACE));
        assertEquals(LogLevel.WARN, RootLogLevel.eventLevel(LogLevel.INFO));
        assertEquals(LogLevel.WARN, RootLogLevel.eventLevel(LogLevel.ERROR));
    }
}

package io.berth.log.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.logging.Level;

import org.junit.jupiter.api.Test;
import org.osgi.service.log.LogLevel;

class LogLevelsTest {

    @Test
    void containerdNamesMapToOsgiLevels() {
        assertEquals(Optional.of(LogLevel.TRACE), LogLevels.parse("trace"));
        assertEquals(Optional.of(LogLevel.DEBUG), LogLevels.parse("debug"));
        assertEquals(Optional.of(LogLevel.INFO), LogLevels.parse("info"));
        assertEquals(Optional.of(LogLevel.WARN), LogLevels.parse("warn"));
        assertEquals(Optional.of(LogLevel.ERROR), LogLevels.parse("error"));
    }

    @Test
    void fatalAndPanicAreError() {
        assertEquals(Optional.of(LogLevel.ERROR), LogLevels.parse("fatal"));
        assertEquals(Optional.of(LogLevel.ERROR), LogLevels.parse("panic"));
    }

    @Test
    void namesIgnoreCaseAndSurroundingSpaceAndAcceptWarning() {
        assertEquals(Optional.of(LogLevel.DEBUG), LogLevels.parse(" DEBUG "));
        assertEquals(Optional.of(LogLevel.WARN), LogLevels.parse("Warning"));
    }

    @Test
    void unknownNamesAreRejected() {
        assertEquals(Optional.empty(), LogLevels.parse("verbose"));
        assertEquals(Optional.empty(), LogLevels.parse(""));
        assertEquals(Optional.empty(), LogLevels.parse(null));
    }

    @Test
    void everyAdvertisedNameParses() {
        LogLevels.NAMES.forEach(name -> assertTrue(LogLevels.parse(name).isPresent(), name));
    }

    @Test
    void stackTracesOnlyAtDebugAndTrace() {
        assertTrue(LogLevels.showsStackTraces(LogLevel.TRACE));
        assertTrue(LogLevels.showsStackTraces(LogLevel.DEBUG));
        assertFalse(LogLevels.showsStackTraces(LogLevel.INFO));
        assertFalse(LogLevels.showsStackTraces(LogLevel.ERROR));
    }

    @Test
    void javaLoggingIsNeverMoreVerboseThanInfo() {
        assertEquals(Level.INFO, LogLevels.javaLoggingThreshold(LogLevel.TRACE));
        assertEquals(Level.INFO, LogLevels.javaLoggingThreshold(LogLevel.DEBUG));
        assertEquals(Level.INFO, LogLevels.javaLoggingThreshold(LogLevel.INFO));
        assertEquals(Level.WARNING, LogLevels.javaLoggingThreshold(LogLevel.WARN));
        assertEquals(Level.SEVERE, LogLevels.javaLoggingThreshold(LogLevel.ERROR));
    }

    @Test
    void javaLoggingLevelsMapToOsgiLevels() {
        assertEquals(LogLevel.ERROR, LogLevels.fromJavaLogging(Level.SEVERE));
        assertEquals(LogLevel.WARN, LogLevels.fromJavaLogging(Level.WARNING));
        assertEquals(LogLevel.INFO, LogLevels.fromJavaLogging(Level.INFO));
        assertEquals(LogLevel.DEBUG, LogLevels.fromJavaLogging(Level.CONFIG));
        assertEquals(LogLevel.DEBUG, LogLevels.fromJavaLogging(Level.FINE));
        assertEquals(LogLevel.TRACE, LogLevels.fromJavaLogging(Level.FINER));
        assertEquals(LogLevel.TRACE, LogLevels.fromJavaLogging(Level.FINEST));
    }
}

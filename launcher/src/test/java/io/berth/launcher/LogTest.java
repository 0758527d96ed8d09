package io.berth.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class LogTest {
    @Test
    void aLineIsUtcInstantWithMillisPaddedLevelAndComponent() {
        long millis = Instant.parse("2026-11-23T19:30:00.123Z").toEpochMilli();
        assertEquals("2026-11-23T19:30:00.123Z INFO  [berthd] message", Log.line(millis, LogLevel.INFO, "berthd", "message"));
        assertEquals("1970-01-01T00:00:00.007Z ERROR [felix] x", Log.line(7, LogLevel.ERROR, "felix", "x"));
        assertEquals("2026-01-02T03:04:05.000Z WARN  [berthd] m",
                Log.line(Instant.parse("2026-01-02T03:04:05Z").toEpochMilli(), LogLevel.WARN, "berthd", "m"));
    }

    @Test
    void linesBelowTheThresholdAreDropped() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Log log = new Log(LogLevel.WARN, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        log.info("quiet");
        log.warn("loud");
        log.error("failed", new IllegalStateException("why"));
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(2, lines.length);
        assertTrue(lines[0].endsWith(" WARN  [berthd] loud"), lines[0]);
        assertTrue(lines[1].endsWith(" ERROR [berthd] failed: java.lang.IllegalStateException: why"), lines[1]);
    }

    @Test
    void levelsParseByTheirFlagNames() {
        for (LogLevel level : LogLevel.values()) {
            assertEquals(level, LogLevel.parse(level.flagName()));
        }
    }
}

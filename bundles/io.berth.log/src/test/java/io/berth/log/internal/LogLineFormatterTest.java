package io.berth.log.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.osgi.service.log.LogLevel;

class LogLineFormatterTest {
    private static final long TIME = Instant.parse("2026-11-23T19:30:00.123Z").toEpochMilli();

    @Test
    void lineHasUtcMillisPaddedLevelSourceAndMessage() {
        assertEquals("2026-11-23T19:30:00.123Z INFO  [io.berth.grpc] serving on /run/berth/berth.sock\n",
                LogLineFormatter.format(TIME, LogLevel.INFO, "io.berth.grpc", "serving on /run/berth/berth.sock",
                        null, false));
    }

    @Test
    void millisAreAlwaysPrinted() {
        long whole = Instant.parse("2026-01-02T03:04:05Z").toEpochMilli();
        assertTrue(LogLineFormatter.format(whole, LogLevel.ERROR, "b", "m", null, false)
                .startsWith("2026-01-02T03:04:05.000Z ERROR [b] m"));
    }

    @Test
    void everyLevelTakesFiveColumns() {
        for (LogLevel level : LogLevel.values()) {
            String line = LogLineFormatter.format(TIME, level, "b", "m", null, false);
            assertEquals(" [b] m\n", line.substring("2026-11-23T19:30:00.123Z ".length() + 5), level.name());
        }
    }

    @Test
    void exceptionAndCausesAreSummarisedOnTheSameLine() {
        Exception thrown = new IllegalStateException("cannot start",
                new IOException("read failed", new NoSuchFileException("/etc/berth/config.toml")));
        assertEquals("2026-11-23T19:30:00.123Z ERROR [b] failed: java.lang.IllegalStateException: cannot start"
                        + "; caused by java.io.IOException: read failed"
                        + "; caused by java.nio.file.NoSuchFileException: /etc/berth/config.toml\n",
                LogLineFormatter.format(TIME, LogLevel.ERROR, "b", "failed", thrown, false));
    }

    @Test
    void exceptionWithoutMessageIsItsClassName() {
        assertEquals("2026-11-23T19:30:00.123Z WARN  [b] oops: java.lang.NullPointerException\n",
                LogLineFormatter.format(TIME, LogLevel.WARN, "b", "oops", new NullPointerException(), false));
    }

    @Test
    void stackTraceFollowsTheLineWhenAsked() {
        String text = LogLineFormatter.format(TIME, LogLevel.ERROR, "b", "failed",
                new IllegalStateException("cannot start"), true);
        String[] lines = text.split("\n");
        assertEquals("2026-11-23T19:30:00.123Z ERROR [b] failed: java.lang.IllegalStateException: cannot start",
                lines[0]);
        assertEquals("java.lang.IllegalStateException: cannot start", lines[1]);
        assertTrue(lines[2].startsWith("\tat "), lines[2]);
    }

    @Test
    void lineBreaksInMessagesAreEscaped() {
        assertEquals("2026-11-23T19:30:00.123Z INFO  [b] one\\ntwo\\r\\nthree: java.lang.Exception: a\\nb\n",
                LogLineFormatter.format(TIME, LogLevel.INFO, "b", "one\ntwo\r\nthree", new Exception("a\nb"), false));
    }

    @Test
    void nullMessageIsEmpty() {
        assertEquals("2026-11-23T19:30:00.123Z INFO  [b] \n",
                LogLineFormatter.format(TIME, LogLevel.INFO, "b", null, null, false));
    }

    @Test
    void causeLoopsEndTheSummary() {
        Exception first = new Exception("first");
        Exception second = new Exception("second", first);
        first.initCause(second);
        assertEquals("2026-11-23T19:30:00.123Z ERROR [b] m: java.lang.Exception: first"
                        + "; caused by java.lang.Exception: second\n",
                LogLineFormatter.format(TIME, LogLevel.ERROR, "b", "m", first, false));
    }

    @Test
    void sourceIsTheBundleForItsDefaultLoggers() {
        assertEquals("io.berth.cri", LogLineFormatter.source("io.berth.cri", null));
        assertEquals("io.berth.cri", LogLineFormatter.source("io.berth.cri", ""));
        assertEquals("io.berth.cri", LogLineFormatter.source("io.berth.cri", "io.berth.cri"));
        assertEquals("io.berth.cri", LogLineFormatter.source("io.berth.cri", "LogService"));
        assertEquals("io.berth.cri", LogLineFormatter.source("io.berth.cri", "Events.Bundle"));
        assertEquals("io.berth.cri", LogLineFormatter.source("io.berth.cri", "LogService.io.berth.cri"));
        assertEquals("io.berth.cri", LogLineFormatter.source("io.berth.cri", "ROOT"));
    }

    @Test
    void serviceEventsNameTheirService() {
        assertEquals("ServiceEvent REGISTERED service=io.berth.api.daemon.Daemon",
                LogLineFormatter.withService("ServiceEvent REGISTERED", new String[] {"io.berth.api.daemon.Daemon"}));
        assertEquals("ServiceEvent REGISTERED service=a.A,b.B",
                LogLineFormatter.withService("ServiceEvent REGISTERED", new String[] {"a.A", "b.B"}));
        assertEquals("m", LogLineFormatter.withService("m", null));
    }

    @Test
    void sourceIsTheLoggerNameWhenItSaysMore() {
        assertEquals("io.grpc.netty.NettyServerHandler",
                LogLineFormatter.source("io.berth.log", "io.grpc.netty.NettyServerHandler"));
    }

    @Test
    void sourceWithoutBundleFallsBackToTheLoggerName() {
        assertEquals("LogService", LogLineFormatter.source(null, "LogService"));
        assertEquals("-", LogLineFormatter.source(null, null));
    }
}

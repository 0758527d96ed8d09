package io.berth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class GoDurationTest {
    @Test
    void readsGoDurations() {
        assertEquals(Duration.ofSeconds(10), GoDuration.parse("10s"));
        assertEquals(Duration.ofMillis(250), GoDuration.parse("250ms"));
        assertEquals(Duration.ofSeconds(90), GoDuration.parse("1m30s"));
        assertEquals(Duration.ofMinutes(90), GoDuration.parse("1.5h"));
        assertEquals(Duration.ofNanos(1_500), GoDuration.parse("1.5us"));
        assertEquals(Duration.ofNanos(2_000), GoDuration.parse("2µs"));
        assertEquals(Duration.ZERO, GoDuration.parse("0"));
    }

    @Test
    void rejectsWhatGoRejects() {
        for (String bad : new String[] {"", "10", "s", "10x", "-1s", "1s 2s", "1.s.5"}) {
            assertThrows(TypeConversionException.class, () -> GoDuration.parse(bad), bad);
        }
    }
}

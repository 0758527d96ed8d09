package io.berth.api.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.berth.api.errors.BerthException;

class GoDurationsTest {
    @Test
    void readsGoDurations() {
        assertEquals(Duration.ofSeconds(10), GoDurations.parse("10s"));
        assertEquals(Duration.ofMillis(250), GoDurations.parse("250ms"));
        assertEquals(Duration.ofSeconds(90), GoDurations.parse("1m30s"));
        assertEquals(Duration.ofMinutes(90), GoDurations.parse("1.5h"));
        assertEquals(Duration.ofNanos(1_500), GoDurations.parse("1.5us"));
        assertEquals(Duration.ofNanos(2_000), GoDurations.parse("2µs"));
        assertEquals(Duration.ZERO, GoDurations.parse("0"));
    }

    @Test
    void rejectsWhatGoRejects() {
        for (String bad : new String[] {"", "10", "s", "10x", "-1s", "1s 2s", "1.s.5"}) {
            assertThrows(BerthException.class, () -> GoDurations.parse(bad), bad);
        }
    }
}

package io.berth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class GoDurationTest {
    @Test
    void aFlagTakesAGoDurationAndABadOneIsAUsageError() {
        assertEquals(Duration.ofSeconds(90), new GoDuration().convert("1m30s"));
        TypeConversionException bad = assertThrows(TypeConversionException.class, () -> new GoDuration().convert("10x"));
        assertEquals("invalid duration '10x' (examples: 500ms, 10s, 1m30s)", bad.getMessage());
    }
}

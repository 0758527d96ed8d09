package io.berth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Expected texts are what ctr 1.6 prints for the same numbers. */
class HumanUnitsTest {
    @Test
    void decimalSizeKeepsFourSignificantDigitsWithoutTrailingZeros() {
        assertEquals("0B", HumanUnits.decimalSize(0));
        assertEquals("6B", HumanUnits.decimalSize(6));
        assertEquals("999B", HumanUnits.decimalSize(999));
        assertEquals("1kB", HumanUnits.decimalSize(1000));
        assertEquals("1.234kB", HumanUnits.decimalSize(1234));
        assertEquals("3MB", HumanUnits.decimalSize(3_000_000));
        assertEquals("2.79MB", HumanUnits.decimalSize(2_789_999));
        assertEquals("1000kB", HumanUnits.decimalSize(999_999));
    }

    @Test
    void binarySizeHasOneDecimalAndASpace() {
        assertEquals("0.0 B", HumanUnits.binarySize(0));
        assertEquals("500.0 B", HumanUnits.binarySize(500));
        assertEquals("1.5 KiB", HumanUnits.binarySize(1536));
        assertEquals("2.9 MiB", HumanUnits.binarySize(3_000_861));
        // A tie rounds to even, as Go's formatting does: 1.25 KiB.
        assertEquals("1.2 KiB", HumanUnits.binarySize(1280));
    }

    @Test
    void durationIsApproximate() {
        assertEquals("Less than a second", HumanUnits.duration(Duration.ofMillis(999)));
        assertEquals("1 second", HumanUnits.duration(Duration.ofSeconds(1)));
        assertEquals("59 seconds", HumanUnits.duration(Duration.ofSeconds(59)));
        assertEquals("About a minute", HumanUnits.duration(Duration.ofSeconds(119)));
        assertEquals("59 minutes", HumanUnits.duration(Duration.ofMinutes(59)));
        assertEquals("About an hour", HumanUnits.duration(Duration.ofMinutes(89)));
        assertEquals("2 hours", HumanUnits.duration(Duration.ofMinutes(90)));
        assertEquals("47 hours", HumanUnits.duration(Duration.ofHours(47)));
        assertEquals("13 days", HumanUnits.duration(Duration.ofDays(13)));
        assertEquals("8 weeks", HumanUnits.duration(Duration.ofDays(59)));
        assertEquals("24 months", HumanUnits.duration(Duration.ofDays(729)));
        assertEquals("2 years", HumanUnits.duration(Duration.ofDays(730)));
    }
}

package io.berth.api.remotes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.berth.api.errors.BerthException;

class PlatformTest {

    @ParameterizedTest
    @CsvSource({
        "Linux/x86_64, linux/amd64",
        "linux/amd64/v1, linux/amd64",
        "linux/aarch64, linux/arm64",
        "linux/arm64/v8, linux/arm64",
        "linux/arm64/8, linux/arm64",
        "linux/armhf, linux/arm/v7",
        "linux/armel, linux/arm/v6",
        "linux/arm, linux/arm/v7",
        "linux/arm/6, linux/arm/v6",
        "linux/i386, linux/386",
    })
    void normalisesLikeContainerd(String given, String normalised) {
        assertEquals(normalised, Platform.parse(given).toString());
    }

    @Test
    void hostOfThisMachineIsLinuxOfItsArchitecture() {
        Platform host = Platform.host();

        String expected = switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> System.getProperty("os.arch");
        };
        assertEquals("linux", host.os());
        assertEquals(expected, host.architecture());
    }

    @Test
    void exactMatchRanksBestAndOtherArchitecturesNever() {
        Platform amd64 = Platform.parse("linux/amd64");

        assertEquals(0, amd64.rank(Platform.parse("linux/x86_64")));
        assertEquals(-1, amd64.rank(Platform.parse("linux/arm64")));
        assertEquals(-1, amd64.rank(Platform.parse("windows/amd64")));
    }

    @Test
    void olderArmVariantsRunOnNewerOnesButNotTheOtherWay() {
        Platform v7 = Platform.parse("linux/arm/v7");

        assertEquals(0, v7.rank(Platform.parse("linux/arm/v7")));
        assertEquals(1, v7.rank(Platform.parse("linux/arm/v6")));
        assertEquals(2, v7.rank(Platform.parse("linux/arm/v5")));
        assertEquals(-1, v7.rank(Platform.parse("linux/arm/v8")));
        assertTrue(Platform.parse("linux/arm/v6").rank(v7) < 0);
    }

    @Test
    void refusesWhatIsNoPlatform() {
        assertThrows(BerthException.class, () -> Platform.parse("linux"));
        assertThrows(BerthException.class, () -> Platform.parse("linux/amd64/v1/x"));
        assertThrows(BerthException.class, () -> Platform.parse("/amd64"));
    }
}

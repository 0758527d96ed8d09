package io.berth.cli.plugins;

import static io.berth.cli.plugins.SamplePlugins.platform;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class PlatformsTest {
    @Test
    void emptyPartsAreLeftOut() {
        assertEquals("linux/amd64", Platforms.format(platform("linux", "amd64", "")));
        assertEquals("linux/arm64/v8", Platforms.format(platform("linux", "arm64", "v8")));
        assertEquals("linux", Platforms.format(platform("linux", "", "")));
    }

    @Test
    void platformWithoutOsIsUnknown() {
        assertEquals("unknown", Platforms.format(platform("", "amd64", "")));
    }

    @Test
    void listIsDeduplicatedSortedAndCommaJoined() {
        assertEquals("linux/amd64,linux/arm/v7,windows/amd64", Platforms.format(List.of(
                platform("windows", "amd64", ""), platform("linux", "arm", "v7"),
                platform("linux", "amd64", ""), platform("linux", "amd64", ""))));
    }
}

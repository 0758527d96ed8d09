package io.berth.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

class FelixFrameworkTest {
    private static final BuildInfo BUILD = new BuildInfo("1.2.3", "abc123");

    @Test
    void withoutFlagsOnlyTheHomeBuildAndFrameworkPropertiesAreSet() {
        Options options = Options.builder(Path.of("/opt/berth")).build();
        DaemonPaths paths = DaemonPaths.resolve(options, Map.of("root", "/data/berth"));
        Map<String, String> properties = FelixFramework.properties(options, paths, BUILD);
        assertEquals(Map.of(
                "org.osgi.framework.storage", "/data/berth/felix-cache",
                "org.osgi.framework.bootdelegation", "sun.misc,jdk.jfr.tracing",
                "org.osgi.framework.startlevel.beginning", "3",
                "felix.log.level", "1",
                "ds.loglevel", "warn",
                "berth.home", "/opt/berth",
                "berth.version", "1.2.3",
                "berth.revision", "abc123"), properties);
        assertFalse(properties.containsKey("org.osgi.framework.storage.clean"));
    }

    @Test
    void flagsAndTheConfigFileBecomeBerthProperties() {
        Options options = Options.builder(Path.of("/opt/berth")).config(Path.of("/etc/berth/config.toml"))
                .root(Path.of("/r")).state(Path.of("/s")).address(Path.of("/s/b.sock")).logLevel(LogLevel.TRACE)
                .build();
        Map<String, String> properties = FelixFramework.properties(options,
                DaemonPaths.resolve(options, Map.of("root", "/ignored")), BUILD);
        assertEquals("/r/felix-cache", properties.get("org.osgi.framework.storage"));
        assertEquals("/etc/berth/config.toml", properties.get("berth.config"));
        assertEquals("/r", properties.get("berth.root"));
        assertEquals("/s", properties.get("berth.state"));
        assertEquals("/s/b.sock", properties.get("berth.address"));
        assertEquals("trace", properties.get("berth.log.level"));
    }

    @Test
    void pathsFallBackFromFlagToFileToDefault() {
        Options none = Options.builder(Path.of("/opt/berth")).build();
        assertEquals(new DaemonPaths(Path.of("/var/lib/berth"), Path.of("/run/berth"), Path.of("/run/berth/berth.sock")),
                DaemonPaths.resolve(none, Map.of()));
        assertEquals(new DaemonPaths(Path.of("/d"), Path.of("/t"), Path.of("/run/berth/berth.sock")),
                DaemonPaths.resolve(none, Map.of("root", "/d", "state", "/t")));
    }
}

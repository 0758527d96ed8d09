package io.berth.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

class FlagOverridesTest {

    @Test
    void givenFlagsBecomeTheirPidsAndKeys() {
        Map<String, String> properties = Map.of(
                "berth.root", "/srv/root",
                "berth.state", "/srv/state",
                "berth.address", "/tmp/berth.sock",
                "berth.log.level", "debug",
                "berth.version", "0.1.0");
        assertEquals(Map.of(
                "io.berth.daemon", Map.of("root", "/srv/root", "state", "/srv/state"),
                "io.berth.grpc", Map.of("address", "/tmp/berth.sock"),
                "io.berth.debug", Map.of("level", "debug")), FlagOverrides.from(properties::get));
    }

    @Test
    void noFlagsNoOverrides() {
        assertEquals(Map.of(), FlagOverrides.from(name -> null));
    }

    @Test
    void flagsWinOverTheFileAndKeepItsOtherKeys() {
        Map<String, Map<String, Object>> file = Map.of(
                "io.berth.daemon", Map.of("root", "/var/lib/berth", "version", 3L),
                "io.berth.grpc", Map.of("address", "/run/berth/berth.sock", "uid", 0L));
        Map<String, Map<String, Object>> flags = FlagOverrides.from(Map.of(
                "berth.root", "/srv/root", "berth.log.level", "trace")::get);
        assertEquals(Map.of(
                "io.berth.daemon", Map.of("root", "/srv/root", "version", 3L),
                "io.berth.grpc", Map.of("address", "/run/berth/berth.sock", "uid", 0L),
                "io.berth.debug", Map.of("level", "trace")), FlagOverrides.overlay(file, flags));
    }
}

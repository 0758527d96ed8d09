package io.berth.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigApplierTest {
    private static final String SOURCE = ConfigSync.SOURCE_PROPERTY;

    @TempDir
    Path directory;
    private final InMemoryPidStore store = new InMemoryPidStore();

    private Path file(String toml) throws Exception {
        return Files.writeString(directory.resolve("config.toml"), toml);
    }

    private ConfigApplier applier(Path file, Map<String, String> flags) {
        return new ConfigApplier(Optional.of(file), FlagOverrides.from(flags::get), store);
    }

    @Test
    void fileSectionsAreAppliedAndMarkedWithTheFile() throws Exception {
        Path file = file("""
                root = "/srv/berth"
                [debug]
                level = "debug"
                """);
        ConfigApplier.Outcome outcome = applier(file, Map.of()).apply();
        assertEquals(List.of("io.berth.daemon", "io.berth.debug"), outcome.changes().updated());
        assertEquals(Optional.empty(), outcome.problem());
        assertEquals(Map.of("level", "debug", SOURCE, file.toString()), store.configurations.get("io.berth.debug"));
    }

    @Test
    void flagsWinOverTheFile() throws Exception {
        Path file = file("""
                root = "/srv/berth"
                [debug]
                level = "debug"
                [grpc]
                uid = 0
                """);
        applier(file, Map.of("berth.root", "/flag/root", "berth.log.level", "warn", "berth.address", "/tmp/s.sock"))
                .apply();
        assertEquals("/flag/root", store.configurations.get("io.berth.daemon").get("root"));
        assertEquals("warn", store.configurations.get("io.berth.debug").get("level"));
        assertEquals(Map.of("uid", 0L, "address", "/tmp/s.sock", SOURCE, file.toString()),
                store.configurations.get("io.berth.grpc"));
    }

    @Test
    void withoutFileFlagsStillCreateTheirPids() throws Exception {
        ConfigApplier applier = new ConfigApplier(Optional.empty(),
                FlagOverrides.from(Map.of("berth.state", "/tmp/state", "berth.log.level", "trace")::get), store);
        applier.apply();
        assertEquals(Map.of(
                "io.berth.daemon", Map.of("state", "/tmp/state", SOURCE, ConfigApplier.FLAGS_ONLY_SOURCE),
                "io.berth.debug", Map.of("level", "trace", SOURCE, ConfigApplier.FLAGS_ONLY_SOURCE)),
                store.configurations);
    }

    @Test
    void withoutFileOrFlagsNothingIsCreated() throws Exception {
        new ConfigApplier(Optional.empty(), Map.of(), store).apply();
        assertEquals(Map.of(), store.configurations);
    }

    @Test
    void aRemovedSectionIsDeleted() throws Exception {
        Path file = file("""
                [debug]
                level = "debug"
                [grpc]
                uid = 0
                """);
        ConfigApplier applier = applier(file, Map.of());
        applier.apply();
        file("""
                [debug]
                level = "debug"
                """);
        ConfigApplier.Outcome outcome = applier.apply();
        assertEquals(List.of("io.berth.grpc"), outcome.changes().deleted());
        assertEquals(List.of(), outcome.changes().updated());
        assertEquals(List.of("io.berth.debug"), List.copyOf(store.configurations.keySet()));
    }

    @Test
    void anUnchangedFileTouchesNothing() throws Exception {
        Path file = file("[debug]\nlevel = \"info\"\n");
        ConfigApplier applier = applier(file, Map.of());
        applier.apply();
        store.writes.clear();
        assertEquals(ConfigApplier.Outcome.UNCHANGED, applier.apply());
        assertEquals(List.of(), store.writes);
    }

    @Test
    void aMalformedFileKeepsTheLastGoodConfiguration() throws Exception {
        Path file = file("""
                [debug]
                level = "debug"
                [grpc]
                uid = 0
                """);
        ConfigApplier applier = applier(file, Map.of());
        applier.apply();
        Map<String, Map<String, Object>> good = Map.copyOf(store.configurations);
        store.writes.clear();

        file("""
                [debug]
                level = "info"
                [grpc
                """);
        ConfigApplier.Outcome outcome = applier.apply();
        assertTrue(outcome.changes().isEmpty());
        String problem = outcome.problem().orElseThrow();
        assertTrue(problem.startsWith(file + ":3:"), problem);
        assertEquals(List.of(), store.writes);
        assertEquals(good, store.configurations);

        // The same broken text again is not reported again; the repaired file applies.
        assertEquals(ConfigApplier.Outcome.UNCHANGED, applier.apply());
        file("""
                [debug]
                level = "info"
                """);
        outcome = applier.apply();
        assertEquals(List.of("io.berth.debug"), outcome.changes().updated());
        assertEquals(List.of("io.berth.grpc"), outcome.changes().deleted());
    }

    @Test
    void aMalformedFileAtStartKeepsWhatWasStoredButFlagsStillWin() throws Exception {
        store.configurations.put("io.berth.daemon", Map.of("root", "/old/root", "state", "/old/state", SOURCE, "x"));
        store.configurations.put("io.berth.grpc", Map.of("uid", 0L, SOURCE, "x"));
        Path file = file("root = \n");

        ConfigApplier.Outcome outcome = applier(file, Map.of("berth.root", "/flag/root")).apply();
        assertTrue(outcome.problem().orElseThrow().startsWith(file + ":1:"), outcome.problem().get());
        assertEquals(Map.of("root", "/flag/root", "state", "/old/state", SOURCE, file.toString()),
                store.configurations.get("io.berth.daemon"));
        assertEquals(Map.of("uid", 0L, SOURCE, file.toString()), store.configurations.get("io.berth.grpc"));
    }

    @Test
    void aMissingFileKeepsTheLastGoodConfiguration() throws Exception {
        Path file = file("[debug]\nlevel = \"debug\"\n");
        ConfigApplier applier = applier(file, Map.of());
        applier.apply();
        Files.delete(file);
        ConfigApplier.Outcome outcome = applier.apply();
        assertEquals(Optional.of(file + ": cannot read: no such file"), outcome.problem());
        assertEquals("debug", store.configurations.get("io.berth.debug").get("level"));
    }
}

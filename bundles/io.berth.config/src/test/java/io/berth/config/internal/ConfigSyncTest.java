package io.berth.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ConfigSyncTest {
    private static final String SOURCE = "/etc/berth/config.toml";
    private final InMemoryPidStore store = new InMemoryPidStore();

    @Test
    void newSectionsAreCreatedAndMarked() throws Exception {
        ConfigSync.Changes changes = ConfigSync.apply(Map.of("io.berth.debug", Map.of("level", "info")), SOURCE, store);
        assertEquals(List.of("io.berth.debug"), changes.updated());
        assertEquals(Map.of("level", "info", "berth.config.source", SOURCE), store.configurations.get("io.berth.debug"));
    }

    @Test
    void unchangedSectionsAreNotWritten() throws Exception {
        Map<String, Map<String, Object>> sections = Map.of(
                "io.berth.debug", Map.of("level", "info"),
                "io.berth.daemon", Map.of("imports", new String[] {"a.toml"}));
        ConfigSync.apply(sections, SOURCE, store);
        store.writes.clear();

        // Equal content in new array instances: still unchanged.
        ConfigSync.Changes changes = ConfigSync.apply(Map.of(
                "io.berth.debug", Map.of("level", "info"),
                "io.berth.daemon", Map.of("imports", new String[] {"a.toml"})), SOURCE, store);
        assertTrue(changes.isEmpty());
        assertEquals(List.of(), store.writes);
    }

    @Test
    void onlyTheChangedSectionIsWritten() throws Exception {
        ConfigSync.apply(Map.of("io.berth.debug", Map.of("level", "info"), "io.berth.grpc", Map.of("uid", 0L)),
                SOURCE, store);
        store.writes.clear();
        ConfigSync.apply(Map.of("io.berth.debug", Map.of("level", "debug"), "io.berth.grpc", Map.of("uid", 0L)),
                SOURCE, store);
        assertEquals(List.of("update io.berth.debug"), store.writes);
    }

    @Test
    void ownedSectionsThatDisappearedAreDeletedOthersAreLeftAlone() throws Exception {
        store.configurations.put("org.example.mine", Map.of("set.by", "shell"));
        ConfigSync.apply(Map.of("io.berth.debug", Map.of("level", "info"), "io.berth.grpc", Map.of("uid", 0L)),
                SOURCE, store);

        ConfigSync.Changes changes = ConfigSync.apply(Map.of("io.berth.debug", Map.of("level", "info")), SOURCE, store);
        assertEquals(List.of("io.berth.grpc"), changes.deleted());
        assertEquals(List.of("io.berth.debug", "org.example.mine"), List.copyOf(store.configurations.keySet()));
    }

    @Test
    void aConfigurationWrittenByHandIsTakenOverWhenTheFileHasItsSection() throws Exception {
        store.configurations.put("io.berth.debug", Map.of("level", "trace"));
        ConfigSync.apply(Map.of("io.berth.debug", Map.of("level", "info")), SOURCE, store);
        assertEquals(Map.of("level", "info", "berth.config.source", SOURCE), store.configurations.get("io.berth.debug"));
    }

    @Test
    void ownedReturnsTheSectionsWithoutTheMarker() throws Exception {
        store.configurations.put("org.example.mine", Map.of("set.by", "shell"));
        ConfigSync.apply(Map.of("io.berth.debug", Map.of("level", "info")), SOURCE, store);
        assertEquals(Map.of("io.berth.debug", Map.of("level", "info")), ConfigSync.owned(store));
    }

    @Test
    void propertiesCompareArraysByContentAndKeysExactly() {
        assertTrue(ConfigSync.sameProperties(Map.of("a", new Long[] {1L}), Map.of("a", new Long[] {1L})));
        assertFalse(ConfigSync.sameProperties(Map.of("a", new Long[] {1L}), Map.of("a", new Long[] {2L})));
        assertFalse(ConfigSync.sameProperties(Map.of("a", 1L), Map.of("a", 1L, "b", 2L)));
        assertFalse(ConfigSync.sameProperties(Map.of("a", 1L, "c", 2L), Map.of("a", 1L, "b", 2L)));
        assertFalse(ConfigSync.sameProperties(Map.of("a", 1L), Map.of("a", "1")));
    }
}

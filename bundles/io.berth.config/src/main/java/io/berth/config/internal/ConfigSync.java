package io.berth.config.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Makes the store hold the given sections. A configuration is written only when its properties
 * differ, because every write reactivates the components that use it; configurations this
 * loader wrote earlier (marked with {@link #SOURCE_PROPERTY}) whose section is gone are deleted.
 */
final class ConfigSync {
    /** Marks the configurations that came from the config file or flags; the value says which file. */
    static final String SOURCE_PROPERTY = "berth.config.source";

    /** What a sync changed, by PID. */
    record Changes(List<String> updated, List<String> deleted) {
        static final Changes NONE = new Changes(List.of(), List.of());

        Changes {
            updated = List.copyOf(updated);
            deleted = List.copyOf(deleted);
        }

        boolean isEmpty() {
            return updated.isEmpty() && deleted.isEmpty();
        }
    }

    private ConfigSync() {
    }

    static Changes apply(Map<String, Map<String, Object>> sections, String source, PidStore store) throws IOException {
        List<String> updated = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> section : sections.entrySet()) {
            Map<String, Object> wanted = new TreeMap<>(section.getValue());
            wanted.put(SOURCE_PROPERTY, source);
            Optional<Map<String, Object>> current = store.properties(section.getKey());
            if (current.isEmpty() || !sameProperties(current.get(), wanted)) {
                store.update(section.getKey(), wanted);
                updated.add(section.getKey());
            }
        }
        List<String> deleted = new ArrayList<>();
        for (String pid : new TreeSet<>(store.pidsWithProperty(SOURCE_PROPERTY))) {
            if (!sections.containsKey(pid)) {
                store.delete(pid);
                deleted.add(pid);
            }
        }
        return new Changes(updated, deleted);
    }

    /** The sections this loader wrote before, without its marker: what to keep when the file cannot be read. */
    static Map<String, Map<String, Object>> owned(PidStore store) throws IOException {
        Map<String, Map<String, Object>> sections = new TreeMap<>();
        for (String pid : store.pidsWithProperty(SOURCE_PROPERTY)) {
            store.properties(pid).ifPresent(properties -> {
                Map<String, Object> section = new TreeMap<>(properties);
                section.remove(SOURCE_PROPERTY);
                sections.put(pid, section);
            });
        }
        return sections;
    }

    /** Equal keys and values, arrays compared by content. */
    static boolean sameProperties(Map<String, Object> current, Map<String, Object> wanted) {
        if (current.size() != wanted.size()) {
            return false;
        }
        for (Map.Entry<String, Object> entry : wanted.entrySet()) {
            if (!current.containsKey(entry.getKey()) || !Objects.deepEquals(current.get(entry.getKey()), entry.getValue())) {
                return false;
            }
        }
        return true;
    }
}

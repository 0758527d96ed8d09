package io.berth.config.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** A {@link PidStore} in a map, recording every write so that tests can tell what was touched. */
final class InMemoryPidStore implements PidStore {
    final Map<String, Map<String, Object>> configurations = new TreeMap<>();
    final List<String> writes = new ArrayList<>();

    @Override
    public Optional<Map<String, Object>> properties(String pid) {
        return Optional.ofNullable(configurations.get(pid)).map(TreeMap::new);
    }

    @Override
    public Set<String> pidsWithProperty(String key) {
        Set<String> pids = new TreeSet<>();
        configurations.forEach((pid, properties) -> {
            if (properties.containsKey(key)) {
                pids.add(pid);
            }
        });
        return pids;
    }

    @Override
    public void update(String pid, Map<String, Object> properties) {
        configurations.put(pid, new TreeMap<>(properties));
        writes.add("update " + pid);
    }

    @Override
    public void delete(String pid) {
        configurations.remove(pid);
        writes.add("delete " + pid);
    }
}

package io.berth.config.internal;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Command-line flags, which the launcher passes as framework properties, win over the file:
 * {@code --root}, {@code --state}, {@code --address} and {@code --log-level}, as in containerd.
 */
final class FlagOverrides {
    private record Flag(String frameworkProperty, String pid, String key) {
    }

    private static final List<Flag> FLAGS = List.of(
            new Flag("berth.root", PidMapping.DAEMON_PID, "root"),
            new Flag("berth.state", PidMapping.DAEMON_PID, "state"),
            new Flag("berth.address", "io.berth.grpc", "address"),
            new Flag("berth.log.level", "io.berth.debug", "level"));

    private FlagOverrides() {
    }

    /** The flags that were given, as PID to properties. */
    static Map<String, Map<String, Object>> from(Function<String, String> frameworkProperty) {
        Map<String, Map<String, Object>> overrides = new TreeMap<>();
        for (Flag flag : FLAGS) {
            String value = frameworkProperty.apply(flag.frameworkProperty());
            if (value != null) {
                overrides.computeIfAbsent(flag.pid(), pid -> new TreeMap<>()).put(flag.key(), value);
            }
        }
        return overrides;
    }

    /** The sections with the overrides laid over them; a PID that only a flag names is created. */
    static Map<String, Map<String, Object>> overlay(Map<String, Map<String, Object>> sections,
                                                    Map<String, Map<String, Object>> overrides) {
        Map<String, Map<String, Object>> merged = new TreeMap<>();
        sections.forEach((pid, properties) -> merged.put(pid, new TreeMap<>(properties)));
        overrides.forEach((pid, properties) -> merged.computeIfAbsent(pid, p -> new TreeMap<>()).putAll(properties));
        return merged;
    }
}

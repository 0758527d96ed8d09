package io.berth.oci.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** containerd's rule for layering environments. */
public final class EnvValues {
    private EnvValues() {
    }

    /**
     * {@code defaults} with each of {@code overrides} applied in order: {@code KEY=value} replaces the default of
     * that key in its place or else is appended; a bare {@code KEY} removes the default of that key.
     */
    public static List<String> replaceOrAppend(List<String> defaults, List<String> overrides) {
        List<String> results = new ArrayList<>(defaults);
        Map<String, Integer> positions = new HashMap<>();
        for (int i = 0; i < defaults.size(); i++) {
            positions.put(key(defaults.get(i)), i);
        }
        for (String value : overrides) {
            Integer position = positions.get(key(value));
            if (!value.contains("=")) {
                if (position != null) {
                    results.set(position, null);
                }
            } else if (position != null) {
                results.set(position, value);
            } else {
                results.add(value);
            }
        }
        results.removeIf(value -> value == null || value.isEmpty());
        return results;
    }

    private static String key(String entry) {
        int equals = entry.indexOf('=');
        return equals < 0 ? entry : entry.substring(0, equals);
    }
}

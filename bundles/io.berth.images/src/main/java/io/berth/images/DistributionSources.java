package io.berth.images;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.berth.api.remotes.Reference;

/**
 * containerd's {@code containerd.io/distribution.source.<host>} labels: the repositories of a host a blob is known
 * to be in, comma-separated. A push asks the registry to mount a blob from one of them rather than send it.
 */
final class DistributionSources {
    static final String PREFIX = "containerd.io/distribution.source.";

    private DistributionSources() {
    }

    /** The label that says a blob is in {@code reference}'s repository. */
    static Map<String, String> label(Reference reference) {
        return Map.of(PREFIX + reference.host(), reference.repository());
    }

    /** {@code labels} plus {@code reference}'s repository in its host's label, keeping the repositories named. */
    static Map<String, String> adding(Map<String, String> labels, Reference reference) {
        String key = PREFIX + reference.host();
        String known = labels.getOrDefault(key, "");
        List<String> repositories = new ArrayList<>(known.isEmpty() ? List.of() : Arrays.asList(known.split(",")));
        if (!repositories.contains(reference.repository())) {
            repositories.add(reference.repository());
        }
        Map<String, String> added = new LinkedHashMap<>();
        added.put(key, String.join(",", repositories));
        return added;
    }

    /** Every {@code host/repository} the labels name. */
    static List<String> sources(Map<String, String> labels) {
        List<String> sources = new ArrayList<>();
        labels.forEach((key, value) -> {
            if (key.startsWith(PREFIX) && key.length() > PREFIX.length()) {
                String host = key.substring(PREFIX.length());
                for (String repository : value.split(",")) {
                    if (!repository.isBlank()) {
                        sources.add(host + "/" + repository.strip());
                    }
                }
            }
        });
        return sources;
    }
}

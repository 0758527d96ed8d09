package io.berth.ttrpc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.berth.proto.ttrpc.KeyValue;

/** Call metadata between its wire form (one entry per value) and a map of keys to their values. */
final class CallMetadata {
    private CallMetadata() {
    }

    static List<KeyValue> toWire(Map<String, List<String>> metadata) {
        if (metadata == null) {
            return List.of();
        }
        List<KeyValue> entries = new ArrayList<>();
        metadata.forEach((key, values) -> {
            for (String value : values) {
                entries.add(KeyValue.newBuilder().setKey(key).setValue(value).build());
            }
        });
        return entries;
    }

    /** The entries grouped by key, in the order they came; unmodifiable. */
    static Map<String, List<String>> fromWire(List<KeyValue> entries) {
        Map<String, List<String>> metadata = new LinkedHashMap<>();
        for (KeyValue entry : entries) {
            metadata.computeIfAbsent(entry.getKey(), key -> new ArrayList<>()).add(entry.getValue());
        }
        metadata.replaceAll((key, values) -> List.copyOf(values));
        return Collections.unmodifiableMap(metadata);
    }
}

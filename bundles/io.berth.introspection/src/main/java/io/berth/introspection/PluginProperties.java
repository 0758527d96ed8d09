package io.berth.introspection;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.osgi.framework.ServiceReference;

import io.berth.api.plugin.Plugin;
import io.berth.api.plugin.PluginInfo;

/** Reads a plugin's description from the service properties it declares. */
final class PluginProperties {
    private PluginProperties() {
    }

    static boolean isPlugin(Map<String, Object> properties) {
        return properties.get(Plugin.TYPE) instanceof String && properties.get(Plugin.ID) instanceof String;
    }

    static Map<String, Object> of(ServiceReference<?> reference) {
        Map<String, Object> properties = new HashMap<>();
        for (String key : reference.getPropertyKeys()) {
            properties.put(key, reference.getProperty(key));
        }
        return properties;
    }

    static PluginInfo info(Map<String, Object> properties, PluginInfo.Status status, String message) {
        Map<String, String> exports = new TreeMap<>();
        properties.forEach((key, value) -> {
            if (key.startsWith(Plugin.EXPORT_PREFIX)) {
                exports.put(key.substring(Plugin.EXPORT_PREFIX.length()), String.valueOf(value));
            }
        });
        return new PluginInfo(
                String.valueOf(properties.get(Plugin.TYPE)),
                String.valueOf(properties.get(Plugin.ID)),
                strings(properties.get(Plugin.REQUIRES)),
                strings(properties.get(Plugin.PLATFORMS)),
                exports,
                strings(properties.get(Plugin.CAPABILITIES)),
                status, message);
    }

    /** A DS property holds one value or an array of them. */
    static List<String> strings(Object value) {
        return switch (value) {
            case null -> List.of();
            case String[] array -> List.of(array);
            case Object[] array -> java.util.Arrays.stream(array).map(String::valueOf).toList();
            case java.util.Collection<?> collection -> collection.stream().map(String::valueOf).toList();
            default -> List.of(String.valueOf(value));
        };
    }
}

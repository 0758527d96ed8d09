package io.berth.launcher;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * The full default config.toml, from the bundles' metatype: the reverse of the mapping in
 * cnf/CONVENTIONS.md. {@code io.berth.daemon} gives the top-level keys, {@code io.berth.<name>}
 * the table {@code [name]}, any other PID {@code [plugins."<pid>"]}; a property id's {@code .}
 * becomes {@code _} again.
 */
final class DefaultConfigToml {
    static final String DAEMON_PID = "io.berth.daemon";
    private static final String BERTH_PREFIX = "io.berth.";

    private DefaultConfigToml() {
    }

    static String render(SortedMap<String, List<MetatypeProperty>> byPid) {
        StringBuilder out = new StringBuilder("version = 3\n");
        for (MetatypeProperty property : byPid.getOrDefault(DAEMON_PID, List.of())) {
            if (!property.id().equals("version")) {
                property(out, property);
            }
        }
        for (Map.Entry<String, List<MetatypeProperty>> section : byPid.entrySet()) {
            String pid = section.getKey();
            if (pid.startsWith(BERTH_PREFIX) && !pid.equals(DAEMON_PID)) {
                table(out, TomlText.key(pid.substring(BERTH_PREFIX.length())), section.getValue());
            }
        }
        for (Map.Entry<String, List<MetatypeProperty>> section : byPid.entrySet()) {
            if (!section.getKey().startsWith(BERTH_PREFIX)) {
                table(out, "plugins." + TomlText.string(section.getKey()), section.getValue());
            }
        }
        return out.toString();
    }

    private static void table(StringBuilder out, String header, List<MetatypeProperty> properties) {
        out.append("\n[").append(header).append("]\n");
        for (MetatypeProperty property : properties) {
            property(out, property);
        }
    }

    private static void property(StringBuilder out, MetatypeProperty property) {
        if (property.description() != null && !property.description().isBlank()) {
            for (String line : property.description().strip().split("\n")) {
                out.append("# ").append(line.strip()).append('\n');
            }
        }
        out.append(TomlText.key(property.id().replace('.', '_'))).append(" = ").append(value(property)).append('\n');
    }

    /** Without a default, the type's zero value, as containerd prints Go's zero values. */
    private static String value(MetatypeProperty property) {
        List<String> defaults = property.defaults();
        if (property.cardinality() == 0) {
            return scalar(property.type(), defaults == null || defaults.isEmpty() ? null : defaults.getFirst());
        }
        StringBuilder array = new StringBuilder("[");
        if (defaults != null) {
            for (String value : defaults) {
                array.append(array.length() > 1 ? ", " : "").append(scalar(property.type(), value));
            }
        }
        return array.append(']').toString();
    }

    private static String scalar(String type, String value) {
        String text = value == null ? null : value.strip();
        return switch (type) {
            case "Boolean" -> Boolean.toString(text != null && Boolean.parseBoolean(text));
            case "Long", "Integer", "Short", "Byte" -> text == null ? "0" : integer(text);
            case "Double", "Float" -> text == null ? "0.0" : decimal(text);
            default -> TomlText.string(value == null ? "" : value);
        };
    }

    private static String integer(String text) {
        try {
            return Long.toString(Long.parseLong(text));
        } catch (NumberFormatException e) {
            return TomlText.string(text);
        }
    }

    private static String decimal(String text) {
        try {
            double number = Double.parseDouble(text);
            if (Double.isNaN(number)) {
                return "nan";
            }
            if (Double.isInfinite(number)) {
                return number > 0 ? "inf" : "-inf";
            }
            return Double.toString(number);
        } catch (NumberFormatException e) {
            return TomlText.string(text);
        }
    }
}

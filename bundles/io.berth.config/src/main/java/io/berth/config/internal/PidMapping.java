package io.berth.config.internal;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A config.toml tree as ConfigAdmin configurations, per cnf/CONVENTIONS.md: top-level keys go to
 * {@code io.berth.daemon}, {@code [plugins."<uri>"]} to {@code <uri>}, any other {@code [name]} to
 * {@code io.berth.<name>}. Inside a section a key's {@code _} becomes {@code .} (the property names
 * Declarative Services derives from {@code max_recv_message_size()}-style methods), nested tables join
 * with {@code .}, and an array of tables numbers its tables ({@code key.0.field}).
 */
final class PidMapping {
    static final String DAEMON_PID = "io.berth.daemon";
    static final String SECTION_PID_PREFIX = "io.berth.";
    static final String PLUGINS_TABLE = "plugins";
    private static final Pattern BARE_KEY = Pattern.compile("[A-Za-z0-9_-]+");

    private PidMapping() {
    }

    /** PID to properties, in PID order. */
    static Map<String, Map<String, Object>> toPids(JsonNode root, String file) throws ConfigFileException {
        Map<String, Map<String, Object>> pids = new TreeMap<>();
        Map<String, String> origins = new TreeMap<>();
        Section daemon = new Section(file, "");
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (!value.isObject()) {
                daemon.add(name.replace('_', '.'), tomlKey(name), value);
            } else if (name.equals(PLUGINS_TABLE)) {
                for (Map.Entry<String, JsonNode> plugin : value.properties()) {
                    String origin = "[" + PLUGINS_TABLE + "." + tomlKey(plugin.getKey()) + "]";
                    if (!plugin.getValue().isObject()) {
                        throw new ConfigFileException(file + ": " + origin + " must be a table");
                    }
                    put(pids, origins, plugin.getKey(), section(file, origin, plugin.getValue()), origin, file);
                }
            } else {
                String origin = "[" + tomlKey(name) + "]";
                put(pids, origins, SECTION_PID_PREFIX + name, section(file, origin, value), origin, file);
            }
        }
        if (!daemon.properties.isEmpty()) {
            put(pids, origins, DAEMON_PID, daemon.properties, "the top-level keys", file);
        }
        return pids;
    }

    private static Map<String, Object> section(String file, String origin, JsonNode table) throws ConfigFileException {
        Section section = new Section(file, origin);
        section.addTable("", "", table);
        return section.properties;
    }

    private static void put(Map<String, Map<String, Object>> pids, Map<String, String> origins, String pid,
                            Map<String, Object> properties, String origin, String file) throws ConfigFileException {
        String earlier = origins.putIfAbsent(pid, origin);
        if (earlier != null) {
            throw new ConfigFileException(file + ": " + earlier + " and " + origin + " both configure " + pid);
        }
        pids.put(pid, properties);
    }

    /** How TOML would write a key: bare when it can be, quoted otherwise. */
    private static String tomlKey(String name) {
        return BARE_KEY.matcher(name).matches() ? name : '"' + name.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** The properties of one PID, collected with their TOML paths for error messages. */
    private static final class Section {
        private final String file;
        /** The section as the file writes it, e.g. {@code [grpc]}; empty for the top level. */
        private final String origin;
        private final Map<String, Object> properties = new LinkedHashMap<>();
        /** ConfigAdmin property keys ignore case, so keys that differ only in case would collide there. */
        private final Set<String> keysIgnoringCase = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

        Section(String file, String origin) {
            this.file = file;
            this.origin = origin;
        }

        void addTable(String keyPrefix, String pathPrefix, JsonNode table) throws ConfigFileException {
            for (Map.Entry<String, JsonNode> field : table.properties()) {
                String name = field.getKey();
                add(keyPrefix + name.replace('_', '.'), pathPrefix + tomlKey(name), field.getValue());
            }
        }

        void add(String key, String path, JsonNode value) throws ConfigFileException {
            if (value.isObject()) {
                addTable(key + ".", path + ".", value);
            } else if (value.isArray() && !value.isEmpty() && all(value, JsonNode::isObject)) {
                for (int i = 0; i < value.size(); i++) {
                    addTable(key + "." + i + ".", path + "[" + i + "].", value.get(i));
                }
            } else {
                Object converted = value.isArray() ? array(value, path) : scalar(value, path);
                if (!keysIgnoringCase.add(key)) {
                    throw problem(path, "becomes the property \"" + key
                            + "\", which another key of this section already became (property names ignore case)");
                }
                properties.put(key, converted);
            }
        }

        private Object scalar(JsonNode value, String path) throws ConfigFileException {
            if (value.isTextual()) {
                return value.textValue();
            }
            if (value.isBoolean()) {
                return value.booleanValue();
            }
            if (value.isIntegralNumber()) {
                if (!value.canConvertToLong()) {
                    throw problem(path, "integer " + value.asText() + " does not fit in 64 bits");
                }
                return value.longValue();
            }
            if (value.isFloatingPointNumber()) {
                return value.doubleValue();
            }
            throw problem(path, "unsupported value " + value);
        }

        private Object array(JsonNode array, String path) throws ConfigFileException {
            if (all(array, JsonNode::isTextual)) {
                return fill(array, String[]::new, JsonNode::textValue);
            }
            if (all(array, JsonNode::isBoolean)) {
                return fill(array, Boolean[]::new, JsonNode::booleanValue);
            }
            if (all(array, v -> v.isIntegralNumber() && v.canConvertToLong())) {
                return fill(array, Long[]::new, JsonNode::longValue);
            }
            if (all(array, JsonNode::isFloatingPointNumber)) {
                return fill(array, Double[]::new, JsonNode::doubleValue);
            }
            throw problem(path, "an array must hold only strings, only integers, only floats, only booleans"
                    + " or only tables to become a configuration property");
        }

        private ConfigFileException problem(String path, String what) {
            return new ConfigFileException(file + ": " + (origin.isEmpty() ? "" : origin + " ") + path + ": " + what);
        }

        private static boolean all(JsonNode array, Predicate<JsonNode> test) {
            for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) {
                if (!test.test(it.next())) {
                    return false;
                }
            }
            return true;
        }

        private static <T> T[] fill(JsonNode array, IntFunction<T[]> create, Function<JsonNode, T> convert) {
            T[] values = create.apply(array.size());
            for (int i = 0; i < values.length; i++) {
                values[i] = convert.apply(array.get(i));
            }
            return values;
        }
    }
}

package io.berth.config.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

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
    static Map<String, Map<String, Object>> toPids(Map<String, Object> root, String file) throws ConfigFileException {
        Map<String, Map<String, Object>> pids = new TreeMap<>();
        Map<String, String> origins = new TreeMap<>();
        Section daemon = new Section(file, "");
        for (Map.Entry<String, Object> field : root.entrySet()) {
            String name = field.getKey();
            Object value = field.getValue();
            if (!(value instanceof Map<?, ?> table)) {
                daemon.add(name.replace('_', '.'), tomlKey(name), value);
            } else if (name.equals(PLUGINS_TABLE)) {
                for (Map.Entry<?, ?> plugin : table.entrySet()) {
                    String id = (String) plugin.getKey();
                    String origin = "[" + PLUGINS_TABLE + "." + tomlKey(id) + "]";
                    if (!(plugin.getValue() instanceof Map<?, ?> pluginTable)) {
                        throw new ConfigFileException(file + ": " + origin + " must be a table");
                    }
                    put(pids, origins, id, section(file, origin, pluginTable), origin, file);
                }
            } else {
                String origin = "[" + tomlKey(name) + "]";
                put(pids, origins, SECTION_PID_PREFIX + name, section(file, origin, table), origin, file);
            }
        }
        if (!daemon.properties.isEmpty()) {
            put(pids, origins, DAEMON_PID, daemon.properties, "the top-level keys", file);
        }
        return pids;
    }

    private static Map<String, Object> section(String file, String origin, Map<?, ?> table) throws ConfigFileException {
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

        void addTable(String keyPrefix, String pathPrefix, Map<?, ?> table) throws ConfigFileException {
            for (Map.Entry<?, ?> field : table.entrySet()) {
                String name = (String) field.getKey();
                add(keyPrefix + name.replace('_', '.'), pathPrefix + tomlKey(name), field.getValue());
            }
        }

        void add(String key, String path, Object value) throws ConfigFileException {
            if (value instanceof Map<?, ?> table) {
                addTable(key + ".", path + ".", table);
            } else if (value instanceof List<?> list && !list.isEmpty() && all(list, Map.class)) {
                for (int i = 0; i < list.size(); i++) {
                    addTable(key + "." + i + ".", path + "[" + i + "].", (Map<?, ?>) list.get(i));
                }
            } else {
                Object converted = value instanceof List<?> list ? array(list, path) : scalar(value, path);
                if (!keysIgnoringCase.add(key)) {
                    throw problem(path, "becomes the property \"" + key
                            + "\", which another key of this section already became (property names ignore case)");
                }
                properties.put(key, converted);
            }
        }

        private Object scalar(Object value, String path) throws ConfigFileException {
            return switch (value) {
                case String text -> text;
                case Boolean flag -> flag;
                case BigInteger big -> {
                    if (big.bitLength() > 63) {
                        throw problem(path, "integer " + big + " does not fit in 64 bits");
                    }
                    yield big.longValue();
                }
                case Integer small -> small.longValue();
                case Long whole -> whole;
                case BigDecimal decimal -> decimal.doubleValue();
                case Number real -> real.doubleValue();
                default -> throw problem(path, "unsupported value " + value);
            };
        }

        private Object array(List<?> array, String path) throws ConfigFileException {
            if (all(array, String.class)) {
                return array.toArray(String[]::new);
            }
            if (all(array, Boolean.class)) {
                return array.toArray(Boolean[]::new);
            }
            if (array.stream().allMatch(v -> v instanceof Integer || v instanceof Long
                    || v instanceof BigInteger big && big.bitLength() <= 63)) {
                return array.stream().map(v -> ((Number) v).longValue()).toArray(Long[]::new);
            }
            if (array.stream().allMatch(v -> v instanceof Double || v instanceof Float || v instanceof BigDecimal)) {
                return array.stream().map(v -> ((Number) v).doubleValue()).toArray(Double[]::new);
            }
            throw problem(path, "an array must hold only strings, only integers, only floats, only booleans"
                    + " or only tables to become a configuration property");
        }

        private ConfigFileException problem(String path, String what) {
            return new ConfigFileException(file + ": " + (origin.isEmpty() ? "" : origin + " ") + path + ": " + what);
        }

        private static boolean all(List<?> array, Class<?> type) {
            return array.stream().allMatch(type::isInstance);
        }
    }
}

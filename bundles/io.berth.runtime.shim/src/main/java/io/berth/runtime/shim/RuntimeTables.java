package io.berth.runtime.shim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.berth.api.runtime.RuntimeHandler;

/**
 * The {@code runtimes.<name>} tables of the task runtime's section, as ConfigAdmin holds them
 * ({@code runtimes.crun.runtime.type}, {@code runtimes.crun.options.BinaryName} …), over the built-in runc and crun.
 * A table changes only the fields it gives; a new name must give its runtime_type.
 */
final class RuntimeTables {
    static final String RUNC_TYPE = "io.containerd.runc.v2";
    private static final String PREFIX = "runtimes.";
    private static final String TYPE = "runtime.type";
    private static final String PRIVILEGED = "privileged.without.host.devices";
    private static final String OPTIONS = "options.";
    private static final Set<String> RUNC_OPTIONS = RuncOptionsTable.KEYS;

    private RuntimeTables() {
    }

    static Map<String, RuntimeHandler> builtIn() {
        Map<String, RuntimeHandler> runtimes = new TreeMap<>();
        runtimes.put("runc", new RuntimeHandler("runc", RUNC_TYPE, Map.of(), false));
        runtimes.put("crun", new RuntimeHandler("crun", RUNC_TYPE, Map.of("BinaryName", "crun"), false));
        return runtimes;
    }

    /**
     * The built-in runtimes with the tables of these properties applied, by name.
     *
     * @throws IllegalArgumentException naming the table and key for a table that cannot be used
     */
    static Map<String, RuntimeHandler> parse(Map<String, ?> properties) {
        Map<String, Table> tables = new TreeMap<>();
        for (Map.Entry<String, ?> property : properties.entrySet()) {
            String key = property.getKey();
            if (!key.startsWith(PREFIX)) {
                continue;
            }
            String rest = key.substring(PREFIX.length());
            int dot = rest.indexOf('.');
            if (dot <= 0) {
                throw new IllegalArgumentException("runtimes." + rest + " must be a table");
            }
            String name = rest.substring(0, dot);
            tables.computeIfAbsent(name, Table::new).set(rest.substring(dot + 1), property.getValue());
        }
        Map<String, RuntimeHandler> runtimes = builtIn();
        for (Table table : tables.values()) {
            runtimes.put(table.name, table.over(runtimes.get(table.name)));
        }
        return runtimes;
    }

    /** One name's fields as given; null for a field not given. */
    private static final class Table {
        private final String name;
        private String type;
        private Boolean privileged;
        private final Map<String, Object> options = new LinkedHashMap<>();

        Table(String name) {
            this.name = name;
        }

        void set(String field, Object value) {
            if (field.equals(TYPE) && value instanceof String text) {
                type = text;
            } else if (field.equals(PRIVILEGED) && value instanceof Boolean flag) {
                privileged = flag;
            } else if (field.startsWith(OPTIONS) && RUNC_OPTIONS.contains(field.substring(OPTIONS.length()))) {
                options.put(field.substring(OPTIONS.length()), value);
            } else if (field.startsWith(OPTIONS)) {
                throw new IllegalArgumentException("runtimes." + name + "." + field + " is not an option of the"
                        + " runc shim; known: " + RUNC_OPTIONS.stream().sorted().toList());
            } else if (field.equals(TYPE) || field.equals(PRIVILEGED)) {
                throw problem(field, "must be a " + (field.equals(TYPE) ? "string" : "boolean"));
            } else {
                throw problem(field, "is not a runtime key (runtime_type, privileged_without_host_devices, options)"
                        + "; a runtime's name may hold neither '.' nor '_'");
            }
        }

        RuntimeHandler over(RuntimeHandler base) {
            String resolvedType = type != null ? type : base == null ? "" : base.type();
            if (resolvedType.isEmpty()) {
                throw new IllegalArgumentException("runtimes." + name + ": runtime_type must be set");
            }
            Map<String, Object> merged = new TreeMap<>(base == null ? Map.of() : base.options());
            merged.putAll(options);
            if (!merged.isEmpty() && !resolvedType.startsWith("io.containerd.runc.")) {
                throw new IllegalArgumentException("runtimes." + name + ": options are known only for"
                        + " io.containerd.runc.* runtimes, not " + resolvedType);
            }
            RuncOptionsTable.encode(name, merged);
            boolean resolvedPrivileged = privileged != null ? privileged
                    : base != null && base.privilegedWithoutHostDevices();
            return new RuntimeHandler(name, resolvedType, merged, resolvedPrivileged);
        }

        private IllegalArgumentException problem(String field, String what) {
            return new IllegalArgumentException("runtimes." + name + "." + field.replace('.', '_') + " " + what);
        }
    }
}

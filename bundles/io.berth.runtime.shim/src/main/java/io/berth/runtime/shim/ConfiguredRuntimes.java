package io.berth.runtime.shim;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

import io.berth.api.metadata.TypedValue;
import io.berth.api.runtime.RuntimeHandler;
import io.berth.api.runtime.Runtimes;

/**
 * The runtimes of the task runtime's section: the built-in runc and crun, changed and added to by its
 * {@code runtimes.<name>} tables, and its {@code default_runtime_name}. A section that cannot be used keeps the
 * component from starting, with the reason in the log, as containerd refuses to load such a plugin.
 */
@Component(service = Runtimes.class, configurationPid = ShimTaskManager.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class ConfiguredRuntimes implements Runtimes {
    private final Map<String, RuntimeHandler> byName;
    private final String defaultName;

    @Activate
    public ConfiguredRuntimes(ShimManagerConfig config, Map<String, Object> properties) {
        this(RuntimeTables.parse(properties), config.default_runtime_name());
    }

    ConfiguredRuntimes(Map<String, RuntimeHandler> byName, String defaultName) {
        if (!byName.containsKey(defaultName)) {
            throw new IllegalArgumentException("default_runtime_name " + defaultName + " is none of the runtimes "
                    + byName.keySet());
        }
        this.byName = Map.copyOf(byName);
        this.defaultName = defaultName;
    }

    /** The built-in runtimes, runc the default. */
    static ConfiguredRuntimes builtIn() {
        return new ConfiguredRuntimes(RuntimeTables.builtIn(), "runc");
    }

    @Override
    public String defaultName() {
        return defaultName;
    }

    @Override
    public Optional<RuntimeHandler> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    @Override
    public List<RuntimeHandler> list() {
        return byName.values().stream().sorted(Comparator.comparing(RuntimeHandler::name)).toList();
    }

    /** A configured runtime's options as the shim reads them; null when it has none. */
    static TypedValue shimOptions(RuntimeHandler runtime) {
        return runtime.options().isEmpty() ? null : RuncOptionsTable.encode(runtime.name(), runtime.options());
    }
}

package io.berth.config.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * Loads the config file named by the framework property {@code berth.config} into ConfigurationAdmin,
 * with the launcher's flags laid over it, and loads it again whenever it changes: that is how an edit
 * (say, of the log level) takes effect without a restart.
 */
@Component(immediate = true, configurationPolicy = ConfigurationPolicy.IGNORE)
public final class ConfigFileLoader {
    /** Framework property: the config file in use; absent when there is none. */
    static final String CONFIG_FILE_PROPERTY = "berth.config";
    /** Editors write a file in several steps; one load after they are done is enough. */
    private static final Duration DEBOUNCE = Duration.ofMillis(100);

    private final Logger log;
    private final ConfigApplier applier;
    private final Optional<ConfigFileWatcher> watcher;

    @Activate
    public ConfigFileLoader(BundleContext context,
                            @Reference(name = "configAdmin") ConfigurationAdmin configAdmin,
                            @Reference(name = "log", service = LoggerFactory.class) Logger log) {
        this.log = log;
        Optional<Path> file = Optional.ofNullable(context.getProperty(CONFIG_FILE_PROPERTY)).map(Path::of);
        this.applier = new ConfigApplier(file, FlagOverrides.from(context::getProperty),
                new ConfigAdminPidStore(configAdmin));
        // Watching starts before the first load, so that no edit can fall between the two.
        this.watcher = file.flatMap(this::watch);
        apply();
    }

    @Deactivate
    void deactivate() {
        watcher.ifPresent(ConfigFileWatcher::close);
    }

    private Optional<ConfigFileWatcher> watch(Path file) {
        try {
            return Optional.of(ConfigFileWatcher.start(file, DEBOUNCE, this::apply,
                    why -> log.error("stopped watching {} for changes: {}", file, why)));
        } catch (IOException e) {
            log.warn("cannot watch {} for changes; edits take effect on restart: {}", file, e.toString());
            return Optional.empty();
        }
    }

    private void apply() {
        try {
            ConfigApplier.Outcome outcome = applier.apply();
            outcome.problem().ifPresent(problem -> log.error("{}; keeping the last good configuration", problem));
            ConfigSync.Changes changes = outcome.changes();
            if (!changes.updated().isEmpty()) {
                log.info("configuration updated: {}", String.join(", ", changes.updated()));
            }
            if (!changes.deleted().isEmpty()) {
                log.info("configuration removed: {}", String.join(", ", changes.deleted()));
            }
        } catch (IOException | RuntimeException e) {
            log.error("cannot store the configuration in ConfigurationAdmin", e);
        }
    }
}

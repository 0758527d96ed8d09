package io.berth.metadata.sqlite;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;

import io.berth.api.daemon.Daemon;
import io.berth.api.metadata.MetadataListener;
import io.berth.api.metadata.MetadataStore;
import io.berth.api.metadata.Transaction;
import io.berth.api.plugin.Plugin;
import io.berth.api.plugin.PluginType;

/** The metadata plugin: one SQLite database for every namespace's records, telling listeners of each write. */
@Component(service = MetadataStore.class, configurationPid = SqliteMetadataStore.PID, property = {
    Plugin.TYPE + "=" + PluginType.METADATA,
    Plugin.ID + "=" + SqliteMetadataStore.ID,
})
@Designate(ocd = SqliteConfig.class)
public final class SqliteMetadataStore implements MetadataStore {
    static final String ID = "sqlite";
    static final String PID = PluginType.METADATA + "." + ID;

    private final SqliteDatabase database;
    private final Map<ComponentServiceObjects<MetadataListener>, LazyListener> listeners = new ConcurrentHashMap<>();

    @Activate
    public SqliteMetadataStore(@Reference Daemon daemon, SqliteConfig config) {
        Path file = config.path().isEmpty()
                ? daemon.pluginRoot(PluginType.METADATA, ID).resolve("meta.db")
                : Path.of(config.path());
        database = SqliteDatabase.open(file, Duration.ofMillis(config.busy_timeout()));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addListener(ComponentServiceObjects<MetadataListener> listener) {
        LazyListener lazy = new LazyListener(listener);
        listeners.put(listener, lazy);
        database.addListener(lazy);
    }

    void removeListener(ComponentServiceObjects<MetadataListener> listener) {
        LazyListener lazy = listeners.remove(listener);
        database.removeListener(lazy);
        lazy.release();
    }

    @Deactivate
    void close() {
        database.close();
    }

    @Override
    public <T> T read(Function<Transaction, T> work) {
        return database.read(work);
    }

    @Override
    public <T> T write(Function<Transaction, T> work) {
        return database.write(work);
    }
}

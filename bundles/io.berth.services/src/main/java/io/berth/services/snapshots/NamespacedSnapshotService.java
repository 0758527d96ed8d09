package io.berth.services.snapshots;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.berth.api.errors.BerthException;
import io.berth.api.events.EventPublisher;
import io.berth.api.metadata.MetadataStore;
import io.berth.api.plugin.Plugin;
import io.berth.api.snapshots.Info;
import io.berth.api.snapshots.Mount;
import io.berth.api.snapshots.SnapshotService;
import io.berth.api.snapshots.Snapshotter;
import io.berth.api.snapshots.Usage;

/**
 * Every loaded snapshotter behind its namespaced layer, by plugin id; snapshotters come and go with their bundles.
 */
@Component(service = SnapshotService.class)
public final class NamespacedSnapshotService implements SnapshotService {
    private final MetadataStore metadata;
    private final EventPublisher events;
    private final Map<String, NamespacedSnapshots> snapshotters = new ConcurrentHashMap<>();

    @Activate
    public NamespacedSnapshotService(@Reference MetadataStore metadata, @Reference EventPublisher events) {
        this.metadata = metadata;
        this.events = events;
    }

    /** The latest snapshotter of an id serves it, so that a replacement takes over before the old one leaves. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(" + Plugin.ID + "=*)")
    public void addSnapshotter(Snapshotter snapshotter, Map<String, Object> properties) {
        String id = String.valueOf(properties.get(Plugin.ID));
        snapshotters.put(id, new NamespacedSnapshots(id, snapshotter, capabilities(properties.get(Plugin.CAPABILITIES)),
                Boolean.TRUE.equals(properties.get(Snapshotter.QUICK_READS)), metadata, events));
    }

    public void removeSnapshotter(Snapshotter snapshotter, Map<String, Object> properties) {
        snapshotters.computeIfPresent(String.valueOf(properties.get(Plugin.ID)),
                (id, serving) -> serving.backend() == snapshotter ? null : serving);
    }

    @Override
    public List<Mount> prepare(String namespace, String snapshotter, Optional<String> lease, String key,
                               String parent, Map<String, String> labels) {
        return snapshotter(snapshotter).prepare(namespace, lease, key, parent, labels);
    }

    @Override
    public List<Mount> view(String namespace, String snapshotter, Optional<String> lease, String key, String parent,
                            Map<String, String> labels) {
        return snapshotter(snapshotter).view(namespace, lease, key, parent, labels);
    }

    @Override
    public List<Mount> mounts(String namespace, String snapshotter, String key) {
        return snapshotter(snapshotter).mounts(namespace, key);
    }

    @Override
    public void commit(String namespace, String snapshotter, Optional<String> lease, String name, String key,
                       Map<String, String> labels) {
        commit(namespace, snapshotter, lease, name, key, labels, "");
    }

    @Override
    public void commit(String namespace, String snapshotter, Optional<String> lease, String name, String key,
                       Map<String, String> labels, String parent) {
        snapshotter(snapshotter).commit(namespace, lease, name, key, labels, parent);
    }

    @Override
    public void remove(String namespace, String snapshotter, Optional<String> lease, String key) {
        snapshotter(snapshotter).remove(namespace, lease, key);
    }

    @Override
    public Info stat(String namespace, String snapshotter, String key) {
        return snapshotter(snapshotter).stat(namespace, key);
    }

    @Override
    public Info update(String namespace, String snapshotter, String key, Map<String, String> labels,
                       List<String> fieldPaths) {
        return snapshotter(snapshotter).update(namespace, key, labels, fieldPaths);
    }

    @Override
    public void list(String namespace, String snapshotter, Predicate<? super Info> filter,
                     Consumer<? super Info> visitor) {
        snapshotter(snapshotter).walk(namespace, filter, visitor);
    }

    @Override
    public Usage usage(String namespace, String snapshotter, String key) {
        return snapshotter(snapshotter).usage(namespace, key);
    }

    @Override
    public void cleanup(String snapshotter) {
        snapshotter(snapshotter).cleanup();
    }

    @Override
    public List<String> capabilities(String snapshotter) {
        return snapshotter(snapshotter).capabilities();
    }

    @Override
    public boolean readsQuickly(String snapshotter) {
        NamespacedSnapshots serving = snapshotters.get(snapshotter);
        return serving != null && serving.readsQuickly();
    }

    /** A DS property holds one value or an array of them. */
    private static List<String> capabilities(Object property) {
        return switch (property) {
            case null -> List.of();
            case Object[] array -> Arrays.stream(array).map(String::valueOf).toList();
            case Collection<?> collection -> collection.stream().map(String::valueOf).toList();
            default -> List.of(String.valueOf(property));
        };
    }

    /** As containerd: a missing or unknown snapshotter is the client's mistake. */
    private NamespacedSnapshots snapshotter(String name) {
        if (name.isEmpty()) {
            throw BerthException.invalidArgument("snapshotter argument missing");
        }
        NamespacedSnapshots snapshotter = snapshotters.get(name);
        if (snapshotter == null) {
            throw BerthException.invalidArgument("snapshotter not loaded: %s", name);
        }
        return snapshotter;
    }
}

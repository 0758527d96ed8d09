package io.berth.shell;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.berth.api.plugin.Plugin;
import io.berth.api.snapshots.Snapshotter;

/**
 * {@code berth:snapshots}: every snapshotter's own snapshots, as the snapshotters keep them for all namespaces
 * (the namespaces' names for them are what {@code ctr snapshots ls} shows).
 */
@Component(service = SnapshotCommands.class, property = {
    "osgi.command.scope=berth",
    "osgi.command.function=snapshots",
})
public final class SnapshotCommands {
    private final Map<String, Snapshotter> snapshotters = new ConcurrentSkipListMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSnapshotter(Snapshotter snapshotter, Map<String, Object> properties) {
        snapshotters.put(String.valueOf(properties.get(Plugin.ID)), snapshotter);
    }

    void removeSnapshotter(Snapshotter snapshotter, Map<String, Object> properties) {
        snapshotters.remove(String.valueOf(properties.get(Plugin.ID)), snapshotter);
    }

    @Descriptor("list the snapshots of every snapshotter, or of the one named")
    public String snapshots(@Descriptor("snapshotter") String... only) {
        TextTable table = new TextTable("SNAPSHOTTER", "KEY", "PARENT", "KIND");
        List<String> names = only.length > 0 ? List.of(only) : List.copyOf(snapshotters.keySet());
        for (String name : names) {
            Snapshotter snapshotter = snapshotters.get(name);
            if (snapshotter == null) {
                return "no snapshotter " + name + "; loaded: " + String.join(", ", snapshotters.keySet());
            }
            snapshotter.walk(info -> true, info -> table.row(name, info.name(),
                    info.parent().isEmpty() ? "-" : info.parent(), info.kind().name().toLowerCase(Locale.ROOT)));
        }
        return table.render();
    }
}

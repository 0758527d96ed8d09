package io.berth.services.snapshots;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

import io.berth.api.snapshots.Info;
import io.berth.api.snapshots.Mount;
import io.berth.api.snapshots.Snapshotter;
import io.berth.api.snapshots.Usage;
import io.berth.services.Hold;

/** A real snapshotter whose stat waits until the test releases it, as one asking a slow device would. */
final class HeldStatSnapshotter implements Snapshotter {
    private final Snapshotter snapshotter;
    final Hold hold = new Hold();

    HeldStatSnapshotter(Snapshotter snapshotter) {
        this.snapshotter = snapshotter;
    }

    @Override
    public Info stat(String key) {
        hold.here();
        return snapshotter.stat(key);
    }

    @Override
    public Info update(Info info, List<String> fieldPaths) {
        return snapshotter.update(info, fieldPaths);
    }

    @Override
    public Usage usage(String key) {
        return snapshotter.usage(key);
    }

    @Override
    public List<Mount> mounts(String key) {
        return snapshotter.mounts(key);
    }

    @Override
    public List<Mount> prepare(String key, String parent, Map<String, String> labels) {
        return snapshotter.prepare(key, parent, labels);
    }

    @Override
    public List<Mount> view(String key, String parent, Map<String, String> labels) {
        return snapshotter.view(key, parent, labels);
    }

    @Override
    public void commit(String name, String key, Map<String, String> labels) {
        snapshotter.commit(name, key, labels);
    }

    @Override
    public void remove(String key) {
        snapshotter.remove(key);
    }

    @Override
    public void walk(Predicate<? super Info> filter, Consumer<? super Info> visitor) {
        snapshotter.walk(filter, visitor);
    }

    @Override
    public void cleanup() {
        snapshotter.cleanup();
    }
}

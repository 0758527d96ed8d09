package io.berth.metadata.sqlite;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.berth.api.errors.BerthException;
import io.berth.api.metadata.Labels;
import io.berth.api.metadata.SnapshotReference;
import io.berth.api.metadata.SnapshotStore;

/** Namespaces' snapshots in the {@code snapshots}, {@code snapshot_labels} and {@code snapshot_sequences} tables. */
final class SqlSnapshotStore implements SnapshotStore {
    private static final String LABELS = "labels";
    private static final String LABEL_PREFIX = "labels.";

    private final SqlTransaction transaction;

    SqlSnapshotStore(SqlTransaction transaction) {
        this.transaction = transaction;
    }

    @Override
    public SnapshotReference create(String namespace, String snapshotter, String name, String backendKey,
                                    String parent, Map<String, String> labels) {
        SqlConnection connection = transaction.writing("creating snapshot " + name + " in namespace " + namespace);
        if (name.isEmpty() || backendKey.isEmpty()) {
            throw BerthException.invalidArgument("snapshot name and backend key must be provided");
        }
        labels.forEach(Labels::validate);
        if (exists(connection, namespace, snapshotter, name)) {
            throw BerthException.alreadyExists("snapshot \"%s\": already exists", name);
        }
        if (!parent.isEmpty() && !exists(connection, namespace, snapshotter, parent)) {
            throw BerthException.notFound("parent snapshot %s does not exist: not found", parent);
        }
        Sql.update(connection, "INSERT INTO namespaces (name) VALUES (?) ON CONFLICT (name) DO NOTHING", namespace);
        long now = Nanos.of(Instant.now());
        Sql.update(connection, "INSERT INTO snapshots (namespace, snapshotter, name, key, parent, created, updated) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)", namespace, snapshotter, name, backendKey, parent, now, now);
        writeLabels(connection, namespace, snapshotter, name, labels);
        return get(namespace, snapshotter, name);
    }

    @Override
    public SnapshotReference get(String namespace, String snapshotter, String name) {
        List<SnapshotReference> found = select(transaction.reading(), namespace, snapshotter, name);
        if (found.isEmpty()) {
            throw notFound(name);
        }
        return found.getFirst();
    }

    @Override
    public List<SnapshotReference> list(String namespace, String snapshotter) {
        return select(transaction.reading(), namespace, snapshotter, null);
    }

    @Override
    public List<String> backendKeys(String snapshotter) {
        List<String> keys = new ArrayList<>();
        Sql.query(transaction.reading(), "SELECT key FROM snapshots WHERE snapshotter = ? ORDER BY key",
                List.of(snapshotter), row -> keys.add(row.getString(1)));
        return keys;
    }

    @Override
    public SnapshotReference updateLabels(String namespace, String snapshotter, String name,
                                          Map<String, String> labels, List<String> fieldPaths) {
        SqlConnection connection = transaction.writing("updating snapshot " + name + " in namespace " + namespace);
        Map<String, String> updated = new TreeMap<>(get(namespace, snapshotter, name).labels());
        if (fieldPaths.isEmpty()) {
            updated = new TreeMap<>(labels);
        }
        for (String path : fieldPaths) {
            if (path.startsWith(LABEL_PREFIX)) {
                String key = path.substring(LABEL_PREFIX.length());
                updated.put(key, labels.getOrDefault(key, ""));
            } else if (path.equals(LABELS)) {
                updated = new TreeMap<>(labels);
            } else {
                throw BerthException.invalidArgument("cannot update \"%s\" field on snapshot \"%s\"", path, name);
            }
        }
        updated.forEach(Labels::validate);
        Sql.update(connection, "UPDATE snapshots SET updated = ? WHERE namespace = ? AND snapshotter = ? AND name = ?",
                Nanos.of(Instant.now()), namespace, snapshotter, name);
        Sql.update(connection, "DELETE FROM snapshot_labels WHERE namespace = ? AND snapshotter = ? AND snapshot = ?",
                namespace, snapshotter, name);
        writeLabels(connection, namespace, snapshotter, name, updated);
        return get(namespace, snapshotter, name);
    }

    @Override
    public SnapshotReference remove(String namespace, String snapshotter, String name) {
        SqlConnection connection = transaction.writing("removing snapshot " + name + " from namespace " + namespace);
        SnapshotReference removed = get(namespace, snapshotter, name);
        if (Sql.any(connection, "SELECT 1 FROM snapshots WHERE namespace = ? AND snapshotter = ? AND parent = ?",
                namespace, snapshotter, name)) {
            throw BerthException.failedPrecondition("cannot remove snapshot with child");
        }
        // Its labels go with it (ON DELETE CASCADE).
        Sql.update(connection, "DELETE FROM snapshots WHERE namespace = ? AND snapshotter = ? AND name = ?",
                namespace, snapshotter, name);
        transaction.deletedRecord();
        return removed;
    }

    @Override
    public long nextSequence(String namespace, String snapshotter) {
        SqlConnection connection = transaction.writing("numbering a snapshot of namespace " + namespace);
        Sql.update(connection, "INSERT INTO snapshot_sequences (namespace, snapshotter, last) VALUES (?, ?, 1) "
                + "ON CONFLICT (namespace, snapshotter) DO UPDATE SET last = last + 1", namespace, snapshotter);
        long[] last = {0};
        Sql.query(connection, "SELECT last FROM snapshot_sequences WHERE namespace = ? AND snapshotter = ?",
                List.of(namespace, snapshotter), row -> last[0] = row.getLong(1));
        return last[0];
    }

    private static boolean exists(SqlConnection connection, String namespace, String snapshotter, String name) {
        return Sql.any(connection, "SELECT 1 FROM snapshots WHERE namespace = ? AND snapshotter = ? AND name = ?",
                namespace, snapshotter, name);
    }

    private static BerthException notFound(String name) {
        return BerthException.notFound("snapshot %s does not exist: not found", name);
    }

    private static void writeLabels(SqlConnection connection, String namespace, String snapshotter, String name,
                                    Map<String, String> labels) {
        labels.forEach((key, value) -> {
            // An empty value stands for no label, as in containerd.
            if (!value.isEmpty()) {
                Sql.update(connection, "INSERT INTO snapshot_labels (namespace, snapshotter, snapshot, key, value) "
                        + "VALUES (?, ?, ?, ?, ?)", namespace, snapshotter, name, key, value);
            }
        });
    }

    /** The namespace's snapshots on the snapshotter, or only the one named when {@code name} is not null. */
    private static List<SnapshotReference> select(SqlConnection connection, String namespace, String snapshotter,
                                                  String name) {
        String ofSnapshots = "namespace = ? AND snapshotter = ?" + (name == null ? "" : " AND name = ?");
        String ofLabels = "namespace = ? AND snapshotter = ?" + (name == null ? "" : " AND snapshot = ?");
        List<Object> parameters = name == null ? List.of(namespace, snapshotter) : List.of(namespace, snapshotter, name);
        Map<String, Map<String, String>> labels = new HashMap<>();
        Sql.query(connection, "SELECT snapshot, key, value FROM snapshot_labels WHERE " + ofLabels, parameters,
                row -> labels.computeIfAbsent(row.getString(1), s -> new TreeMap<>())
                        .put(row.getString(2), row.getString(3)));
        List<SnapshotReference> snapshots = new ArrayList<>();
        Sql.query(connection, "SELECT name, key, parent, created, updated FROM snapshots WHERE " + ofSnapshots
                + " ORDER BY name", parameters, row -> snapshots.add(new SnapshotReference(row.getString(1),
                row.getString(2), row.getString(3), labels.get(row.getString(1)), Nanos.toInstant(row.getLong(4)),
                Nanos.toInstant(row.getLong(5)))));
        return snapshots;
    }
}

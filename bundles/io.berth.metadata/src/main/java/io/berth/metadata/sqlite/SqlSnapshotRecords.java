package io.berth.metadata.sqlite;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.berth.api.errors.BerthException;
import io.berth.api.metadata.Labels;
import io.berth.api.metadata.SnapshotRecord;
import io.berth.api.metadata.SnapshotRecords;
import io.berth.api.snapshots.Info;
import io.berth.api.snapshots.Kind;

/** One snapshotter's records in the {@code snapshotter_*} tables. */
final class SqlSnapshotRecords implements SnapshotRecords {
    private static final String LABELS_PATH = "labels";
    private static final String LABEL_PATH_PREFIX = "labels.";
    private static final String SELECT = "SELECT s.id, s.key, s.kind, COALESCE(p.key, ''), s.created, s.updated "
            + "FROM snapshotter_snapshots s LEFT JOIN snapshotter_snapshots p "
            + "ON p.snapshotter = s.snapshotter AND p.id = s.parent_id WHERE s.snapshotter = ?";

    private final SqlTransaction transaction;
    private final String snapshotter;

    SqlSnapshotRecords(SqlTransaction transaction, String snapshotter) {
        this.transaction = transaction;
        this.snapshotter = snapshotter;
    }

    @Override
    public SnapshotRecord create(String key, String parent, Kind kind, Map<String, String> labels) {
        SqlConnection connection = transaction.writing("creating snapshot " + key + " of " + snapshotter);
        if (key.isEmpty()) {
            throw BerthException.invalidArgument("snapshot key must not be empty");
        }
        if (kind == Kind.COMMITTED) {
            throw BerthException.invalidArgument("snapshot %s: only active and view snapshots are created; "
                    + "committed ones come from a commit", key);
        }
        labels.forEach(Labels::validate);
        if (find(connection, key) != null) {
            throw BerthException.alreadyExists("snapshot %s: already exists", key);
        }
        Long parentId = parent.isEmpty() ? null : parentId(connection, parent, key);
        long id = nextId(connection);
        long now = Nanos.of(Instant.now());
        Sql.update(connection, "INSERT INTO snapshotter_snapshots (snapshotter, id, key, kind, parent_id, created, "
                + "updated) VALUES (?, ?, ?, ?, ?, ?, ?)", snapshotter, id, key, kind.name(), parentId, now, now);
        writeLabels(connection, id, labels);
        return get(key);
    }

    @Override
    public SnapshotRecord get(String key) {
        SnapshotRecord found = find(transaction.reading(), key);
        if (found == null) {
            throw notFound(key);
        }
        return found;
    }

    @Override
    public List<Long> parentIds(String key) {
        List<Long> ids = new ArrayList<>();
        Sql.query(transaction.reading(), """
                WITH RECURSIVE chain (id, parent_id) AS (
                    SELECT id, parent_id FROM snapshotter_snapshots WHERE snapshotter = ?1 AND key = ?2
                    UNION ALL
                    SELECT s.id, s.parent_id FROM snapshotter_snapshots s JOIN chain c
                        ON s.snapshotter = ?1 AND s.id = c.parent_id
                )
                SELECT id FROM chain""", List.of(snapshotter, key), row -> ids.add(row.getLong(1)));
        // The chain starts at the snapshot itself: none means there is no such snapshot.
        if (ids.isEmpty()) {
            throw notFound(key);
        }
        return ids.subList(1, ids.size());
    }

    @Override
    public Info update(Info info, List<String> fieldPaths) {
        SqlConnection connection = transaction.writing("updating snapshot " + info.name() + " of " + snapshotter);
        long id = get(info.name()).id();
        for (String path : fieldPaths.isEmpty() ? List.of(LABELS_PATH) : fieldPaths) {
            if (path.equals(LABELS_PATH)) {
                info.labels().forEach(Labels::validate);
                Sql.update(connection, "DELETE FROM snapshotter_snapshot_labels WHERE snapshotter = ? AND id = ?",
                        snapshotter, id);
                writeLabels(connection, id, info.labels());
            } else if (path.startsWith(LABEL_PATH_PREFIX)) {
                String label = path.substring(LABEL_PATH_PREFIX.length());
                setLabel(connection, id, label, info.labels().getOrDefault(label, ""));
            } else {
                throw BerthException.invalidArgument(
                        "cannot update field %s of snapshot %s: only labels and labels.<key> can change",
                        path, info.name());
            }
        }
        Sql.update(connection, "UPDATE snapshotter_snapshots SET updated = ? WHERE snapshotter = ? AND id = ?",
                Nanos.of(Instant.now()), snapshotter, id);
        return get(info.name()).info();
    }

    @Override
    public SnapshotRecord commit(String key, String name, Map<String, String> labels) {
        return commit(key, name, labels, "");
    }

    @Override
    public SnapshotRecord commit(String key, String name, Map<String, String> labels, String parent) {
        SqlConnection connection = transaction.writing("committing snapshot " + key + " of " + snapshotter);
        SnapshotRecord active = get(key);
        if (active.info().kind() != Kind.ACTIVE) {
            throw BerthException.failedPrecondition("snapshot %s is %s: only an active snapshot can be committed",
                    key, active.info().kind());
        }
        if (name.isEmpty()) {
            throw BerthException.invalidArgument("a committed snapshot needs a name");
        }
        if (find(connection, name) != null) {
            throw BerthException.alreadyExists("snapshot %s: already exists", name);
        }
        labels.forEach(Labels::validate);
        Long parentId = parent.isEmpty() || parent.equals(active.info().parent()) ? null : parentId(connection,
                parent, key);
        if (parentId != null) {
            Sql.update(connection, "UPDATE snapshotter_snapshots SET parent_id = ? WHERE snapshotter = ? AND id = ?",
                    parentId, snapshotter, active.id());
        }
        Sql.update(connection, "UPDATE snapshotter_snapshots SET key = ?, kind = ?, updated = ? "
                + "WHERE snapshotter = ? AND id = ?", name, Kind.COMMITTED.name(), Nanos.of(Instant.now()),
                snapshotter, active.id());
        if (!labels.isEmpty()) {
            Sql.update(connection, "DELETE FROM snapshotter_snapshot_labels WHERE snapshotter = ? AND id = ?",
                    snapshotter, active.id());
            writeLabels(connection, active.id(), labels);
        }
        return get(name);
    }

    @Override
    public SnapshotRecord remove(String key) {
        SqlConnection connection = transaction.writing("removing snapshot " + key + " of " + snapshotter);
        SnapshotRecord record = get(key);
        List<String> children = new ArrayList<>();
        Sql.query(connection, "SELECT key FROM snapshotter_snapshots WHERE snapshotter = ? AND parent_id = ? "
                + "ORDER BY key", List.of(snapshotter, record.id()), row -> children.add(row.getString(1)));
        if (!children.isEmpty()) {
            throw BerthException.failedPrecondition("cannot remove snapshot %s: %s stand on it", key,
                    String.join(", ", children));
        }
        // Its labels go with it (ON DELETE CASCADE).
        Sql.update(connection, "DELETE FROM snapshotter_snapshots WHERE snapshotter = ? AND id = ?",
                snapshotter, record.id());
        transaction.deletedRecord();
        return record;
    }

    @Override
    public List<SnapshotRecord> list() {
        return select(transaction.reading(), null);
    }

    /** The id of {@code parent}, which must be committed, for the snapshot {@code key} to stand on. */
    private long parentId(SqlConnection connection, String parent, String key) {
        SnapshotRecord found = find(connection, parent);
        if (found == null) {
            throw BerthException.notFound("parent snapshot %s of %s: not found", parent, key);
        }
        if (found.info().kind() != Kind.COMMITTED) {
            throw BerthException.invalidArgument("parent \"%s\" is not committed snapshot", parent);
        }
        return found.id();
    }

    /** The record of the key, or null. */
    private SnapshotRecord find(SqlConnection connection, String key) {
        List<SnapshotRecord> found = select(connection, key);
        return found.isEmpty() ? null : found.getFirst();
    }

    private List<SnapshotRecord> select(SqlConnection connection, String key) {
        String where = key == null ? "" : " AND s.key = ?";
        String labelWhere = key == null ? "" : " AND id = (SELECT id FROM snapshotter_snapshots "
                + "WHERE snapshotter = ?1 AND key = ?2)";
        List<Object> parameters = key == null ? List.of(snapshotter) : List.of(snapshotter, key);
        Map<Long, Map<String, String>> labels = new HashMap<>();
        Sql.query(connection, "SELECT id, key, value FROM snapshotter_snapshot_labels WHERE snapshotter = ?1"
                + labelWhere, parameters, row -> labels.computeIfAbsent(row.getLong(1), i -> new TreeMap<>())
                        .put(row.getString(2), row.getString(3)));
        List<SnapshotRecord> records = new ArrayList<>();
        Sql.query(connection, SELECT + where + " ORDER BY s.id", parameters, row -> records.add(
                new SnapshotRecord(row.getLong(1), new Info(row.getString(2), row.getString(4),
                        Kind.valueOf(row.getString(3)), labels.get(row.getLong(1)),
                        Nanos.toInstant(row.getLong(5)), Nanos.toInstant(row.getLong(6))))));
        return records;
    }

    private long nextId(SqlConnection connection) {
        Sql.update(connection, "INSERT INTO snapshotter_sequences (snapshotter, last_id) VALUES (?, 1) "
                + "ON CONFLICT (snapshotter) DO UPDATE SET last_id = last_id + 1", snapshotter);
        long[] id = {0};
        Sql.query(connection, "SELECT last_id FROM snapshotter_sequences WHERE snapshotter = ?", List.of(snapshotter),
                row -> id[0] = row.getLong(1));
        return id[0];
    }

    private void writeLabels(SqlConnection connection, long id, Map<String, String> labels) {
        labels.forEach((key, value) -> setLabel(connection, id, key, value));
    }

    /** An empty value removes a label, as containerd does. */
    private void setLabel(SqlConnection connection, long id, String key, String value) {
        Labels.validate(key, value);
        if (value.isEmpty()) {
            Sql.update(connection, "DELETE FROM snapshotter_snapshot_labels WHERE snapshotter = ? AND id = ? "
                    + "AND key = ?", snapshotter, id, key);
        } else {
            Sql.update(connection, "INSERT INTO snapshotter_snapshot_labels (snapshotter, id, key, value) "
                    + "VALUES (?, ?, ?, ?) ON CONFLICT (snapshotter, id, key) DO UPDATE SET value = excluded.value",
                    snapshotter, id, key, value);
        }
    }

    private BerthException notFound(String key) {
        return BerthException.notFound("snapshot %s: not found in snapshotter %s", key, snapshotter);
    }
}

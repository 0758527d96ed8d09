package io.berth.metadata.sqlite;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.berth.api.content.Digest;
import io.berth.api.content.Info;
import io.berth.api.errors.BerthException;
import io.berth.api.metadata.ContentReferences;
import io.berth.api.metadata.Labels;

/** Namespaces' references to blobs in the {@code content} and {@code content_labels} tables. */
final class SqlContentReferences implements ContentReferences {
    private static final String LABELS_PATH = "labels";
    private static final String LABEL_PATH_PREFIX = "labels.";

    private final SqlTransaction transaction;

    SqlContentReferences(SqlTransaction transaction) {
        this.transaction = transaction;
    }

    @Override
    public Info add(String namespace, Digest digest, long size, Map<String, String> labels) {
        SqlConnection connection = transaction.writing("adding content " + digest + " to namespace " + namespace);
        labels.forEach(Labels::validate);
        if (exists(connection, namespace, digest)) {
            throw BerthException.alreadyExists("content %s: already exists", digest);
        }
        Sql.update(connection, "INSERT INTO namespaces (name) VALUES (?) ON CONFLICT (name) DO NOTHING", namespace);
        long now = Nanos.of(Instant.now());
        Sql.update(connection, "INSERT INTO content (namespace, digest, size, created, updated) VALUES (?, ?, ?, ?, ?)",
                namespace, digest.toString(), size, now, now);
        labels.forEach((key, value) -> setLabel(connection, namespace, digest, key, value));
        return read(connection, namespace, digest);
    }

    @Override
    public Info get(String namespace, Digest digest) {
        return find(transaction.reading(), namespace, digest)
                .orElseThrow(() -> BerthException.notFound("content digest %s: not found", digest));
    }

    @Override
    public Info update(String namespace, Digest digest, Map<String, String> labels, List<String> fieldPaths) {
        SqlConnection connection = transaction.writing("updating content " + digest + " in namespace " + namespace);
        requireExists(connection, namespace, digest);
        for (String path : fieldPaths.isEmpty() ? List.of(LABELS_PATH) : fieldPaths) {
            if (path.equals(LABELS_PATH)) {
                labels.forEach(Labels::validate);
                Sql.update(connection, "DELETE FROM content_labels WHERE namespace = ? AND digest = ?",
                        namespace, digest.toString());
                labels.forEach((key, value) -> setLabel(connection, namespace, digest, key, value));
            } else if (path.startsWith(LABEL_PATH_PREFIX)) {
                String key = path.substring(LABEL_PATH_PREFIX.length());
                setLabel(connection, namespace, digest, key, labels.getOrDefault(key, ""));
            } else {
                throw BerthException.invalidArgument("cannot update \"%s\" field on content info \"%s\"", path,
                        digest);
            }
        }
        Sql.update(connection, "UPDATE content SET updated = ? WHERE namespace = ? AND digest = ?",
                Nanos.of(Instant.now()), namespace, digest.toString());
        return read(connection, namespace, digest);
    }

    @Override
    public void remove(String namespace, Digest digest) {
        SqlConnection connection = transaction.writing("removing content " + digest + " from namespace " + namespace);
        requireExists(connection, namespace, digest);
        // Its labels go with it (ON DELETE CASCADE).
        Sql.update(connection, "DELETE FROM content WHERE namespace = ? AND digest = ?", namespace, digest.toString());
        transaction.deletedRecord();
    }

    @Override
    public List<Info> list(String namespace) {
        SqlConnection connection = transaction.reading();
        Map<String, Map<String, String>> labels = new HashMap<>();
        Sql.query(connection, "SELECT digest, key, value FROM content_labels WHERE namespace = ?", List.of(namespace),
                row -> labels.computeIfAbsent(row.getString(1), d -> new TreeMap<>())
                        .put(row.getString(2), row.getString(3)));
        Map<String, Info> infos = new LinkedHashMap<>();
        Sql.query(connection, "SELECT digest, size, created, updated FROM content WHERE namespace = ? ORDER BY digest",
                List.of(namespace), row -> infos.put(row.getString(1), new Info(Digest.parse(row.getString(1)),
                        row.getLong(2), Nanos.toInstant(row.getLong(3)), Nanos.toInstant(row.getLong(4)),
                        labels.get(row.getString(1)))));
        return new ArrayList<>(infos.values());
    }

    private static boolean exists(SqlConnection connection, String namespace, Digest digest) {
        return Sql.any(connection, "SELECT 1 FROM content WHERE namespace = ? AND digest = ?",
                namespace, digest.toString());
    }

    private static void requireExists(SqlConnection connection, String namespace, Digest digest) {
        if (!exists(connection, namespace, digest)) {
            throw BerthException.notFound("content digest %s: not found", digest);
        }
    }

    private static Info read(SqlConnection connection, String namespace, Digest digest) {
        return find(connection, namespace, digest).orElseThrow();
    }

    /**
     * The blob's record and labels in one query, as Content.Info and Read ask for them on every call: a row per
     * label, or one row without a label.
     */
    private static Optional<Info> find(SqlConnection connection, String namespace, Digest digest) {
        record Columns(long size, long created, long updated) {
        }
        Columns[] found = {null};
        Map<String, String> labels = new TreeMap<>();
        Sql.query(connection, "SELECT c.size, c.created, c.updated, l.key, l.value FROM content c "
                + "LEFT JOIN content_labels l ON l.namespace = c.namespace AND l.digest = c.digest "
                + "WHERE c.namespace = ? AND c.digest = ?", List.of(namespace, digest.toString()), row -> {
                    found[0] = new Columns(row.getLong(1), row.getLong(2), row.getLong(3));
                    String key = row.getString(4);
                    if (key != null) {
                        labels.put(key, row.getString(5));
                    }
                });
        return Optional.ofNullable(found[0]).map(columns -> new Info(digest, columns.size(),
                Nanos.toInstant(columns.created()), Nanos.toInstant(columns.updated()), labels));
    }

    /** An empty value removes a label, as containerd does. */
    private static void setLabel(SqlConnection connection, String namespace, Digest digest, String key, String value) {
        Labels.validate(key, value);
        if (value.isEmpty()) {
            Sql.update(connection, "DELETE FROM content_labels WHERE namespace = ? AND digest = ? AND key = ?",
                    namespace, digest.toString(), key);
        } else {
            Sql.update(connection, "INSERT INTO content_labels (namespace, digest, key, value) VALUES (?, ?, ?, ?) "
                    + "ON CONFLICT (namespace, digest, key) DO UPDATE SET value = excluded.value",
                    namespace, digest.toString(), key, value);
        }
    }
}

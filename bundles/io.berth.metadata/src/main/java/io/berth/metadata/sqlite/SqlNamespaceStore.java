package io.berth.metadata.sqlite;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.berth.api.errors.BerthException;
import io.berth.api.metadata.Labels;
import io.berth.api.metadata.Namespace;
import io.berth.api.metadata.NamespaceStore;
import io.berth.api.namespaces.Namespaces;

/** Namespaces in the {@code namespaces} and {@code namespace_labels} tables. */
final class SqlNamespaceStore implements NamespaceStore {
    private static final String LABELS_PATH = "labels";
    private static final String LABEL_PATH_PREFIX = "labels.";

    private final SqlTransaction transaction;

    SqlNamespaceStore(SqlTransaction transaction) {
        this.transaction = transaction;
    }

    @Override
    public Namespace create(Namespace namespace) {
        SqlConnection connection = transaction.writing("creating namespace " + namespace.name());
        String name = Namespaces.validate(namespace.name());
        namespace.labels().forEach(Labels::validate);
        if (exists(connection, name)) {
            throw BerthException.alreadyExists("namespace \"%s\": already exists", name);
        }
        Sql.update(connection, "INSERT INTO namespaces (name) VALUES (?)", name);
        replaceLabels(connection, name, namespace.labels());
        return read(connection, name);
    }

    @Override
    public Namespace get(String name) {
        SqlConnection connection = transaction.reading();
        if (!exists(connection, name)) {
            throw BerthException.notFound("namespace \"%s\": not found", name);
        }
        return read(connection, name);
    }

    @Override
    public List<Namespace> list() {
        SqlConnection connection = transaction.reading();
        Map<String, Map<String, String>> labels = new LinkedHashMap<>();
        Sql.query(connection, "SELECT name FROM namespaces ORDER BY name", List.of(),
                row -> labels.put(row.getString(1), new TreeMap<>()));
        Sql.query(connection, "SELECT namespace, key, value FROM namespace_labels", List.of(),
                row -> labels.get(row.getString(1)).put(row.getString(2), row.getString(3)));
        List<Namespace> namespaces = new ArrayList<>(labels.size());
        labels.forEach((name, its) -> namespaces.add(new Namespace(name, its)));
        return namespaces;
    }

    @Override
    public Namespace update(Namespace namespace, List<String> fieldPaths) {
        String name = namespace.name();
        SqlConnection connection = transaction.writing("updating namespace " + name);
        if (!exists(connection, name)) {
            // containerd's store makes the namespace a label is set in: "ctr namespaces label new k=v" makes it.
            if (fieldPaths.isEmpty() && namespace.labels().isEmpty()) {
                throw BerthException.notFound("namespace \"%s\": not found", name);
            }
            Sql.update(connection, "INSERT INTO namespaces (name) VALUES (?)", Namespaces.validate(name));
        }
        for (String path : fieldPaths.isEmpty() ? List.of(LABELS_PATH) : fieldPaths) {
            if (path.equals(LABELS_PATH)) {
                namespace.labels().forEach(Labels::validate);
                replaceLabels(connection, name, namespace.labels());
            } else if (path.startsWith(LABEL_PATH_PREFIX)) {
                String key = path.substring(LABEL_PATH_PREFIX.length());
                setLabel(connection, name, key, namespace.labels().getOrDefault(key, ""));
            } else {
                throw BerthException.invalidArgument(
                        "cannot update field %s of namespace %s: only labels and labels.<key> can change", path, name);
            }
        }
        return read(connection, name);
    }

    @Override
    public void delete(String name) {
        SqlConnection connection = transaction.writing("deleting namespace " + name);
        if (!exists(connection, name)) {
            throw BerthException.notFound("namespace \"%s\": not found", name);
        }
        List<String> left = NamespaceContents.remaining(connection, name);
        if (!left.isEmpty()) {
            throw BerthException.failedPrecondition("namespace \"%s\" must be empty, but it still has %s",
                    name, String.join(", ", left));
        }
        // Its labels and leases go with it (ON DELETE CASCADE).
        Sql.update(connection, "DELETE FROM namespaces WHERE name = ?", name);
    }

    private static boolean exists(SqlConnection connection, String name) {
        return Sql.any(connection, "SELECT 1 FROM namespaces WHERE name = ?", name);
    }

    private static Namespace read(SqlConnection connection, String name) {
        Map<String, String> labels = new TreeMap<>();
        Sql.query(connection, "SELECT key, value FROM namespace_labels WHERE namespace = ?", List.of(name),
                row -> labels.put(row.getString(1), row.getString(2)));
        return new Namespace(name, labels);
    }

    /** An empty value removes a label, as containerd does. */
    private static void replaceLabels(SqlConnection connection, String name, Map<String, String> labels) {
        Sql.update(connection, "DELETE FROM namespace_labels WHERE namespace = ?", name);
        labels.forEach((key, value) -> setLabel(connection, name, key, value));
    }

    private static void setLabel(SqlConnection connection, String name, String key, String value) {
        Labels.validate(key, value);
        if (value.isEmpty()) {
            Sql.update(connection, "DELETE FROM namespace_labels WHERE namespace = ? AND key = ?", name, key);
        } else {
            Sql.update(connection, "INSERT INTO namespace_labels (namespace, key, value) VALUES (?, ?, ?) "
                    + "ON CONFLICT (namespace, key) DO UPDATE SET value = excluded.value", name, key, value);
        }
    }
}

package io.berth.metadata.sqlite;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.berth.api.errors.BerthException;
import io.berth.api.metadata.Container;
import io.berth.api.metadata.ContainerStore;
import io.berth.api.metadata.TypedValue;

/** Containers in the {@code containers}, {@code container_labels} and {@code container_extensions} tables. */
final class SqlContainerStore implements ContainerStore {
    private static final String COLUMNS = "id, image, runtime_name, runtime_options_type, runtime_options, "
            + "spec_type, spec, snapshotter, snapshot_key, sandbox, created, updated";

    private final SqlTransaction transaction;

    SqlContainerStore(SqlTransaction transaction) {
        this.transaction = transaction;
    }

    @Override
    public Container create(String namespace, Container container) {
        SqlConnection connection = transaction.writing("creating container " + container.id() + " in namespace "
                + namespace);
        ContainerRules.validate(container, "create container failed validation");
        if (exists(connection, namespace, container.id())) {
            throw BerthException.alreadyExists("container \"%s\": already exists", container.id());
        }
        Sql.update(connection, "INSERT INTO namespaces (name) VALUES (?) ON CONFLICT (name) DO NOTHING", namespace);
        long now = Nanos.of(Instant.now());
        TypedValue options = container.runtimeOptions();
        TypedValue spec = container.spec();
        Sql.update(connection, "INSERT INTO containers (namespace, " + COLUMNS + ") "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                namespace, container.id(), container.image(), container.runtimeName(), typeOf(options),
                valueOf(options), spec.typeUrl(), spec.value(), container.snapshotter(), container.snapshotKey(),
                container.sandbox(), now, now);
        writeMaps(connection, namespace, container);
        return get(namespace, container.id());
    }

    @Override
    public Container get(String namespace, String id) {
        return one(transaction.reading(), namespace, id).orElseThrow(
                () -> BerthException.notFound("container \"%s\" in namespace \"%s\": not found", id, namespace));
    }

    @Override
    public List<Container> list(String namespace) {
        return select(transaction.reading(), namespace, null);
    }

    @Override
    public Container update(String namespace, Container container, List<String> fieldPaths) {
        if (container.id().isEmpty()) {
            throw BerthException.invalidArgument("container id is required for update");
        }
        SqlConnection connection = transaction.writing("updating container " + container.id() + " in namespace "
                + namespace);
        Container current = one(connection, namespace, container.id()).orElseThrow(
                () -> BerthException.notFound("container \"%s\": not found", container.id()));
        Container updated = ContainerRules.apply(current, container, fieldPaths);
        ContainerRules.validate(updated, "update failed validation");
        TypedValue spec = updated.spec();
        long now = Nanos.of(Instant.now());
        Sql.update(connection, "UPDATE containers SET image = ?, spec_type = ?, spec = ?, snapshot_key = ?, "
                        + "updated = ? WHERE namespace = ? AND id = ?", updated.image(), spec.typeUrl(),
                spec.value(), updated.snapshotKey(), now, namespace, updated.id());
        Sql.update(connection, "DELETE FROM container_labels WHERE namespace = ? AND container = ?", namespace,
                updated.id());
        writeMaps(connection, namespace, updated);
        if (!updated.snapshotKey().equals(current.snapshotKey())) {
            // The old snapshot may have lost its last root.
            transaction.deletedRecord();
        }
        // containerd answers with the container as the update made it, whose extensions are those it wrote.
        return new Container(updated.id(), updated.labels(), updated.image(), updated.runtimeName(),
                updated.runtimeOptions(), spec, updated.snapshotter(), updated.snapshotKey(), updated.sandbox(),
                updated.extensions(), current.createdAt(), Nanos.toInstant(now));
    }

    @Override
    public void delete(String namespace, String id) {
        SqlConnection connection = transaction.writing("deleting container " + id + " from namespace " + namespace);
        if (!exists(connection, namespace, id)) {
            throw BerthException.notFound("container %s: not found", id);
        }
        // Its labels and extensions go with it (ON DELETE CASCADE).
        Sql.update(connection, "DELETE FROM containers WHERE namespace = ? AND id = ?", namespace, id);
        transaction.deletedRecord();
    }

    private static boolean exists(SqlConnection connection, String namespace, String id) {
        return Sql.any(connection, "SELECT 1 FROM containers WHERE namespace = ? AND id = ?", namespace, id);
    }

    private static String typeOf(TypedValue value) {
        return value == null ? null : value.typeUrl();
    }

    private static byte[] valueOf(TypedValue value) {
        return value == null ? null : value.value();
    }

    /**
     * Writes the container's labels, which must have none stored yet, and its extensions over those stored: as in
     * containerd, an extension once written stays until the container goes.
     */
    private static void writeMaps(SqlConnection connection, String namespace, Container container) {
        container.labels().forEach((key, value) -> {
            // An empty value stands for no label, as in containerd.
            if (!value.isEmpty()) {
                Sql.update(connection, "INSERT INTO container_labels (namespace, container, key, value) "
                        + "VALUES (?, ?, ?, ?)", namespace, container.id(), key, value);
            }
        });
        container.extensions().forEach((name, value) -> Sql.update(connection,
                "INSERT INTO container_extensions (namespace, container, name, type_url, value) "
                        + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (namespace, container, name) "
                        + "DO UPDATE SET type_url = excluded.type_url, value = excluded.value",
                namespace, container.id(), name, value.typeUrl(), value.value()));
    }

    private static Optional<Container> one(SqlConnection connection, String namespace, String id) {
        return select(connection, namespace, id).stream().findFirst();
    }

    /** The namespace's containers, or only the one of that id when {@code id} is not null. */
    private static List<Container> select(SqlConnection connection, String namespace, String id) {
        String ofContainers = id == null ? "namespace = ?" : "namespace = ? AND id = ?";
        String ofEntries = id == null ? "namespace = ?" : "namespace = ? AND container = ?";
        List<Object> parameters = id == null ? List.of(namespace) : List.of(namespace, id);
        Map<String, Map<String, String>> labels = new HashMap<>();
        Sql.query(connection, "SELECT container, key, value FROM container_labels WHERE " + ofEntries, parameters,
                row -> labels.computeIfAbsent(row.getString(1), c -> new TreeMap<>())
                        .put(row.getString(2), row.getString(3)));
        Map<String, Map<String, TypedValue>> extensions = new HashMap<>();
        Sql.query(connection, "SELECT container, name, type_url, value FROM container_extensions WHERE "
                + ofEntries, parameters, row -> extensions.computeIfAbsent(row.getString(1), c -> new TreeMap<>())
                .put(row.getString(2), new TypedValue(row.getString(3), row.getBytes(4))));
        List<Container> containers = new ArrayList<>();
        Sql.query(connection, "SELECT " + COLUMNS + " FROM containers WHERE " + ofContainers + " ORDER BY id",
                parameters, row -> {
                    String container = row.getString(1);
                    containers.add(new Container(container, labels.get(container), row.getString(2),
                            row.getString(3), typed(row.getString(4), row.getBytes(5)),
                            typed(row.getString(6), row.getBytes(7)), row.getString(8), row.getString(9),
                            row.getString(10), extensions.get(container), Nanos.toInstant(row.getLong(11)),
                            Nanos.toInstant(row.getLong(12))));
                });
        return containers;
    }

    private static TypedValue typed(String typeUrl, byte[] value) {
        return typeUrl == null ? null : new TypedValue(typeUrl, value);
    }
}

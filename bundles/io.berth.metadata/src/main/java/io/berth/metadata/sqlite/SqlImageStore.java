package io.berth.metadata.sqlite;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.berth.api.content.Descriptor;
import io.berth.api.content.Digest;
import io.berth.api.errors.BerthException;
import io.berth.api.metadata.Image;
import io.berth.api.metadata.ImageStore;

/** Images in the {@code images}, {@code image_labels} and {@code image_target_annotations} tables. */
final class SqlImageStore implements ImageStore {
    private static final String COLUMNS = "name, target_media_type, target_digest, target_size, created, updated";

    private final SqlTransaction transaction;

    SqlImageStore(SqlTransaction transaction) {
        this.transaction = transaction;
    }

    @Override
    public Image create(String namespace, Image image) {
        SqlConnection connection = transaction.writing("creating image " + image.name() + " in namespace " + namespace);
        ImageRules.validate(image);
        if (exists(connection, namespace, image.name())) {
            throw BerthException.alreadyExists("image \"%s\": already exists", image.name());
        }
        Sql.update(connection, "INSERT INTO namespaces (name) VALUES (?) ON CONFLICT (name) DO NOTHING", namespace);
        long now = Nanos.of(Instant.now());
        Descriptor target = image.target();
        Sql.update(connection, "INSERT INTO images (namespace, " + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)",
                namespace, image.name(), target.mediaType(), target.digest().toString(), target.size(), now, now);
        writeMaps(connection, namespace, image);
        return get(namespace, image.name());
    }

    @Override
    public Image get(String namespace, String name) {
        List<Image> found = select(transaction.reading(), namespace, name);
        if (found.isEmpty()) {
            throw BerthException.notFound("image \"%s\": not found", name);
        }
        return found.getFirst();
    }

    @Override
    public List<Image> list(String namespace) {
        return select(transaction.reading(), namespace, null);
    }

    @Override
    public Image update(String namespace, Image image, List<String> fieldPaths) {
        if (image.name().isEmpty()) {
            throw BerthException.invalidArgument("image name is required for update");
        }
        SqlConnection connection = transaction.writing("updating image " + image.name() + " in namespace " + namespace);
        Image updated = ImageRules.apply(get(namespace, image.name()), image, fieldPaths);
        ImageRules.validate(updated);
        Descriptor target = updated.target();
        Sql.update(connection, "UPDATE images SET target_media_type = ?, target_digest = ?, target_size = ?, "
                + "updated = ? WHERE namespace = ? AND name = ?", target.mediaType(), target.digest().toString(),
                target.size(), Nanos.of(Instant.now()), namespace, updated.name());
        Sql.update(connection, "DELETE FROM image_labels WHERE namespace = ? AND image = ?", namespace, updated.name());
        Sql.update(connection, "DELETE FROM image_target_annotations WHERE namespace = ? AND image = ?",
                namespace, updated.name());
        writeMaps(connection, namespace, updated);
        return get(namespace, updated.name());
    }

    @Override
    public void delete(String namespace, String name) {
        SqlConnection connection = transaction.writing("deleting image " + name + " from namespace " + namespace);
        if (!exists(connection, namespace, name)) {
            throw BerthException.notFound("image \"%s\": not found", name);
        }
        // Its labels and annotations go with it (ON DELETE CASCADE).
        Sql.update(connection, "DELETE FROM images WHERE namespace = ? AND name = ?", namespace, name);
        transaction.deletedRecord();
    }

    private static boolean exists(SqlConnection connection, String namespace, String name) {
        return Sql.any(connection, "SELECT 1 FROM images WHERE namespace = ? AND name = ?", namespace, name);
    }

    /** Writes the image's labels and target annotations, which must have none stored yet. */
    private static void writeMaps(SqlConnection connection, String namespace, Image image) {
        image.labels().forEach((key, value) -> insertEntry(connection, "image_labels", namespace, image.name(),
                key, value));
        image.target().annotations().forEach((key, value) -> insertEntry(connection, "image_target_annotations",
                namespace, image.name(), key, value));
    }

    private static void insertEntry(SqlConnection connection, String table, String namespace, String image,
                                    String key, String value) {
        // An empty value stands for no entry, as in containerd.
        if (!value.isEmpty()) {
            Sql.update(connection, "INSERT INTO " + table + " (namespace, image, key, value) VALUES (?, ?, ?, ?)",
                    namespace, image, key, value);
        }
    }

    /** The namespace's images, or only the one named when {@code name} is not null. */
    private static List<Image> select(SqlConnection connection, String namespace, String name) {
        String ofImages = name == null ? "namespace = ?" : "namespace = ? AND name = ?";
        String ofEntries = name == null ? "namespace = ?" : "namespace = ? AND image = ?";
        List<Object> parameters = name == null ? List.of(namespace) : List.of(namespace, name);
        Map<String, Map<String, String>> labels = entries(connection, "image_labels", ofEntries, parameters);
        Map<String, Map<String, String>> annotations =
                entries(connection, "image_target_annotations", ofEntries, parameters);
        List<Image> images = new ArrayList<>();
        Sql.query(connection, "SELECT " + COLUMNS + " FROM images WHERE " + ofImages + " ORDER BY name", parameters,
                row -> {
                    String image = row.getString(1);
                    Descriptor target = new Descriptor(row.getString(2), Digest.parse(row.getString(3)),
                            row.getLong(4), annotations.get(image));
                    images.add(new Image(image, target, labels.get(image), Nanos.toInstant(row.getLong(5)),
                            Nanos.toInstant(row.getLong(6))));
                });
        return images;
    }

    private static Map<String, Map<String, String>> entries(SqlConnection connection, String table, String where,
                                                           List<Object> parameters) {
        Map<String, Map<String, String>> byImage = new HashMap<>();
        Sql.query(connection, "SELECT image, key, value FROM " + table + " WHERE " + where, parameters,
                row -> byImage.computeIfAbsent(row.getString(1), i -> new TreeMap<>())
                        .put(row.getString(2), row.getString(3)));
        return byImage;
    }
}

package io.berth.metadata.sqlite;

import java.util.List;

/**
 * The first schema: containerd's metadata as tables. Every record belongs to a namespace; content and
 * snapshots are per-namespace references to what the content store and snapshotters hold once for all.
 * Times are nanoseconds since the epoch. STRICT tables refuse values of the wrong type.
 */
final class SchemaV1 {
    static final List<String> STATEMENTS = List.of(
            """
            CREATE TABLE namespaces (
                name TEXT PRIMARY KEY
            ) STRICT""",
            labels("namespace_labels", "namespace TEXT NOT NULL REFERENCES namespaces (name) ON DELETE CASCADE",
                    "namespace"),

            // Images and containers keep their namespace from being deleted (no cascade).
            """
            CREATE TABLE images (
                namespace TEXT NOT NULL REFERENCES namespaces (name),
                name TEXT NOT NULL,
                target_media_type TEXT NOT NULL,
                target_digest TEXT NOT NULL,
                target_size INTEGER NOT NULL,
                created INTEGER NOT NULL,
                updated INTEGER NOT NULL,
                PRIMARY KEY (namespace, name)
            ) STRICT""",
            "CREATE INDEX images_by_target ON images (target_digest)",
            labels("image_labels", "image TEXT NOT NULL", "namespace, image",
                    "FOREIGN KEY (namespace, image) REFERENCES images (namespace, name) ON DELETE CASCADE"),
            labels("image_target_annotations", "image TEXT NOT NULL", "namespace, image",
                    "FOREIGN KEY (namespace, image) REFERENCES images (namespace, name) ON DELETE CASCADE"),

            """
            CREATE TABLE containers (
                namespace TEXT NOT NULL REFERENCES namespaces (name),
                id TEXT NOT NULL,
                image TEXT NOT NULL DEFAULT '',
                runtime_name TEXT NOT NULL,
                runtime_options_type TEXT,
                runtime_options BLOB,
                spec_type TEXT,
                spec BLOB,
                snapshotter TEXT NOT NULL DEFAULT '',
                snapshot_key TEXT NOT NULL DEFAULT '',
                sandbox TEXT NOT NULL DEFAULT '',
                created INTEGER NOT NULL,
                updated INTEGER NOT NULL,
                PRIMARY KEY (namespace, id)
            ) STRICT""",
            labels("container_labels", "container TEXT NOT NULL", "namespace, container",
                    "FOREIGN KEY (namespace, container) REFERENCES containers (namespace, id) ON DELETE CASCADE"),
            """
            CREATE TABLE container_extensions (
                namespace TEXT NOT NULL,
                container TEXT NOT NULL,
                name TEXT NOT NULL,
                type_url TEXT NOT NULL,
                value BLOB NOT NULL,
                PRIMARY KEY (namespace, container, name),
                FOREIGN KEY (namespace, container) REFERENCES containers (namespace, id) ON DELETE CASCADE
            ) STRICT""",

            // Leases go with their namespace, as in containerd.
            """
            CREATE TABLE leases (
                namespace TEXT NOT NULL REFERENCES namespaces (name) ON DELETE CASCADE,
                id TEXT NOT NULL,
                created INTEGER NOT NULL,
                PRIMARY KEY (namespace, id)
            ) STRICT""",
            labels("lease_labels", "lease TEXT NOT NULL", "namespace, lease",
                    "FOREIGN KEY (namespace, lease) REFERENCES leases (namespace, id) ON DELETE CASCADE"),
            // type is containerd's resource type: content, snapshots/<snapshotter>, ingests, images, ...
            """
            CREATE TABLE lease_resources (
                namespace TEXT NOT NULL,
                lease TEXT NOT NULL,
                type TEXT NOT NULL,
                id TEXT NOT NULL,
                PRIMARY KEY (namespace, lease, type, id),
                FOREIGN KEY (namespace, lease) REFERENCES leases (namespace, id) ON DELETE CASCADE
            ) STRICT""",
            "CREATE INDEX lease_resources_by_resource ON lease_resources (type, id)",

            // A blob is on disk once; each namespace that uses it holds a reference with its own labels.
            """
            CREATE TABLE content (
                namespace TEXT NOT NULL REFERENCES namespaces (name),
                digest TEXT NOT NULL,
                size INTEGER NOT NULL,
                created INTEGER NOT NULL,
                updated INTEGER NOT NULL,
                PRIMARY KEY (namespace, digest)
            ) STRICT""",
            "CREATE INDEX content_by_digest ON content (digest)",
            labels("content_labels", "digest TEXT NOT NULL", "namespace, digest",
                    "FOREIGN KEY (namespace, digest) REFERENCES content (namespace, digest) ON DELETE CASCADE"),

            // A snapshot's name is the client's; key is the snapshotter's own, unique per snapshotter.
            """
            CREATE TABLE snapshots (
                namespace TEXT NOT NULL REFERENCES namespaces (name),
                snapshotter TEXT NOT NULL,
                name TEXT NOT NULL,
                key TEXT NOT NULL,
                parent TEXT NOT NULL DEFAULT '',
                created INTEGER NOT NULL,
                updated INTEGER NOT NULL,
                PRIMARY KEY (namespace, snapshotter, name),
                UNIQUE (snapshotter, key)
            ) STRICT""",
            labels("snapshot_labels", "snapshotter TEXT NOT NULL, snapshot TEXT NOT NULL",
                    "namespace, snapshotter, snapshot",
                    "FOREIGN KEY (namespace, snapshotter, snapshot) REFERENCES snapshots (namespace, snapshotter, name) "
                            + "ON DELETE CASCADE"));

    private SchemaV1() {
    }

    /** A key/value table of one kind of record: its owner columns, then key and value. */
    private static String labels(String table, String ownerColumns, String owner, String... constraints) {
        StringBuilder sql = new StringBuilder("CREATE TABLE ").append(table).append(" (\n");
        if (!ownerColumns.startsWith("namespace ")) {
            sql.append("    namespace TEXT NOT NULL,\n");
        }
        sql.append("    ").append(ownerColumns).append(",\n")
                .append("    key TEXT NOT NULL,\n")
                .append("    value TEXT NOT NULL,\n")
                .append("    PRIMARY KEY (").append(owner).append(", key)");
        for (String constraint : constraints) {
            sql.append(",\n    ").append(constraint);
        }
        return sql.append("\n) STRICT").toString();
    }
}

package io.berth.metadata.sqlite;

import java.util.ArrayList;
import java.util.List;

/**
 * What keeps a namespace from being deleted, named by kind as containerd names it. Leases do not:
 * they go with the namespace.
 */
final class NamespaceContents {
    private NamespaceContents() {
    }

    static List<String> remaining(SqlConnection connection, String namespace) {
        List<String> left = new ArrayList<>();
        if (Sql.any(connection, "SELECT 1 FROM images WHERE namespace = ? LIMIT 1", namespace)) {
            left.add("images");
        }
        if (Sql.any(connection, "SELECT 1 FROM content WHERE namespace = ? LIMIT 1", namespace)) {
            left.add("blobs");
        }
        if (Sql.any(connection, "SELECT 1 FROM containers WHERE namespace = ? LIMIT 1", namespace)) {
            left.add("containers");
        }
        Sql.query(connection, "SELECT DISTINCT snapshotter FROM snapshots WHERE namespace = ? ORDER BY snapshotter",
                List.of(namespace), row -> left.add("snapshots on \"" + row.getString(1) + "\" snapshotter"));
        return left;
    }
}

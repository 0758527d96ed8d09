package io.berth.metadata.sqlite;

import java.util.List;

/**
 * Snapshotters' own records: each snapshotter keeps its snapshots' kinds, parent chains, labels and storage ids
 * here instead of in a database of its own. Parents and labels refer to the id, which a commit keeps while the
 * key changes to the committed name. A parent with children cannot be deleted (no cascade).
 */
final class SchemaV2 {
    static final List<String> STATEMENTS = List.of(
            """
            CREATE TABLE snapshotter_sequences (
                snapshotter TEXT PRIMARY KEY,
                last_id INTEGER NOT NULL
            ) STRICT""",
            """
            CREATE TABLE snapshotter_snapshots (
                snapshotter TEXT NOT NULL,
                id INTEGER NOT NULL,
                key TEXT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('VIEW', 'ACTIVE', 'COMMITTED')),
                parent_id INTEGER,
                created INTEGER NOT NULL,
                updated INTEGER NOT NULL,
                PRIMARY KEY (snapshotter, id),
                UNIQUE (snapshotter, key),
                FOREIGN KEY (snapshotter, parent_id) REFERENCES snapshotter_snapshots (snapshotter, id)
            ) STRICT""",
            "CREATE INDEX snapshotter_snapshots_by_parent ON snapshotter_snapshots (snapshotter, parent_id)",
            """
            CREATE TABLE snapshotter_snapshot_labels (
                snapshotter TEXT NOT NULL,
                id INTEGER NOT NULL,
                key TEXT NOT NULL,
                value TEXT NOT NULL,
                PRIMARY KEY (snapshotter, id, key),
                FOREIGN KEY (snapshotter, id) REFERENCES snapshotter_snapshots (snapshotter, id) ON DELETE CASCADE
            ) STRICT""");

    private SchemaV2() {
    }
}

package io.berth.metadata.sqlite;

import java.util.List;

/**
 * The numbers in the backend keys of namespaces' snapshots ({@code <namespace>/<sequence>/<name>}): one counter
 * per namespace and snapshotter that only grows, so that a key is never made twice, even for a snapshot removed
 * and created again while the snapshotter still holds the old one's storage. It outlives its namespace for the
 * same reason.
 */
final class SchemaV3 {
    static final List<String> STATEMENTS = List.of(
            """
            CREATE TABLE snapshot_sequences (
                namespace TEXT NOT NULL,
                snapshotter TEXT NOT NULL,
                last INTEGER NOT NULL,
                PRIMARY KEY (namespace, snapshotter)
            ) STRICT""");

    private SchemaV3() {
    }
}

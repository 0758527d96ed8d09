package io.berth.metadata.sqlite;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.berth.api.content.Digest;
import io.berth.api.errors.BerthException;
import io.berth.api.metadata.GcLabels;
import io.berth.api.metadata.IngestRefs;
import io.berth.api.metadata.LeaseResource;
import io.berth.api.metadata.Sweep;

/**
 * containerd's mark and sweep over the tables: expired leases go first, then every namespace reference to a
 * blob or a snapshot that no root reaches. References are per namespace: a label in one namespace keeps blobs
 * and snapshots of that namespace only.
 */
final class SqlSweep {
    /** What garbage collection marks: a namespace's reference to a blob or its name for a snapshot. */
    private sealed interface Node permits Blob, Snapshot {
        String namespace();
    }

    private record Blob(String namespace, String digest) implements Node {
    }

    private record Snapshot(String namespace, String snapshotter, String name) implements Node {
    }

    private record LeaseKey(String namespace, String id) {
    }

    private static final String REFERENCE_LABELS = "containerd.io/gc.ref.*";
    private static final String LEASED_SNAPSHOTS = LeaseResource.SNAPSHOTS + "/";

    private final SqlConnection connection;
    private final Map<Node, List<Node>> labelReferences = new HashMap<>();
    private final Map<Snapshot, Snapshot> parents = new HashMap<>();
    /** What stays. */
    private final Set<Node> marked = new HashSet<>();
    /** What stays with all it references: a flat lease keeps records without what they reference. */
    private final Set<Node> followed = new HashSet<>();
    private final Deque<Node> toVisit = new ArrayDeque<>();

    private SqlSweep(SqlConnection connection) {
        this.connection = connection;
    }

    static Sweep run(SqlConnection connection, Instant now) {
        return new SqlSweep(connection).run(now);
    }

    private Sweep run(Instant now) {
        int removedLeases = removeExpiredLeases(now);
        loadReferences();
        Set<String> leasedIngests = markLeased();
        markImagesAndContainers();
        markLabelledRoots();
        while (!toVisit.isEmpty()) {
            Node node = toVisit.pop();
            labelReferences.getOrDefault(node, List.of()).forEach(this::mark);
            if (node instanceof Snapshot snapshot && parents.containsKey(snapshot)) {
                mark(parents.get(snapshot));
            }
        }
        int removedReferences = removeUnmarkedContent();
        int removedSnapshots = removeUnmarkedSnapshots();
        Set<Digest> referenced = new HashSet<>();
        Sql.query(connection, "SELECT DISTINCT digest FROM content", List.of(),
                row -> referenced.add(Digest.parse(row.getString(1))));
        Map<String, Set<String>> referencedSnapshots = new HashMap<>();
        Sql.query(connection, "SELECT snapshotter, key FROM snapshots", List.of(), row -> referencedSnapshots
                .computeIfAbsent(row.getString(1), s -> new HashSet<>()).add(row.getString(2)));
        return new Sweep(referenced, leasedIngests, removedReferences, removedLeases, referencedSnapshots,
                removedSnapshots);
    }

    private int removeExpiredLeases(Instant now) {
        List<Object[]> expired = new ArrayList<>();
        Sql.query(connection, "SELECT namespace, lease, value FROM lease_labels WHERE key = ?",
                List.of(GcLabels.EXPIRE), row -> {
                    if (expiresBefore(row.getString(3), now)) {
                        expired.add(new Object[] {row.getString(1), row.getString(2)});
                    }
                });
        // Their labels and resources go with them (ON DELETE CASCADE).
        expired.forEach(lease -> Sql.update(connection, "DELETE FROM leases WHERE namespace = ? AND id = ?", lease));
        return expired.size();
    }

    /** A time containerd cannot read never expires, as in containerd. */
    private static boolean expiresBefore(String rfc3339, Instant now) {
        try {
            return OffsetDateTime.parse(rfc3339).toInstant().isBefore(now);
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** What blobs' and snapshots' labels reference, and each snapshot's parent. */
    private void loadReferences() {
        Sql.query(connection, "SELECT namespace, digest, key, value FROM content_labels WHERE key GLOB ?",
                List.of(REFERENCE_LABELS), row -> addReference(new Blob(row.getString(1), row.getString(2)),
                        row.getString(3), row.getString(4)));
        Sql.query(connection, "SELECT namespace, snapshotter, snapshot, key, value FROM snapshot_labels "
                + "WHERE key GLOB ?", List.of(REFERENCE_LABELS), row -> addReference(
                new Snapshot(row.getString(1), row.getString(2), row.getString(3)), row.getString(4),
                row.getString(5)));
        Sql.query(connection, "SELECT namespace, snapshotter, name, parent FROM snapshots WHERE parent != ''",
                List.of(), row -> parents.put(new Snapshot(row.getString(1), row.getString(2), row.getString(3)),
                        new Snapshot(row.getString(1), row.getString(2), row.getString(4))));
    }

    private void addReference(Node from, String key, String value) {
        Node to = referenced(from.namespace(), key, value);
        if (to != null) {
            labelReferences.computeIfAbsent(from, n -> new ArrayList<>()).add(to);
        }
    }

    /** What a label of a namespace's record keeps, or null when the label keeps nothing. */
    private static Node referenced(String namespace, String key, String value) {
        if (GcLabels.isContentReference(key)) {
            return new Blob(namespace, value);
        }
        return GcLabels.snapshotReference(key).<Node>map(snapshotter -> new Snapshot(namespace, snapshotter, value))
                .orElse(null);
    }

    /** Marks what live leases hold; a flat lease keeps only that, not what it references. */
    private Set<String> markLeased() {
        Set<LeaseKey> flatLeases = new HashSet<>();
        Sql.query(connection, "SELECT namespace, lease FROM lease_labels WHERE key = ?", List.of(GcLabels.FLAT),
                row -> flatLeases.add(new LeaseKey(row.getString(1), row.getString(2))));
        Set<String> ingests = new HashSet<>();
        Sql.query(connection, "SELECT namespace, lease, type, id FROM lease_resources WHERE type IN (?, ?) "
                + "OR type GLOB ?", List.of(LeaseResource.CONTENT, LeaseResource.INGESTS, LEASED_SNAPSHOTS + "*"),
                row -> {
                    String namespace = row.getString(1);
                    String type = row.getString(3);
                    String id = row.getString(4);
                    boolean flat = flatLeases.contains(new LeaseKey(namespace, row.getString(2)));
                    if (type.equals(LeaseResource.INGESTS)) {
                        ingests.add(IngestRefs.toStore(namespace, id));
                    } else if (type.equals(LeaseResource.CONTENT)) {
                        hold(new Blob(namespace, id), flat);
                    } else {
                        hold(new Snapshot(namespace, type.substring(LEASED_SNAPSHOTS.length()), id), flat);
                    }
                });
        return ingests;
    }

    /** Keeps what a lease holds: a flat lease keeps a snapshot's parents, but nothing its labels reference. */
    private void hold(Node node, boolean flat) {
        if (!flat) {
            mark(node);
            return;
        }
        for (Node kept = node; kept != null && marked.add(kept); ) {
            kept = kept instanceof Snapshot snapshot ? parents.get(snapshot) : null;
        }
    }

    private void markImagesAndContainers() {
        Sql.query(connection, "SELECT namespace, target_digest FROM images", List.of(),
                row -> mark(new Blob(row.getString(1), row.getString(2))));
        Sql.query(connection, "SELECT namespace, snapshotter, snapshot_key FROM containers "
                + "WHERE snapshotter != '' AND snapshot_key != ''", List.of(),
                row -> mark(new Snapshot(row.getString(1), row.getString(2), row.getString(3))));
        markLabelReferences("image_labels");
        markLabelReferences("container_labels");
    }

    private void markLabelReferences(String table) {
        Sql.query(connection, "SELECT namespace, key, value FROM " + table + " WHERE key GLOB ?",
                List.of(REFERENCE_LABELS), row -> {
                    Node node = referenced(row.getString(1), row.getString(2), row.getString(3));
                    if (node != null) {
                        mark(node);
                    }
                });
    }

    private void markLabelledRoots() {
        Sql.query(connection, "SELECT namespace, digest FROM content_labels WHERE key = ?", List.of(GcLabels.ROOT),
                row -> mark(new Blob(row.getString(1), row.getString(2))));
        Sql.query(connection, "SELECT namespace, snapshotter, snapshot FROM snapshot_labels WHERE key = ?",
                List.of(GcLabels.ROOT), row -> mark(new Snapshot(row.getString(1), row.getString(2),
                        row.getString(3))));
    }

    /** A label value that is not a digest marks no blob, as in containerd. */
    private void mark(Node node) {
        if (node instanceof Blob blob && !isDigest(blob.digest())) {
            return;
        }
        marked.add(node);
        if (followed.add(node)) {
            toVisit.push(node);
        }
    }

    private static boolean isDigest(String digest) {
        try {
            Digest.parse(digest);
            return true;
        } catch (BerthException e) {
            return false;
        }
    }

    private int removeUnmarkedContent() {
        List<Blob> unmarked = new ArrayList<>();
        Sql.query(connection, "SELECT namespace, digest FROM content", List.of(), row -> {
            Blob blob = new Blob(row.getString(1), row.getString(2));
            if (!marked.contains(blob)) {
                unmarked.add(blob);
            }
        });
        // Their labels go with them (ON DELETE CASCADE).
        unmarked.forEach(blob -> Sql.update(connection, "DELETE FROM content WHERE namespace = ? AND digest = ?",
                blob.namespace(), blob.digest()));
        return unmarked.size();
    }

    /** Removes the snapshots no root reaches, children before parents; a marked one keeps its parents marked. */
    private int removeUnmarkedSnapshots() {
        List<Snapshot> unmarked = new ArrayList<>();
        Sql.query(connection, "SELECT namespace, snapshotter, name FROM snapshots", List.of(), row -> {
            Snapshot snapshot = new Snapshot(row.getString(1), row.getString(2), row.getString(3));
            if (!marked.contains(snapshot)) {
                unmarked.add(snapshot);
            }
        });
        unmarked.sort(Comparator.comparingInt(this::depth).reversed());
        // Their labels go with them (ON DELETE CASCADE).
        unmarked.forEach(snapshot -> Sql.update(connection,
                "DELETE FROM snapshots WHERE namespace = ? AND snapshotter = ? AND name = ?",
                snapshot.namespace(), snapshot.snapshotter(), snapshot.name()));
        return unmarked.size();
    }

    private int depth(Snapshot snapshot) {
        int depth = 0;
        for (Snapshot parent = parents.get(snapshot); parent != null; parent = parents.get(parent)) {
            depth++;
        }
        return depth;
    }
}

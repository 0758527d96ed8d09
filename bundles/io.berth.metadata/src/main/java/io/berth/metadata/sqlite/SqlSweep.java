package io.berth.metadata.sqlite;

import java.sql.Connection;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
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
 * blob that no root reaches. References are per namespace: a label in one namespace keeps blobs of that
 * namespace only.
 */
final class SqlSweep {
    /** A namespace's reference to a blob: the node garbage collection marks. */
    private record Blob(String namespace, String digest) {
    }

    private record LeaseKey(String namespace, String id) {
    }

    private final Connection connection;
    private final Map<Blob, List<String>> contentReferences = new HashMap<>();
    private final Set<Blob> marked = new HashSet<>();
    private final Deque<Blob> toVisit = new ArrayDeque<>();

    private SqlSweep(Connection connection) {
        this.connection = connection;
    }

    static Sweep run(Connection connection, Instant now) {
        return new SqlSweep(connection).run(now);
    }

    private Sweep run(Instant now) {
        int removedLeases = removeExpiredLeases(now);
        loadContentReferences();
        Set<String> leasedIngests = markLeased();
        markImagesAndContainers();
        markLabelledRoots();
        while (!toVisit.isEmpty()) {
            Blob blob = toVisit.pop();
            contentReferences.getOrDefault(blob, List.of()).forEach(digest -> mark(blob.namespace(), digest));
        }
        int removedReferences = removeUnmarkedContent();
        Set<Digest> referenced = new HashSet<>();
        Sql.query(connection, "SELECT DISTINCT digest FROM content", List.of(),
                row -> referenced.add(Digest.parse(row.getString(1))));
        return new Sweep(referenced, leasedIngests, removedReferences, removedLeases);
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

    private void loadContentReferences() {
        Sql.query(connection, "SELECT namespace, digest, key, value FROM content_labels WHERE key GLOB ?",
                List.of(GcLabels.REF_CONTENT + "*"), row -> {
                    if (GcLabels.isContentReference(row.getString(3))) {
                        contentReferences.computeIfAbsent(new Blob(row.getString(1), row.getString(2)),
                                b -> new ArrayList<>()).add(row.getString(4));
                    }
                });
    }

    /** Marks what live leases hold; a flat lease keeps only that, not what it references. */
    private Set<String> markLeased() {
        Set<LeaseKey> flatLeases = new HashSet<>();
        Sql.query(connection, "SELECT namespace, lease FROM lease_labels WHERE key = ?", List.of(GcLabels.FLAT),
                row -> flatLeases.add(new LeaseKey(row.getString(1), row.getString(2))));
        Set<String> ingests = new HashSet<>();
        Sql.query(connection, "SELECT namespace, lease, type, id FROM lease_resources WHERE type IN (?, ?)",
                List.of(LeaseResource.CONTENT, LeaseResource.INGESTS), row -> {
                    String namespace = row.getString(1);
                    String id = row.getString(4);
                    if (row.getString(3).equals(LeaseResource.INGESTS)) {
                        ingests.add(IngestRefs.toStore(namespace, id));
                    } else if (flatLeases.contains(new LeaseKey(namespace, row.getString(2)))) {
                        marked.add(new Blob(namespace, id));
                    } else {
                        mark(namespace, id);
                    }
                });
        return ingests;
    }

    private void markImagesAndContainers() {
        Sql.query(connection, "SELECT namespace, target_digest FROM images", List.of(),
                row -> mark(row.getString(1), row.getString(2)));
        markLabelReferences("image_labels");
        markLabelReferences("container_labels");
    }

    private void markLabelReferences(String table) {
        Sql.query(connection, "SELECT namespace, key, value FROM " + table + " WHERE key GLOB ?",
                List.of(GcLabels.REF_CONTENT + "*"), row -> {
                    if (GcLabels.isContentReference(row.getString(2))) {
                        mark(row.getString(1), row.getString(3));
                    }
                });
    }

    private void markLabelledRoots() {
        Sql.query(connection, "SELECT namespace, digest FROM content_labels WHERE key = ?", List.of(GcLabels.ROOT),
                row -> mark(row.getString(1), row.getString(2)));
    }

    /** A label value that is not a digest marks nothing, as in containerd. */
    private void mark(String namespace, String digest) {
        try {
            Digest.parse(digest);
        } catch (BerthException e) {
            return;
        }
        Blob blob = new Blob(namespace, digest);
        if (marked.add(blob)) {
            toVisit.push(blob);
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
}

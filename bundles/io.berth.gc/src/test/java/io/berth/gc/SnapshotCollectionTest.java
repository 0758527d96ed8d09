package io.berth.gc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.berth.api.gc.Collected;
import io.berth.api.metadata.GcLabels;
import io.berth.api.metadata.MetadataStore;
import io.berth.api.metadata.Transaction;
import io.berth.api.snapshots.Snapshotter;
import io.berth.content.local.LocalContentStore;
import io.berth.metadata.sqlite.SqliteDatabase;
import io.berth.snapshots.nativefs.NativeSnapshotter;

/** Collections of the real native snapshotter's snapshots, on the real metadata database. */
class SnapshotCollectionTest {
    private static final String NATIVE = "native";

    @TempDir
    Path dir;

    private SqliteDatabase metadata;
    private LocalContentStore content;
    private NativeSnapshotter snapshotter;

    @BeforeEach
    void open() throws IOException {
        metadata = SqliteDatabase.open(dir.resolve("meta.db"), Duration.ofSeconds(5));
        content = new LocalContentStore(dir.resolve("content"));
        snapshotter = new NativeSnapshotter(metadata, dir.resolve(NATIVE));
    }

    @AfterEach
    void close() {
        metadata.close();
    }

    private Collected collect(MetadataStore store) {
        return new Collector(store, content, () -> Map.of(NATIVE, snapshotter), Duration.ofHours(1))
                .collect(Instant.now());
    }

    /** A namespace's committed snapshot, named first and then created, as the snapshots service does. */
    private void committed(String namespace, String name, String parent, Map<String, String> labels) {
        String key = namespace + "/" + name;
        String parentKey = parent.isEmpty() ? "" : namespace + "/" + parent;
        metadata.write(tx -> tx.snapshots().create(namespace, NATIVE, name, key, parent, labels));
        snapshotter.prepare(key + "-active", parentKey, Map.of());
        snapshotter.commit(key, key + "-active", Map.of());
    }

    private Set<String> backendKeys() {
        Set<String> keys = new TreeSet<>();
        snapshotter.walk(info -> true, info -> keys.add(info.name()));
        return keys;
    }

    private long trees() throws IOException {
        try (Stream<Path> trees = Files.list(dir.resolve(NATIVE).resolve("snapshots"))) {
            return trees.count();
        }
    }

    @Test
    void snapshotsNoNamespaceNamesGoChildrenFirstAndTheirTreesWithThem() throws IOException {
        committed("a", "base", "", Map.of());
        committed("a", "top", "base", Map.of(GcLabels.ROOT, "1"));
        committed("a", "loose", "", Map.of());
        // Storage whose names are gone: a namespace removed them, leaving them to garbage collection.
        snapshotter.prepare("gone/1/parent-active", "", Map.of());
        snapshotter.commit("gone/1/parent", "gone/1/parent-active", Map.of());
        snapshotter.prepare("gone/2/child", "gone/1/parent", Map.of());

        Collected collected = collect(metadata);

        assertEquals(Set.of("a/base", "a/top"), backendKeys());
        assertEquals(2, trees());
        assertEquals(1, collected.snapshotReferences());
        assertEquals(3, collected.snapshots());
        assertEquals(List.of("base", "top"), metadata.read(tx -> tx.snapshots().list("a", NATIVE)).stream()
                .map(reference -> reference.name()).toList());
    }

    @Test
    void aSnapshotCreatedAfterTheSweepIsLeftForTheNextCollection() throws IOException {
        snapshotter.prepare("old/1/unnamed", "", Map.of());
        // Another thread's prepare, between the end of the collection's transaction and its removals.
        MetadataStore interleaved = new MetadataStore() {
            @Override
            public <T> T read(Function<Transaction, T> work) {
                return metadata.read(work);
            }

            @Override
            public <T> T write(Function<Transaction, T> work) {
                T result = metadata.write(work);
                snapshotter.prepare("new/1/unnamed-yet", "", Map.of());
                return result;
            }
        };

        assertEquals(1, collect(interleaved).snapshots());
        assertEquals(Set.of("new/1/unnamed-yet"), backendKeys());
        assertEquals(1, trees());

        assertEquals(1, collect(metadata).snapshots());
        assertEquals(Set.of(), backendKeys());
        assertEquals(0, trees());
    }

    @Test
    void aCollectionWithoutSnapshottersLeavesNamespacesSnapshotsToTheSweepOnly() {
        committed("a", "kept", "", Map.of());
        Collected collected = new Collector(metadata, content, Duration.ofHours(1)).collect(Instant.now());
        assertEquals(1, collected.snapshotReferences());
        assertEquals(0, collected.snapshots());
        assertEquals(Set.of("a/kept"), backendKeys());
    }
}

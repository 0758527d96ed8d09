package io.berth.metadata.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.api.metadata.SnapshotReference;
import io.berth.api.metadata.SnapshotStore;

class SqlSnapshotStoreTest {
    private static final String NATIVE = "native";

    @TempDir
    Path dir;

    private SqliteDatabase db;

    @BeforeEach
    void open() {
        db = SqliteDatabase.open(dir.resolve("meta.db"), Duration.ofSeconds(5));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static void refused(ErrorKind kind, Runnable action) {
        assertEquals(kind, assertThrows(BerthException.class, action::run).kind());
    }

    private void write(Consumer<SnapshotStore> work) {
        db.write(tx -> {
            work.accept(tx.snapshots());
            return null;
        });
    }

    private long next(String namespace, String snapshotter) {
        return db.write(tx -> tx.snapshots().nextSequence(namespace, snapshotter));
    }

    private SnapshotReference create(String namespace, String name, String parent, Map<String, String> labels) {
        return db.write(tx -> tx.snapshots().create(namespace, NATIVE, name, namespace + "/x/" + name, parent,
                labels));
    }

    @Test
    void createStoresTheSnapshotWithItsKeyParentLabelsAndTimesInItsNamespace() {
        create("a", "base", "", Map.of());
        SnapshotReference created = create("a", "top", "base", Map.of("k", "v", "gone", ""));
        assertEquals(new SnapshotReference("top", "a/x/top", "base", Map.of("k", "v"), created.createdAt(),
                created.createdAt()), created);
        assertNotNull(created.createdAt());
        assertEquals(created, db.read(tx -> tx.snapshots().get("a", NATIVE, "top")));
        assertEquals("a", db.read(tx -> tx.namespaces().get("a")).name());
        refused(ErrorKind.NOT_FOUND, () -> db.read(tx -> tx.snapshots().get("b", NATIVE, "top")));
        refused(ErrorKind.NOT_FOUND, () -> db.read(tx -> tx.snapshots().get("a", "overlayfs", "top")));
    }

    @Test
    void createRefusesADuplicateAMissingParentEmptyNamesAndOversizedLabels() {
        create("a", "base", "", Map.of());
        refused(ErrorKind.ALREADY_EXISTS, () -> create("a", "base", "", Map.of()));
        refused(ErrorKind.NOT_FOUND, () -> create("a", "top", "nothing", Map.of()));
        refused(ErrorKind.NOT_FOUND, () -> create("b", "top", "base", Map.of()));
        refused(ErrorKind.INVALID_ARGUMENT, () -> create("a", "", "", Map.of()));
        refused(ErrorKind.INVALID_ARGUMENT, () -> write(s -> s.create("a", NATIVE, "top", "", "", Map.of())));
        refused(ErrorKind.INVALID_ARGUMENT, () -> create("a", "big", "", Map.of("k", "v".repeat(5000))));
        // The same name in another namespace or on another snapshotter is another snapshot.
        create("b", "base", "", Map.of());
        write(s -> s.create("a", "overlayfs", "base", "a/y/base", "", Map.of()));
        assertEquals(List.of("base"), db.read(tx -> tx.snapshots().list("a", NATIVE)).stream()
                .map(SnapshotReference::name).toList());
        assertEquals(List.of("a/x/base", "b/x/base"), db.read(tx -> tx.snapshots().backendKeys(NATIVE)));
    }

    @Test
    void updateLabelsFollowsContainerdsFieldPaths() {
        create("a", "s", "", Map.of("one", "1", "two", "2"));
        SnapshotReference updated = db.write(tx -> tx.snapshots().updateLabels("a", NATIVE, "s",
                Map.of("one", "uno", "three", "3"), List.of("labels.one", "labels.two")));
        assertEquals(Map.of("one", "uno"), updated.labels());
        assertTrue(!updated.updatedAt().isBefore(updated.createdAt()));
        assertEquals(Map.of("three", "3"), db.write(tx -> tx.snapshots().updateLabels("a", NATIVE, "s",
                Map.of("three", "3"), List.of())).labels());
        assertEquals(Map.of("four", "4"), db.write(tx -> tx.snapshots().updateLabels("a", NATIVE, "s",
                Map.of("four", "4"), List.of("labels"))).labels());
        refused(ErrorKind.INVALID_ARGUMENT, () -> write(s -> s.updateLabels("a", NATIVE, "s", Map.of(),
                List.of("parent"))));
        refused(ErrorKind.INVALID_ARGUMENT, () -> write(s -> s.updateLabels("a", NATIVE, "s",
                Map.of("k", "v".repeat(5000)), List.of("labels.k"))));
        refused(ErrorKind.NOT_FOUND, () -> write(s -> s.updateLabels("b", NATIVE, "s", Map.of(), List.of())));
        assertEquals(Map.of("four", "4"), db.read(tx -> tx.snapshots().get("a", NATIVE, "s")).labels());
    }

    @Test
    void removeRefusesASnapshotWithChildrenAndTakesItsLabels() {
        create("a", "base", "", Map.of("k", "v"));
        create("a", "top", "base", Map.of());
        refused(ErrorKind.FAILED_PRECONDITION, () -> write(s -> s.remove("a", NATIVE, "base")));
        assertEquals("a/x/top", db.write(tx -> tx.snapshots().remove("a", NATIVE, "top")).backendKey());
        assertEquals(Map.of("k", "v"), db.write(tx -> tx.snapshots().remove("a", NATIVE, "base")).labels());
        refused(ErrorKind.NOT_FOUND, () -> write(s -> s.remove("a", NATIVE, "base")));
        create("a", "base", "", Map.of());
        assertEquals(Map.of(), db.read(tx -> tx.snapshots().get("a", NATIVE, "base")).labels());
    }

    @Test
    void sequencesGrowPerNamespaceAndSnapshotterAndAreRefusedInAReadTransaction() {
        assertEquals(1L, next("a", NATIVE));
        assertEquals(2L, next("a", NATIVE));
        assertEquals(1L, next("b", NATIVE));
        assertEquals(1L, next("a", "overlayfs"));
        refused(ErrorKind.FAILED_PRECONDITION, () -> db.read(tx -> tx.snapshots().nextSequence("a", NATIVE)));
        assertEquals(3L, next("a", NATIVE));
    }
}

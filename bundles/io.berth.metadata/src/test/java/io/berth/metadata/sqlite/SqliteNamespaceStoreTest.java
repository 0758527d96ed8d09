package io.berth.metadata.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;
import io.berth.api.metadata.Namespace;

class SqliteNamespaceStoreTest {
    @TempDir
    Path dir;

    private SqliteDatabase db;
    /** A connection of its own, to put records in tables that have no operations yet. */
    private SqlConnection raw;

    @BeforeEach
    void open() {
        db = SqliteDatabase.open(dir.resolve("meta/meta.db"), Duration.ofSeconds(5));
        raw = new SqlConnection(Connections.writer(dir.resolve("meta/meta.db"), Duration.ofSeconds(5)));
    }

    @AfterEach
    void close() {
        raw.close();
        db.close();
    }

    private Namespace create(String name, Map<String, String> labels) {
        return db.write(tx -> tx.namespaces().create(new Namespace(name, labels)));
    }

    private static BerthException refused(ErrorKind kind, Runnable action) {
        BerthException e = assertThrows(BerthException.class, action::run);
        assertEquals(kind, e.kind(), e.getMessage());
        return e;
    }

    @Test
    void createGetAndListInNameOrder() {
        create("k8s.io", Map.of("a", "1"));
        create("default", Map.of());
        assertEquals(new Namespace("k8s.io", Map.of("a", "1")), db.read(tx -> tx.namespaces().get("k8s.io")));
        assertEquals(List.of("default", "k8s.io"),
                db.read(tx -> tx.namespaces().list()).stream().map(Namespace::name).toList());
    }

    @Test
    void aSecondCreateIsAlreadyExistsAndABadNameInvalid() {
        create("default", Map.of());
        assertEquals("namespace \"default\": already exists",
                refused(ErrorKind.ALREADY_EXISTS, () -> create("default", Map.of())).getMessage());
        refused(ErrorKind.INVALID_ARGUMENT, () -> create("../etc", Map.of()));
    }

    @Test
    void aMissingNamespaceIsNotFound() {
        assertEquals("namespace \"nope\": not found",
                refused(ErrorKind.NOT_FOUND, () -> db.read(tx -> tx.namespaces().get("nope"))).getMessage());
        refused(ErrorKind.NOT_FOUND, () -> db.write(tx -> tx.namespaces().update(new Namespace("nope", Map.of()), List.of())));
        refused(ErrorKind.NOT_FOUND, () -> db.write(tx -> {
            tx.namespaces().delete("nope");
            return null;
        }));
    }

    @Test
    void anUpdateThatNamesALabelMakesAMissingNamespaceAsContainerdsDoes() {
        assertEquals(new Namespace("made", Map.of("a", "1")), db.write(tx -> tx.namespaces()
                .update(new Namespace("made", Map.of("a", "1")), List.of("labels.a"))));
        assertEquals(new Namespace("whole", Map.of("b", "2")), db.write(tx -> tx.namespaces()
                .update(new Namespace("whole", Map.of("b", "2")), List.of())));
        assertEquals(List.of("made", "whole"),
                db.read(tx -> tx.namespaces().list()).stream().map(Namespace::name).toList());
        refused(ErrorKind.INVALID_ARGUMENT, () -> db.write(tx -> tx.namespaces()
                .update(new Namespace("../etc", Map.of("a", "1")), List.of("labels.a"))));
        refused(ErrorKind.INVALID_ARGUMENT, () -> db.write(tx -> tx.namespaces()
                .update(new Namespace("other", Map.of()), List.of("name"))));
        assertEquals(List.of("made", "whole"),
                db.read(tx -> tx.namespaces().list()).stream().map(Namespace::name).toList());
    }

    @Test
    void labelsOverContainerdsSizeLimitAreInvalid() {
        String key = "k".repeat(100);
        BerthException e = refused(ErrorKind.INVALID_ARGUMENT, () -> create("big", Map.of(key, "v".repeat(4000))));
        assertEquals("label key and value length (4100 bytes) greater than maximum size (4096 bytes), key: "
                + "k".repeat(64), e.getMessage());
        create("fits", Map.of(key, "v".repeat(3996)));
    }

    @Test
    void updateWithoutPathsReplacesAllLabels() {
        create("n", Map.of("a", "1", "b", "2"));
        Namespace updated = db.write(tx -> tx.namespaces().update(new Namespace("n", Map.of("c", "3")), List.of()));
        assertEquals(Map.of("c", "3"), updated.labels());
        assertEquals(Map.of("d", "4"), db.write(tx -> tx.namespaces()
                .update(new Namespace("n", Map.of("d", "4")), List.of("labels"))).labels());
    }

    @Test
    void updateOfOneLabelPathSetsOrRemovesOnlyThatLabel() {
        create("n", Map.of("a", "1", "b", "2"));
        Namespace updated = db.write(tx -> tx.namespaces()
                .update(new Namespace("n", Map.of("a", "9", "x", "ignored")), List.of("labels.a", "labels.b")));
        assertEquals(Map.of("a", "9"), updated.labels());
    }

    @Test
    void updateOfAnotherFieldIsInvalidAndChangesNothing() {
        create("n", Map.of("a", "1"));
        BerthException e = refused(ErrorKind.INVALID_ARGUMENT, () -> db.write(tx -> tx.namespaces()
                .update(new Namespace("n", Map.of()), List.of("labels.a", "name"))));
        assertTrue(e.getMessage().contains("cannot update field name of namespace n"), e.getMessage());
        assertEquals(Map.of("a", "1"), db.read(tx -> tx.namespaces().get("n")).labels(), "rolled back");
    }

    @Test
    void deleteRefusesANamespaceThatStillHoldsRecordsAndNamesThem() {
        create("n", Map.of());
        Sql.update(raw, "INSERT INTO images VALUES ('n', 'img', 'm', 'sha256:ab', 1, 0, 0)");
        Sql.update(raw, "INSERT INTO snapshots VALUES ('n', 'overlayfs', 's', 'n/1/s', '', 0, 0)");
        Sql.update(raw, "INSERT INTO leases VALUES ('n', 'l', 0)");
        BerthException e = refused(ErrorKind.FAILED_PRECONDITION, () -> db.write(tx -> {
            tx.namespaces().delete("n");
            return null;
        }));
        assertEquals("namespace \"n\" must be empty, but it still has images, snapshots on \"overlayfs\" snapshotter",
                e.getMessage());

        Sql.update(raw, "DELETE FROM images");
        Sql.update(raw, "DELETE FROM snapshots");
        db.write(tx -> {
            tx.namespaces().delete("n");
            return null;
        });
        assertEquals(List.of(), db.read(tx -> tx.namespaces().list()));
        assertEquals(false, Sql.any(raw, "SELECT 1 FROM leases"), "its leases went with it");
    }

    @Test
    void aReadTransactionRefusesChanges() {
        BerthException e = refused(ErrorKind.FAILED_PRECONDITION,
                () -> db.read(tx -> tx.namespaces().create(new Namespace("n", Map.of()))));
        assertEquals("creating namespace n needs a write transaction, not a read one", e.getMessage());
    }

    @Test
    void aFailedWriteLeavesNothingBehind() {
        assertThrows(IllegalStateException.class, () -> db.write(tx -> {
            tx.namespaces().create(new Namespace("half", Map.of("a", "1")));
            throw new IllegalStateException("boom");
        }));
        assertEquals(List.of(), db.read(tx -> tx.namespaces().list()));
    }

    @Test
    void reopeningKeepsDataAndTheSchemaVersion() {
        create("kept", Map.of("a", "1"));
        db.close();
        db = SqliteDatabase.open(dir.resolve("meta/meta.db"), Duration.ofSeconds(5));
        assertEquals(Map.of("a", "1"), db.read(tx -> tx.namespaces().get("kept")).labels());
        List<Integer> version = new ArrayList<>();
        Sql.query(raw, "SELECT version FROM schema_version", List.of(), row -> version.add(row.getInt(1)));
        assertEquals(List.of(Schema.CURRENT), version);
    }

    @Test
    void aDatabaseFromANewerBerthIsRefused() {
        Sql.update(raw, "UPDATE schema_version SET version = 99");
        db.close();
        BerthException e = assertThrows(BerthException.class,
                () -> SqliteDatabase.open(dir.resolve("meta/meta.db"), Duration.ofSeconds(5)));
        assertEquals(ErrorKind.FAILED_PRECONDITION, e.kind());
        assertTrue(e.getMessage().contains("schema version 99"), e.getMessage());
        db = SqliteDatabase.open(dir.resolve("other.db"), Duration.ofSeconds(5));
    }
}

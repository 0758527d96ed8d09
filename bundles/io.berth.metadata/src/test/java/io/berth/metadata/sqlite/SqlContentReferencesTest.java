package io.berth.metadata.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.berth.api.content.Digest;
import io.berth.api.content.DigestAlgorithm;
import io.berth.api.content.Info;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.ErrorKind;

class SqlContentReferencesTest {
    private static final Digest BLOB = Digest.compute(DigestAlgorithm.SHA256, "blob".getBytes(StandardCharsets.UTF_8));

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

    @Test
    void addCreatesTheNamespaceAndKeepsLabelsPerNamespace() {
        Info added = db.write(tx -> tx.contents().add("a", BLOB, 4, Map.of("k", "v")));
        assertEquals(4, added.size());
        assertEquals(Map.of("k", "v"), added.labels());
        assertEquals("a", db.read(tx -> tx.namespaces().get("a")).name());
        db.write(tx -> tx.contents().add("b", BLOB, 4, Map.of()));
        assertEquals(Map.of(), db.read(tx -> tx.contents().get("b", BLOB)).labels());
        refused(ErrorKind.ALREADY_EXISTS, () -> db.write(tx -> tx.contents().add("a", BLOB, 4, Map.of())));
    }

    @Test
    void updateFollowsTheFieldPaths() {
        db.write(tx -> tx.contents().add("a", BLOB, 4, Map.of("x", "1", "y", "2")));
        Info one = db.write(tx -> tx.contents().update("a", BLOB, Map.of("x", "9"), List.of("labels.x", "labels.y")));
        assertEquals(Map.of("x", "9"), one.labels());
        Info all = db.write(tx -> tx.contents().update("a", BLOB, Map.of("z", "3"), List.of()));
        assertEquals(Map.of("z", "3"), all.labels());
        refused(ErrorKind.INVALID_ARGUMENT,
                () -> db.write(tx -> tx.contents().update("a", BLOB, Map.of(), List.of("size"))));
    }

    @Test
    void removeDropsOnlyThatNamespacesReference() {
        db.write(tx -> tx.contents().add("a", BLOB, 4, Map.of("k", "v")));
        db.write(tx -> tx.contents().add("b", BLOB, 4, Map.of()));
        db.write(tx -> {
            tx.contents().remove("a", BLOB);
            return null;
        });
        assertEquals(List.of(), db.read(tx -> tx.contents().list("a")));
        assertEquals(List.of(BLOB), db.read(tx -> tx.contents().list("b")).stream().map(Info::digest).toList());
        refused(ErrorKind.NOT_FOUND, () -> db.read(tx -> tx.contents().get("a", BLOB)));
        refused(ErrorKind.NOT_FOUND, () -> db.write(tx -> {
            tx.contents().remove("a", BLOB);
            return null;
        }));
    }
}
